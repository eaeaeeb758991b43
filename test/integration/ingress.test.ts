import assert from 'node:assert/strict';
import http from 'node:http';
import { WorkflowNotFoundError } from '@temporalio/client';
import twilio from 'twilio';
import { eventually, startParley, uniqueNumber, type Parley } from '../support/parley';

const sid = () => `SM${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

describe('inbound webhook', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley();
  });
  after(async () => parley?.stop());

  const count = async (requester: string) =>
    Number((await parley.db('messages').where({ requester_number: requester, direction: 'inbound' }).count<{ count: string }[]>('* as count'))[0].count);

  it('stores a retried MessageSid once and acknowledges both deliveries', async () => {
    const requester = uniqueNumber();
    parley.sim.sim.faults.add({ to: parley.companyNumber, duplicateInbound: true });
    try {
      const r = await parley.text(requester, 'hello twice');
      assert.equal(r.webhook.status, 200);
      assert.equal(r.duplicate?.status, 200);
    } finally {
      parley.sim.sim.faults.clear();
    }
    const interaction = await eventually('the interaction', () => parley.interactionFor(requester));
    // The texts only: a "no agents available" answer and notes for agents join the transcript too.
    const messages = await parley.db('messages').where({ interaction_id: interaction.id, direction: 'inbound' });
    assert.equal(messages.length, 1);
    assert.equal(await count(requester), 1);
  });

  it('twenty first messages for one pair at the same moment make one interaction holding all twenty, in arrival order', async () => {
    const requester = uniqueNumber();
    const bodies = Array.from({ length: 20 }, (_, i) => `message ${i + 1}`);
    const results = await Promise.all(bodies.map((b) => parley.text(requester, b)));
    assert.ok(results.every((r) => r.webhook.status === 200));
    await eventually('all twenty taken by the interaction', async () => {
      const n = await parley.db('messages').where({ requester_number: requester, direction: 'inbound' }).whereNotNull('interaction_id').count<{ count: string }[]>('* as count');
      return Number(n[0].count) === 20;
    });
    const interactions = await parley.db('interactions').where({ requester_number: requester });
    assert.equal(interactions.length, 1);
    const transcript = await parley.db('messages').where({ interaction_id: interactions[0].id, direction: 'inbound' }).orderBy('seq');
    const stored = await parley.db('messages').where({ requester_number: requester, direction: 'inbound' }).orderBy('seq').select('body');
    // Arrival order is the order the database committed them; the transcript keeps exactly that order.
    assert.deepEqual(transcript.map((m) => m.body), stored.map((m) => m.body));
    assert.deepEqual([...transcript.map((m) => m.body)].sort(), [...bodies].sort());
  });

  it('refuses a missing or wrong signature with 403 and stores nothing', async () => {
    const requester = uniqueNumber();
    const params = { MessageSid: sid(), AccountSid: 'AC00000000000000000000000000000000', From: requester, To: parley.companyNumber, Body: 'forged', NumMedia: '0' };
    const missing = await parley.sim.sim.sendRawWebhook('/webhooks/twilio/sms', params, { omitSignature: true });
    assert.equal(missing.status, 403);
    assert.match(missing.body ?? '', /X-Twilio-Signature header is missing/);
    const wrong = await parley.sim.sim.sendRawWebhook('/webhooks/twilio/sms', params, { signatureOverride: 'bm90IGEgc2lnbmF0dXJl' });
    assert.equal(wrong.status, 403);
    // Signed with another account's token: also refused.
    const foreign = await fetch(`${parley.url}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature('not-our-token-123', `${parley.config.PUBLIC_BASE_URL}/webhooks/twilio/sms`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    assert.equal(foreign.status, 403);
    assert.equal(await count(requester), 0);
  });

  it('refuses texts to a number that is not ours, with a 404 and nothing stored', async () => {
    const requester = uniqueNumber();
    const r = await parley.sim.sim.sendRawWebhook('/webhooks/twilio/sms', {
      MessageSid: sid(), AccountSid: 'AC00000000000000000000000000000000', From: requester, To: '+15005550999', Body: 'hi', NumMedia: '0',
    });
    assert.equal(r.status, 404);
    assert.match(r.body ?? '', /not one of our company numbers/);
    assert.equal(await count(requester), 0);
  });

  const signedPost = (params: Record<string, string>) => parley.sim.sim.sendRawWebhook('/webhooks/twilio/sms', params);

  for (const [name, params, pattern] of [
    ['no MessageSid', { From: '+15551230000', To: '+15005550006', Body: 'x' }, /missing MessageSid/],
    ['no From', { MessageSid: 'SM0123456789abcdef0123456789abcdef', To: '+15005550006', Body: 'x' }, /missing From/],
    ['a MessageSid that is not Twilio’s', { MessageSid: 'hello', From: '+15551230000', To: '+15005550006', Body: 'x' }, /not a Twilio message id/],
    ['NumMedia out of range', { MessageSid: 'SM0123456789abcdef0123456789abcdef', From: '+15551230000', To: '+15005550006', NumMedia: '99' }, /NumMedia/],
  ] as const) {
    it(`answers 400 with a clear message for ${name}`, async () => {
      const r = await signedPost(params as Record<string, string>);
      assert.equal(r.status, 400);
      const body = JSON.parse(r.body ?? '{}');
      assert.equal(body.error.code, 'invalid_request');
      assert.match(body.error.message, pattern);
      assert.doesNotMatch(r.body ?? '', /at .*\.ts:\d+/); // no stack trace
    });
  }

  describe('hostile values in a signed webhook (fuzzed: NUL answered 500, non-numbers started workflows)', () => {
    const HOSTILE: [string, string][] = [
      ['NUL', 'a\u0000b'],
      ['a lone surrogate', 'x\uD800y'],
      ['an RTL override', '\u202Egnp.exe'],
      ['a 100 KB value', 'x'.repeat(100_000)],
      ['letters', 'abc'],
      ['an international prefix instead of +', '00447700900123'],
      ['SQL', "'; DROP TABLE messages;--"],
      ['a template string', '${process.env.TWILIO_AUTH_TOKEN}{{7*7}}'],
    ];
    // As the api receives it: form encoding turns a lone surrogate into U+FFFD.
    const received = (v: string) => new URLSearchParams(new URLSearchParams({ v }).toString()).get('v')!;
    const workflowStarted = async (to: string, from: string) => {
      try {
        await parley.client.workflow.getHandle(`sms:${received(to)}:${received(from)}`).describe();
        return true;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    };
    for (const field of ['Body', 'From', 'To'] as const) {
      for (const [name, value] of HOSTILE) {
        it(`${field} with ${name}: no 500, and a sender that is not a number stores and starts nothing`, async () => {
          const params = { MessageSid: sid(), AccountSid: 'AC00000000000000000000000000000000', From: uniqueNumber(), To: parley.companyNumber, Body: 'hello', NumMedia: '0', [field]: value };
          const r = await signedPost(params);
          assert.ok(r.status !== null && r.status < 500, `answered ${r.status}: ${r.body}`);
          const stored = await parley.db('messages').where({ provider_sid: params.MessageSid });
          if (value.length > 64_000) {
            assert.equal(r.status, 413); // refused before parsing: nothing can have been stored or started
            assert.equal(stored.length, 0);
            return;
          }
          if (field === 'Body') {
            assert.equal(r.status, 200);
            assert.equal(stored.length, 1);
            // PostgreSQL text cannot hold NUL; Parley stores U+FFFD in its place (docs/decisions.md).
            assert.equal(stored[0].body, value.replaceAll('\u0000', '\uFFFD').replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
          } else {
            assert.equal(r.status, 400);
            assert.match(JSON.parse(r.body ?? '{}').error.message, new RegExp(`\\b${field}\\b`));
          }
          if (field !== 'Body') {
            assert.equal(stored.length, 0);
            assert.equal(await workflowStarted(params.To, params.From), false);
          }
        });
      }
    }
  });

  for (const [field, value] of [['MessageSid', 'SM\u0000'], ['MessageStatus', 'delivered\u0000'], ['ErrorCode', "30003'--"]] as const) {
    it(`a signed status callback with a hostile ${field} answers 400, not 500`, async () => {
      const params = { MessageSid: sid(), AccountSid: 'AC00000000000000000000000000000000', MessageStatus: 'delivered', [field]: value };
      const r = await parley.sim.sim.sendRawWebhook('/webhooks/twilio/status', params);
      assert.equal(r.status, 400, r.body);
      assert.match(JSON.parse(r.body ?? '{}').error.message, new RegExp(`\\b${field}\\b`));
    });
  }

  it('a text stored before senders were validated (From=abc) does not hold up the sweeper for later texts', async () => {
    const requester = uniqueNumber();
    const old = new Date(Date.now() - 60_000);
    const row = (from: string) => ({ id: crypto.randomUUID(), direction: 'inbound', company_number: parley.companyNumber, requester_number: from, body: 'stored', status: 'received', created_at: old });
    const bad = row('abc');
    const good = row(requester);
    await parley.db('messages').insert([bad, good]); // the bad one first, in receipt order
    await eventually('the later text taken in by the sweeper', async () => (await parley.db('messages').where({ id: good.id }).first())?.interaction_id);
    assert.equal((await parley.db('messages').where({ id: bad.id }).first()).interaction_id, null);
  });

  it('answers 413 for an oversized body and 400 for a non-form body', async () => {
    const big = await fetch(`${parley.url}/webhooks/twilio/sms`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Body=${'x'.repeat(100_000)}`,
    });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { error: { code: string } }).error.code, 'payload_too_large');
    const json = await fetch(`${parley.url}/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 400);
    assert.match(((await json.json()) as { error: { message: string } }).error.message, /form-encoded/);
  });
});

describe('signals paced by claims', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    // A claim notification that never arrived would hold each follow-up signal for a minute, and the sweeper leaves
    // held texts alone: every text below is taken in quickly only if the api hears the workflow's claims.
    parley = await startParley({ env: { WAKE_CLAIM_WAIT_MS: '60000' } });
  });
  after(async () => parley?.stop());

  it('texts one after another into an open conversation are all taken in, in order, each once', async () => {
    const requester = uniqueNumber();
    const bodies = Array.from({ length: 8 }, (_, i) => `text ${i + 1}`);
    for (const b of bodies) assert.equal((await parley.text(requester, b)).webhook.status, 200);
    const transcript = await eventually('all eight taken in', async () => {
      const rows = await parley.db('messages').where({ requester_number: requester, direction: 'inbound' }).orderBy('seq').select('body', 'interaction_id');
      return rows.length === 8 && rows.every((r) => r.interaction_id) ? rows : null;
    });
    assert.deepEqual(transcript.map((m) => m.body), bodies);
    assert.equal(new Set(transcript.map((m) => m.interaction_id)).size, 1);
    // A later text, after the conversation went quiet, is not held back either.
    await parley.text(requester, 'later');
    await eventually('the later text taken in', async () => (await parley.db('messages').where({ requester_number: requester, body: 'later' }).first())?.interaction_id);
  });
});

describe('the webhook connection', function () {
  this.timeout(60_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ worker: 'none' });
  });
  after(async () => parley?.stop());

  const get = (agent: http.Agent, url: string) =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const req = http.get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
      });
      req.on('error', reject);
    });

  it('stays open when idle longer than Node’s default 5 s, so a provider reusing it is not reset', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      assert.equal((await get(agent, `${parley.url}/healthz`)).status, 200);
      await new Promise((r) => setTimeout(r, 6000));
      const again = await get(agent, `${parley.url}/healthz`);
      assert.equal(again.status, 200);
      assert.equal(again.reused, true, 'the server closed the idle connection');
    } finally {
      agent.destroy();
    }
  });

  it('a webhook in flight when the api shuts down is still answered, and its text stored', async () => {
    const api = await parley.startSecondApi();
    const requester = uniqueNumber();
    const params = { MessageSid: sid(), AccountSid: 'AC00000000000000000000000000000000', From: requester, To: parley.companyNumber, Body: 'in flight', NumMedia: '0' };
    // Another transaction holding the same MessageSid uncommitted makes the webhook's insert wait for it.
    const blocker = await parley.db.transaction();
    await blocker('messages').insert({ id: crypto.randomUUID(), direction: 'inbound', company_number: parley.companyNumber, requester_number: requester, body: 'blocker', status: 'received', provider_sid: params.MessageSid });
    const posted = fetch(`${api.url}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(parley.env.TWILIO_AUTH_TOKEN, `${parley.config.PUBLIC_BASE_URL}/webhooks/twilio/sms`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    await eventually('the webhook waiting on the lock', async () => {
      const waiting = await parley.db.raw(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into "messages"%'`);
      return waiting.rows.length > 0 || null;
    });
    const stopped = api.shutdown();
    await new Promise((r) => setTimeout(r, 300));
    await blocker.rollback();
    const res = await posted;
    assert.equal(res.status, 200);
    await stopped;
    const rows = await parley.db('messages').where({ provider_sid: params.MessageSid });
    assert.deepEqual(rows.map((r) => r.body), ['in flight']);
  });
});
