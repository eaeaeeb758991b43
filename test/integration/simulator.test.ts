import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { createTwilioClient, LocalTwilioHttpClient } from '../../src/providers/twilio/http-client';
import { startSimulator, type RunningSimulator, type SimEvent } from '../../src/simulator';

const ACCOUNT_SID = 'AC' + '0123456789abcdef'.repeat(2);
const AUTH_TOKEN = 'sim-test-auth-token-0001';
const COMPANY = '+15005550006';
const STATUS_DELAY_MS = 15;

interface Received {
  path: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  signatureValid: boolean;
}

interface Receiver {
  url: string;
  received: Received[];
  /** The next `count` requests to `path` answer `status`. */
  failNext(path: string, count: number, status: number): void;
  on(path: string): Received[];
  clear(): void;
  close(): Promise<void>;
}

/** Stands in for Parley's webhook endpoints and checks every signature the way the app will. */
async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const failures = new Map<string, { count: number; status: number }>();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let origin = '';
  app.post('/*path', (req, res) => {
    const signature = req.header('X-Twilio-Signature') ?? '';
    received.push({
      path: req.path,
      params: req.body as Record<string, string>,
      headers: req.headers,
      signatureValid: twilio.validateRequest(AUTH_TOKEN, signature, origin + req.originalUrl, req.body),
    });
    const failure = failures.get(req.path);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      res.status(failure.status).send('simulated failure');
      return;
    }
    if (req.path === '/webhooks/twilio/sms') {
      res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      return;
    }
    res.status(204).end();
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    received,
    failNext: (path, count, status) => failures.set(path, { count, status }),
    on: (path) => received.filter((r) => r.path === path),
    clear: () => {
      received.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function rejection(p: Promise<unknown>): Promise<{ status?: number; code?: number; message?: string }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof twilio.RestException, `expected RestException, got ${String(err)}`);
    return err as { status: number; code: number; message: string };
  }
  assert.fail('expected the request to be rejected');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON responses field by field
type Json = any;

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function postJson(url: string, body: unknown) {
  return json(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('Twilio-compatible SMS simulator', function () {
  let receiver: Receiver;
  let running: RunningSimulator;
  let client: twilio.Twilio;
  let statusCallbackUrl: string;

  before(async () => {
    receiver = await startReceiver();
    running = await startSimulator({
      port: 0,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      webhookBaseUrl: () => receiver.url,
      statusDelayMs: STATUS_DELAY_MS,
    });
    client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: running.url });
    statusCallbackUrl = `${receiver.url}/webhooks/twilio/status`;
  });

  afterEach(async () => {
    running.sim.reset();
    await running.sim.settled();
    receiver.clear();
  });

  after(async () => {
    await running?.close();
    await receiver?.close();
  });

  describe('Messages REST through the real twilio client', () => {
    it('creates and fetches a message with Twilio field shapes', async () => {
      const created = await client.messages.create({ from: COMPANY, to: '+15551230001', body: 'Hello ✓' });
      assert.match(created.sid, /^SM[0-9a-f]{32}$/);
      assert.equal(created.accountSid, ACCOUNT_SID);
      assert.equal(created.from, COMPANY);
      assert.equal(created.to, '+15551230001');
      assert.equal(created.body, 'Hello ✓');
      assert.equal(created.status, 'queued');
      assert.equal(created.direction, 'outbound-api');
      assert.equal(created.numSegments, '1');
      assert.equal(created.numMedia, '0');
      assert.equal(created.apiVersion, '2010-04-01');
      assert.equal(created.errorCode, null);
      assert.equal(created.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${created.sid}.json`);
      assert.ok(created.dateCreated instanceof Date && !Number.isNaN(created.dateCreated.getTime()));
      assert.ok(Math.abs(created.dateCreated.getTime() - Date.now()) < 5000);

      const fetched = await client.messages(created.sid).fetch();
      assert.equal(fetched.sid, created.sid);
      assert.equal(fetched.body, 'Hello ✓');
      assert.equal(fetched.to, '+15551230001');
    });

    it('answers create with RFC 2822 dates and snake_case JSON on the wire', async () => {
      const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
      const { status, body } = await json(`${running.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
        method: 'POST',
        headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: '+15551230002', From: COMPANY, Body: 'x'.repeat(161) }).toString(),
      });
      assert.equal(status, 201);
      assert.match(body.date_created, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      assert.equal(body.num_segments, '2');
      assert.equal(body.price, null);
      assert.equal(body.error_message, null);
      assert.deepEqual(Object.keys(body.subresource_uris).sort(), ['feedback', 'media']);
    });

    it('keeps repeated MediaUrl values and mints an MM sid', async () => {
      const mediaUrl = ['https://example.com/a.jpg', 'https://example.com/b.png'];
      const created = await client.messages.create({ from: COMPANY, to: '+15551230003', mediaUrl });
      assert.match(created.sid, /^MM[0-9a-f]{32}$/);
      assert.equal(created.numMedia, '2');
      assert.deepEqual(running.sim.message(created.sid)?.mediaUrls, mediaUrl);
    });

    it('lists newest first with To/From/DateSent filters and follows next_page_uri', async () => {
      const to = '+15551230004';
      const sids: string[] = [];
      for (let i = 0; i < 5; i++) sids.push((await client.messages.create({ from: COMPANY, to, body: `m${i}` })).sid);
      await client.messages.create({ from: COMPANY, to: '+15551239999', body: 'other' });

      const all = await client.messages.list({ to });
      assert.deepEqual(
        all.map((m) => m.sid),
        [...sids].reverse(),
      );
      assert.equal((await client.messages.list({ from: COMPANY })).length, 6);

      const first = await client.messages.page({ to, pageSize: 2 });
      assert.equal(first.instances.length, 2);
      const second = await first.nextPage();
      assert.ok(second);
      const third = await second.nextPage();
      assert.ok(third);
      assert.equal(third.instances.length, 1);
      assert.equal(third.nextPageUrl, undefined);
      const paged = [...first.instances, ...second.instances, ...third.instances].map((m) => m.sid);
      assert.deepEqual(paged, [...sids].reverse());
      const back = await third.previousPage();
      assert.deepEqual(
        back?.instances.map((m) => m.sid),
        second.instances.map((m) => m.sid),
      );

      assert.equal((await client.messages.list({ to, limit: 3, pageSize: 2 })).length, 3);
      const tomorrow = new Date(Date.now() + 86_400_000);
      const yesterday = new Date(Date.now() - 86_400_000);
      assert.equal((await client.messages.list({ to, dateSentAfter: tomorrow })).length, 0);
      assert.equal((await client.messages.list({ to, dateSentAfter: yesterday })).length, 5);
      assert.equal((await client.messages.list({ to, dateSentBefore: yesterday })).length, 0);
    });

    it('answers the raw list with Twilio paging fields', async () => {
      await client.messages.create({ from: COMPANY, to: '+15551230005', body: 'a' });
      await client.messages.create({ from: COMPANY, to: '+15551230005', body: 'b' });
      const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
      const { status, body } = await json(
        `${running.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?To=%2B15551230005&PageSize=1`,
        { headers: { Authorization: `Basic ${auth}` } },
      );
      assert.equal(status, 200);
      assert.equal(body.messages.length, 1);
      assert.equal(body.page, 0);
      assert.equal(body.page_size, 1);
      assert.equal(body.start, 0);
      assert.equal(body.end, 0);
      assert.equal(body.previous_page_uri, null);
      assert.match(body.first_page_uri, /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json\?To=%2B15551230005&PageSize=1&Page=0$/);
      assert.match(body.next_page_uri, /Page=1&PageToken=PASM[0-9a-f]{32}$/);
      assert.match(body.uri, /Messages\.json\?To=%2B15551230005&PageSize=1&Page=0$/);
    });

    it('redacts a body with Body=""', async () => {
      const created = await client.messages.create({ from: COMPANY, to: '+15551230006', body: 'secret' });
      const updated = await client.messages(created.sid).update({ body: '' });
      assert.equal(updated.body, '');
      assert.equal((await client.messages(created.sid).fetch()).body, '');
    });

    it('answers 404 / 20404 for an unknown sid', async () => {
      const err = await rejection(client.messages('SM' + '0'.repeat(32)).fetch());
      assert.equal(err.status, 404);
      assert.equal(err.code, 20404);
    });

    const authCases = [
      { name: 'wrong auth token', sid: ACCOUNT_SID, token: 'not-the-token' },
      { name: 'another account sid', sid: 'AC' + 'f'.repeat(32), token: AUTH_TOKEN },
    ];
    for (const c of authCases) {
      it(`rejects ${c.name} with 401 / 20003`, async () => {
        const bad = createTwilioClient({ accountSid: c.sid, authToken: c.token, apiBaseUrl: running.url });
        const err = await rejection(bad.messages.create({ from: COMPANY, to: '+15551230007', body: 'x' }));
        assert.equal(err.status, 401);
        assert.equal(err.code, 20003);
        assert.equal(running.sim.outbound().length, 0);
      });
    }

    const magicCases = [
      { from: '+15005550001', to: '+15551230008', code: 21212 },
      { from: '+15005550007', to: '+15551230008', code: 21606 },
      { from: '+15005550008', to: '+15551230008', code: 21611 },
      { from: COMPANY, to: '+15005550001', code: 21211 },
      { from: COMPANY, to: '+15005550002', code: 21612 },
      { from: COMPANY, to: '+15005550003', code: 21408 },
      { from: COMPANY, to: '+15005550004', code: 21610 },
      { from: COMPANY, to: '+15005550009', code: 21614 },
    ];
    for (const c of magicCases) {
      it(`maps magic From ${c.from} / To ${c.to} to ${c.code}`, async () => {
        const err = await rejection(client.messages.create({ from: c.from, to: c.to, body: 'x' }));
        assert.equal(err.status, 400);
        assert.equal(err.code, c.code);
        assert.equal(running.sim.outbound().length, 0);
      });
    }

    const validationCases: Array<{ name: string; form: Record<string, string>; code: number }> = [
      { name: 'missing To', form: { From: COMPANY, Body: 'x' }, code: 21604 },
      { name: 'missing From and MessagingServiceSid', form: { To: '+15551230009', Body: 'x' }, code: 21603 },
      { name: 'no Body or MediaUrl', form: { To: '+15551230009', From: COMPANY }, code: 21619 },
      { name: 'Body over 1600 characters', form: { To: '+15551230009', From: COMPANY, Body: 'y'.repeat(1601) }, code: 21617 },
      { name: 'To not E.164', form: { To: 'not-a-number', From: COMPANY, Body: 'x' }, code: 21211 },
      {
        name: 'StatusCallback with an underscore host',
        form: { To: '+15551230009', From: COMPANY, Body: 'x', StatusCallback: 'http://my_host/cb' },
        code: 21609,
      },
    ];
    for (const c of validationCases) {
      it(`rejects ${c.name} with ${c.code}`, async () => {
        const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
        const { status, body } = await json(`${running.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
          method: 'POST',
          headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(c.form).toString(),
        });
        assert.equal(status, 400);
        assert.equal(body.code, c.code);
        assert.equal(body.status, 400);
        assert.equal(body.more_info, `https://www.twilio.com/docs/errors/${c.code}`);
        assert.equal(typeof body.message, 'string');
      });
    }

    it('rejects a 1601-character body through the client with 21617', async () => {
      const err = await rejection(client.messages.create({ from: COMPANY, to: '+15551230010', body: 'z'.repeat(1601) }));
      assert.equal(err.code, 21617);
      const ok = await client.messages.create({ from: COMPANY, to: '+15551230010', body: 'z'.repeat(1600) });
      assert.equal(ok.body.length, 1600);
    });
  });

  describe('fault injection on the REST API', () => {
    it('lets twilio autoRetry ride out two injected 429s', async () => {
      running.sim.faults.add({ restErrors: { status: 429, count: 2 } });
      const created = await client.messages.create({ from: COMPANY, to: '+15551230011', body: 'retry me' });
      assert.equal(created.status, 'queued');
      assert.equal(running.sim.outbound().length, 1);
      assert.equal(running.sim.faults.list()[0].remaining.restErrors, 0);
    });

    it('surfaces 429 as 20429 to a client without autoRetry', async () => {
      running.sim.faults.add({ to: '+15551230012', restErrors: { status: 429, count: 1 } });
      const plain = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalTwilioHttpClient(running.url) });
      const err = await rejection(plain.messages.create({ from: COMPANY, to: '+15551230012', body: 'x' }));
      assert.equal(err.status, 429);
      assert.equal(err.code, 20429);
      // scoped to that number: others are unaffected, and the rule is used up
      await plain.messages.create({ from: COMPANY, to: '+15551230013', body: 'x' });
      await plain.messages.create({ from: COMPANY, to: '+15551230012', body: 'x' });
    });

    it('injects a 500 through the HTTP control route, then recovers', async () => {
      const added = await postJson(`${running.url}/sim/faults`, { restErrors: { status: 500 } });
      assert.equal(added.status, 201);
      const err = await rejection(client.messages.create({ from: COMPANY, to: '+15551230014', body: 'x' }));
      assert.equal(err.status, 500);
      assert.equal(err.code, 20500);
      await client.messages.create({ from: COMPANY, to: '+15551230014', body: 'x' });
      assert.equal(running.sim.outbound().length, 1);
    });

    it('delays creates by latencyMs', async () => {
      running.sim.faults.add({ latencyMs: 200 });
      const t0 = Date.now();
      await client.messages.create({ from: COMPANY, to: '+15551230015', body: 'slow' });
      assert.ok(Date.now() - t0 >= 190, `took ${Date.now() - t0} ms`);
    });

    it('resets the connection after creating, leaving a message the client never heard about', async () => {
      running.sim.faults.add({ connectionResets: { count: 1, afterCreate: true } });
      await assert.rejects(client.messages.create({ from: COMPANY, to: '+15551230016', body: 'ambiguous' }));
      assert.equal(running.sim.outbound({ to: '+15551230016' }).length, 1);
    });

    it('manages faults over HTTP: list, validate, delete', async () => {
      const bad = await postJson(`${running.url}/sim/faults`, { restErrors: { status: 200 } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_fault');
      const unknown = await postJson(`${running.url}/sim/faults`, { explode: true });
      assert.equal(unknown.status, 400);
      await postJson(`${running.url}/sim/faults`, { to: '+15551230017', dropCallbacks: true });
      const listed = await json(`${running.url}/sim/faults`);
      assert.equal(listed.body.faults.length, 1);
      assert.equal(listed.body.faults[0].to, '+15551230017');
      const del = await fetch(`${running.url}/sim/faults`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      assert.equal((await json(`${running.url}/sim/faults`)).body.faults.length, 0);
    });
  });

  describe('status callbacks', () => {
    const callbacksFor = (sid: string) =>
      receiver.on('/webhooks/twilio/status').filter((r) => r.params.MessageSid === sid);

    it('posts sent then delivered, signed, with Twilio parameters, and updates the message', async () => {
      const created = await client.messages.create({
        from: COMPANY,
        to: '+15551230020',
        body: 'track me',
        statusCallback: statusCallbackUrl,
      });
      await waitFor('two callbacks', () => callbacksFor(created.sid).length === 2);
      await running.sim.settled();
      const cbs = callbacksFor(created.sid);
      assert.deepEqual(
        cbs.map((c) => c.params.MessageStatus),
        ['sent', 'delivered'],
      );
      for (const cb of cbs) {
        assert.equal(cb.signatureValid, true);
        assert.match(String(cb.headers['i-twilio-idempotency-token']), /^[0-9a-f-]{36}$/);
        assert.equal(cb.params.SmsSid, created.sid);
        assert.equal(cb.params.AccountSid, ACCOUNT_SID);
        assert.equal(cb.params.From, COMPANY);
        assert.equal(cb.params.To, '+15551230020');
        assert.equal(cb.params.SmsStatus, cb.params.MessageStatus);
        assert.equal(cb.params.ApiVersion, '2010-04-01');
        assert.equal(cb.params.ErrorCode, undefined);
      }
      assert.deepEqual(Object.keys(cbs[0].params).sort(), [
        'AccountSid',
        'ApiVersion',
        'From',
        'MessageSid',
        'MessageStatus',
        'SmsSid',
        'SmsStatus',
        'To',
      ]);
      assert.match(cbs[1].params.RawDlrDoneDate, /^\d{10}$/);
      assert.equal((await client.messages(created.sid).fetch()).status, 'delivered');
    });

    it('starts a Messaging Service send as accepted and reports queued, sent, delivered', async () => {
      const messagingServiceSid = 'MG' + 'a'.repeat(32);
      const created = await client.messages.create({
        messagingServiceSid,
        to: '+15551230029',
        body: 'via service',
        statusCallback: statusCallbackUrl,
      });
      assert.equal(created.status, 'accepted');
      assert.equal(created.messagingServiceSid, messagingServiceSid);
      await running.sim.settled();
      const cbs = callbacksFor(created.sid);
      assert.deepEqual(
        cbs.map((c) => c.params.MessageStatus),
        ['queued', 'sent', 'delivered'],
      );
      assert.ok(cbs.every((c) => c.params.MessagingServiceSid === messagingServiceSid && c.signatureValid));
    });

    it('progresses the stored status even without a StatusCallback', async () => {
      const created = await client.messages.create({ from: COMPANY, to: '+15551230021', body: 'quiet' });
      await running.sim.settled();
      assert.equal((await client.messages(created.sid).fetch()).status, 'delivered');
      assert.equal(receiver.received.length, 0);
    });

    const outcomeCases = [
      { final: 'undelivered' as const, errorCode: 30003, statuses: ['sent', 'undelivered'] },
      { final: 'failed' as const, errorCode: 30007, statuses: ['failed'] },
    ];
    for (const c of outcomeCases) {
      it(`ends ${c.final} with ErrorCode ${c.errorCode} for the targeted number only`, async () => {
        running.sim.faults.add({ to: '+15551230022', final: { status: c.final, errorCode: c.errorCode } });
        const hit = await client.messages.create({
          from: COMPANY,
          to: '+15551230022',
          body: 'x',
          statusCallback: statusCallbackUrl,
        });
        const spared = await client.messages.create({
          from: COMPANY,
          to: '+15551230023',
          body: 'x',
          statusCallback: statusCallbackUrl,
        });
        await running.sim.settled();
        const hitCbs = callbacksFor(hit.sid);
        assert.deepEqual(
          hitCbs.map((cb) => cb.params.MessageStatus),
          c.statuses,
        );
        assert.equal(hitCbs[hitCbs.length - 1].params.ErrorCode, String(c.errorCode));
        assert.ok(hitCbs.every((cb) => cb.signatureValid));
        const fetched = await client.messages(hit.sid).fetch();
        assert.equal(fetched.status, c.final);
        assert.equal(fetched.errorCode, c.errorCode);
        assert.deepEqual(
          callbacksFor(spared.sid).map((cb) => cb.params.MessageStatus),
          ['sent', 'delivered'],
        );
      });
    }

    it('duplicates every callback, keeping the idempotency token per delivery', async () => {
      running.sim.faults.add({ duplicateCallbacks: true });
      const created = await client.messages.create({
        from: COMPANY,
        to: '+15551230024',
        body: 'x',
        statusCallback: statusCallbackUrl,
      });
      await running.sim.settled();
      const cbs = callbacksFor(created.sid);
      assert.deepEqual(
        cbs.map((c) => c.params.MessageStatus),
        ['sent', 'sent', 'delivered', 'delivered'],
      );
      assert.equal(cbs[0].headers['i-twilio-idempotency-token'], cbs[1].headers['i-twilio-idempotency-token']);
      assert.notEqual(cbs[1].headers['i-twilio-idempotency-token'], cbs[2].headers['i-twilio-idempotency-token']);
    });

    it('reorders callbacks so delivered arrives before sent', async () => {
      running.sim.faults.add({ to: '+15551230025', reorderCallbacks: true });
      const created = await client.messages.create({
        from: COMPANY,
        to: '+15551230025',
        body: 'x',
        statusCallback: statusCallbackUrl,
      });
      await running.sim.settled();
      assert.deepEqual(
        callbacksFor(created.sid).map((c) => c.params.MessageStatus),
        ['delivered', 'sent'],
      );
      assert.equal(running.sim.message(created.sid)?.status, 'delivered');
    });

    it('drops callbacks while the message still progresses', async () => {
      running.sim.faults.add({ dropCallbacks: true });
      const created = await client.messages.create({
        from: COMPANY,
        to: '+15551230026',
        body: 'x',
        statusCallback: statusCallbackUrl,
      });
      await running.sim.settled();
      assert.equal(callbacksFor(created.sid).length, 0);
      assert.equal(running.sim.message(created.sid)?.status, 'delivered');
    });

    it('retries a callback answered with 5xx', async () => {
      receiver.failNext('/webhooks/twilio/status', 1, 503);
      const created = await client.messages.create({
        from: COMPANY,
        to: '+15551230027',
        body: 'x',
        statusCallback: statusCallbackUrl,
      });
      await running.sim.settled();
      const cbs = callbacksFor(created.sid);
      assert.deepEqual(
        cbs.map((c) => c.params.MessageStatus),
        ['sent', 'sent', 'delivered'],
      );
      assert.equal(cbs[0].headers['i-twilio-idempotency-token'], cbs[1].headers['i-twilio-idempotency-token']);
    });

    it('survives an unreachable callback URL', async () => {
      const created = await client.messages.create({
        from: COMPANY,
        to: '+15551230028',
        body: 'x',
        statusCallback: 'http://127.0.0.1:1/nowhere',
      });
      await running.sim.settled();
      assert.equal(running.sim.message(created.sid)?.status, 'delivered');
    });
  });

  describe('virtual phones', () => {
    const phone = '+15551234567';
    const phonePath = (n: string) => `${running.url}/sim/phones/${encodeURIComponent(n)}/messages`;

    it('texts the company number: signed inbound webhook with the full parameter set', async () => {
      const { status, body } = await postJson(phonePath(phone), { to: COMPANY, body: 'Hi there' });
      assert.equal(status, 201);
      assert.match(body.sid, /^SM[0-9a-f]{32}$/);
      assert.equal(body.webhook.status, 200);
      assert.match(body.webhook.body, /<Response\/>/);

      const hooks = receiver.on('/webhooks/twilio/sms');
      assert.equal(hooks.length, 1);
      const hook = hooks[0];
      assert.equal(hook.signatureValid, true);
      assert.ok(hook.headers['i-twilio-idempotency-token']);
      assert.match(String(hook.headers['content-type']), /^application\/x-www-form-urlencoded/);
      assert.deepEqual(hook.params, {
        ToCountry: 'US',
        ToState: '',
        SmsMessageSid: body.sid,
        NumMedia: '0',
        ToCity: '',
        FromZip: '',
        SmsSid: body.sid,
        FromState: '',
        SmsStatus: 'received',
        FromCity: '',
        Body: 'Hi there',
        FromCountry: 'US',
        To: COMPANY,
        ToZip: '',
        NumSegments: '1',
        MessageSid: body.sid,
        AccountSid: ACCOUNT_SID,
        From: phone,
        ApiVersion: '2010-04-01',
      });
      assert.equal(running.sim.message(body.sid)?.status, 'received');
    });

    it('sends MMS with MediaUrl{N}/MediaContentType{N} and an MM sid', async () => {
      const r = await running.sim.sendInbound({
        from: phone,
        to: COMPANY,
        mediaUrls: ['https://example.com/cat.jpg', 'https://example.com/doc.pdf'],
      });
      assert.match(r.sid, /^MM[0-9a-f]{32}$/);
      const hook = receiver.on('/webhooks/twilio/sms')[0];
      assert.equal(hook.signatureValid, true);
      assert.equal(hook.params.NumMedia, '2');
      assert.equal(hook.params.Body, '');
      assert.equal(hook.params.MediaUrl0, 'https://example.com/cat.jpg');
      assert.equal(hook.params.MediaContentType0, 'image/jpeg');
      assert.equal(hook.params.MediaUrl1, 'https://example.com/doc.pdf');
      assert.equal(hook.params.MediaContentType1, 'application/pdf');
    });

    it('posts the same inbound webhook twice under duplicateInbound', async () => {
      running.sim.faults.add({ to: COMPANY, duplicateInbound: true });
      const { body } = await postJson(phonePath(phone), { to: COMPANY, body: 'twice' });
      assert.equal(body.duplicate.status, 200);
      const hooks = receiver.on('/webhooks/twilio/sms');
      assert.equal(hooks.length, 2);
      assert.equal(hooks[0].params.MessageSid, hooks[1].params.MessageSid);
      assert.equal(hooks[0].headers['i-twilio-idempotency-token'], hooks[1].headers['i-twilio-idempotency-token']);
      assert.ok(hooks.every((h) => h.signatureValid));
    });

    it('reports a failing webhook instead of throwing', async () => {
      receiver.failNext('/webhooks/twilio/sms', 1, 500);
      const { status, body } = await postJson(phonePath(phone), { to: COMPANY, body: 'x' });
      assert.equal(status, 201);
      assert.equal(body.webhook.status, 500);
      assert.equal(receiver.on('/webhooks/twilio/sms').length, 1, 'inbound webhooks are not retried');
    });

    const badInputs: Array<{ name: string; number: string; body: unknown; code: string }> = [
      { name: 'a path number that is not E.164', number: '5551234567', body: { to: COMPANY, body: 'x' }, code: 'invalid_phone_number' },
      { name: 'letters for a number', number: 'abc', body: { to: COMPANY, body: 'x' }, code: 'invalid_phone_number' },
      { name: 'a bad company number', number: phone, body: { to: '12', body: 'x' }, code: 'invalid_request' },
      { name: 'no body and no media', number: phone, body: { to: COMPANY }, code: 'invalid_request' },
      { name: 'a body over 1600 characters', number: phone, body: { to: COMPANY, body: 'x'.repeat(1601) }, code: 'invalid_request' },
      { name: 'a media URL that is not a URL', number: phone, body: { to: COMPANY, mediaUrls: ['nope'] }, code: 'invalid_request' },
      { name: 'unknown fields', number: phone, body: { to: COMPANY, body: 'x', extra: 1 }, code: 'invalid_request' },
    ];
    for (const c of badInputs) {
      it(`answers 400 for ${c.name}`, async () => {
        const { status, body } = await postJson(phonePath(c.number), c.body);
        assert.equal(status, 400);
        assert.equal(body.error.code, c.code);
        assert.equal(typeof body.error.message, 'string');
        assert.equal(JSON.stringify(body).includes('    at '), false, 'no stack trace');
        assert.equal(receiver.received.length, 0);
        assert.equal(running.sim.messages().length, 0);
      });
    }

    it('answers 400 for a body that is not JSON', async () => {
      const { status, body } = await json(phonePath(phone), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"to":',
      });
      assert.equal(status, 400);
      assert.equal(body.error.code, 'invalid_json');
    });

    it('lists phones and a phone conversation oldest first with statuses', async () => {
      await postJson(phonePath(phone), { to: COMPANY, body: 'question' });
      const reply = await client.messages.create({ from: COMPANY, to: phone, body: 'answer' });
      await client.messages.create({ from: COMPANY, to: '+15557654321', body: 'someone else' });
      await running.sim.settled();

      const phones = await json(`${running.url}/sim/phones`);
      assert.deepEqual(phones.body.phones.map((p: { number: string }) => p.number).sort(), [phone, '+15557654321'].sort());

      const convo = await json(phonePath(phone));
      assert.equal(convo.status, 200);
      assert.deepEqual(
        convo.body.messages.map((m: { body: string; direction: string; status: string }) => [m.body, m.direction, m.status]),
        [
          ['question', 'inbound', 'received'],
          ['answer', 'outbound-api', 'delivered'],
        ],
      );
      assert.equal(convo.body.messages[1].sid, reply.sid);

      const everything = await json(`${running.url}/sim/messages`);
      assert.equal(everything.body.messages.length, 3);
      const inbound = await json(`${running.url}/sim/messages?direction=inbound`);
      assert.equal(inbound.body.messages.length, 1);
      assert.equal((await json(`${running.url}/sim/messages?to=bad`)).status, 400);
    });

    it('streams events over SSE', async () => {
      const controller = new AbortController();
      const res = await fetch(`${running.url}/sim/events?number=${encodeURIComponent(phone)}`, {
        signal: controller.signal,
      });
      assert.equal(res.status, 200);
      assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          text += decoder.decode(value, { stream: true });
        }
      })().catch(() => undefined);

      await postJson(phonePath('+15550000000'), { to: COMPANY, body: 'not for this stream' });
      await postJson(phonePath(phone), { to: COMPANY, body: 'streamed' });
      await waitFor('inbound.posted on the stream', () => text.includes('event: inbound.posted'));
      controller.abort();
      await reading;

      const events = text
        .split('\n\n')
        .filter((block) => block.includes('data: '))
        .map((block) => JSON.parse(block.split('data: ')[1]) as SimEvent);
      assert.deepEqual(
        events.map((e) => e.type),
        ['message.created', 'inbound.posted'],
      );
      assert.equal(events[0].type === 'message.created' && events[0].message.body, 'streamed');
    });

    it('emits message.created, message.status and inbound.posted to programmatic listeners', async () => {
      const seen: string[] = [];
      const off = running.sim.onEvent((e) => seen.push(e.type === 'message.status' ? `status:${e.message.status}` : e.type));
      try {
        await running.sim.sendInbound({ from: phone, to: COMPANY, body: 'hello' });
        await client.messages.create({ from: COMPANY, to: phone, body: 'hi' });
        await running.sim.settled();
      } finally {
        off();
      }
      assert.deepEqual(seen, ['message.created', 'inbound.posted', 'message.created', 'status:sent', 'status:delivered']);
    });

    it('sends raw webhooks with a correct or overridden signature', async () => {
      const good = await running.sim.sendRawWebhook('/webhooks/twilio/status', { MessageSid: 'SMx', MessageStatus: 'sent' });
      const forged = await running.sim.sendRawWebhook(
        '/webhooks/twilio/status',
        { MessageSid: 'SMx', MessageStatus: 'sent' },
        { signatureOverride: 'forged' },
      );
      assert.equal(good.status, 204);
      assert.equal(forged.status, 204);
      assert.deepEqual(
        receiver.received.map((r) => r.signatureValid),
        [true, false],
      );
      assert.equal(receiver.received[1].headers['x-twilio-signature'], 'forged');
    });

    it('reset forgets messages, phones and faults', async () => {
      running.sim.faults.add({ dropCallbacks: true });
      await running.sim.sendInbound({ from: phone, to: COMPANY, body: 'x' });
      const res = await fetch(`${running.url}/sim/reset`, { method: 'POST' });
      assert.equal(res.status, 204);
      assert.equal(running.sim.messages().length, 0);
      assert.equal(running.sim.phones().length, 0);
      assert.equal(running.sim.faults.list().length, 0);
    });
  });
});
