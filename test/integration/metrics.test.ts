import assert from 'node:assert/strict';
import { freePort } from '../../src/runtime';
import { eventually, startParley, uniqueNumber, type Parley } from '../support/parley';

/** The value of one sample in Prometheus text: the metric with every given label (others may be present). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) return Number(m[3]);
  }
  return 0;
}

describe('metrics (issue 12)', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ env: { WORKER_METRICS_PORT: String(await freePort(0)) } });
  });
  after(async () => parley?.stop());

  const scrape = async (url: string, token?: string) => {
    const r = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return r.text();
  };
  const api = () => scrape(`${parley.url}/metrics`);
  const worker = () => scrape(parley.workerMetricsUrl!);

  it('the api counts a text stored, its webhook and its acknowledgement time; the worker counts it taken in', async () => {
    const [apiBefore, workerBefore] = [await api(), await worker()];
    const requester = uniqueNumber();
    assert.equal((await parley.text(requester, 'count me')).webhook.status, 200);
    const apiAfter = await api();
    assert.equal(sample(apiAfter, 'parley_texts_stored_total'), sample(apiBefore, 'parley_texts_stored_total') + 1);
    assert.equal(sample(apiAfter, 'parley_webhooks_total', { kind: 'sms', outcome: 'stored' }), sample(apiBefore, 'parley_webhooks_total', { kind: 'sms', outcome: 'stored' }) + 1);
    assert.equal(sample(apiAfter, 'parley_webhook_ack_seconds_count', { kind: 'sms' }), sample(apiBefore, 'parley_webhook_ack_seconds_count', { kind: 'sms' }) + 1);
    await eventually('the worker to count the text taken in', async () =>
      sample(await worker(), 'parley_texts_taken_in_total') >= sample(workerBefore, 'parley_texts_taken_in_total') + 1);
  });

  it('counts refused webhooks by outcome', async () => {
    const before = await api();
    const r = await parley.sim.sim.sendRawWebhook('/webhooks/twilio/sms', { MessageSid: 'SM0', From: 'abc', To: parley.companyNumber }, { omitSignature: true });
    assert.equal(r.status, 403);
    assert.equal(sample(await api(), 'parley_webhooks_total', { kind: 'sms', outcome: 'forbidden' }), sample(before, 'parley_webhooks_total', { kind: 'sms', outcome: 'forbidden' }) + 1);
  });

  it('counts an accepted offer, a delivered reply and an SSE connection', async () => {
    // Only the reply goes out: no "no agents available" text when nobody else is Available at that moment.
    await parley.db('system_texts').where({ key: 'no_agents_available' }).update({ enabled: false });
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const before = await api();
    const { interactionId } = await parley.acceptedConversation(agent, uniqueNumber());
    const reply = await parley.request<{ messageId: string }>('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { body: 'hi' } });
    await eventually('the reply delivered', async () => (await parley.db('messages').where({ id: reply.body.messageId }).first())?.status === 'delivered');
    // The gauge is per process; a connection another suite in this mocha process left open counts too.
    const sseBefore = sample(await api(), 'parley_sse_connections');
    const events = new AbortController();
    const stream = await fetch(`${parley.url}/api/events`, { headers: { authorization: `Bearer ${agent.token}` }, signal: events.signal });
    try {
      const after = await api();
      // The registry is per process, and mocha runs every suite in one: work another suite's servers finish meanwhile
      // counts too, so this test asks that its own accept and delivery were counted (a moved counter), not that
      // nothing else happened.
      assert.ok(sample(after, 'parley_offers_total', { outcome: 'accepted' }) >= sample(before, 'parley_offers_total', { outcome: 'accepted' }) + 1);
      assert.ok(
        sample(after, 'parley_outbound_final_total', { status: 'delivered', source: 'callback' }) >=
          sample(before, 'parley_outbound_final_total', { status: 'delivered', source: 'callback' }) + 1,
      );
      assert.ok(sample(after, 'parley_sse_connections') >= sseBefore + 1);
    } finally {
      events.abort();
      await stream.body?.cancel().catch(() => undefined);
    }
  });

  it('both expose process metrics, and the worker the Temporal SDK’s own', async () => {
    const [a, w] = [await api(), await worker()];
    for (const text of [a, w]) assert.ok(sample(text, 'parley_process_cpu_user_seconds_total') > 0);
    assert.match(w, /^temporal_\w+/m);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-0123456789';
    const secured = await parley.startSecondApi({ METRICS_TOKEN: token });
    assert.equal((await fetch(`${secured.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${secured.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status, 401);
    assert.match(await scrape(`${secured.url}/metrics`, token), /parley_webhooks_total/);
  });
});

describe('metrics of an offer that times out (issue 12)', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ offerTimeoutSeconds: 1, env: { WORKER_METRICS_PORT: String(await freePort(0)) } });
  });
  after(async () => parley?.stop());

  it('counts it once, in whichever process expired it', async () => {
    const timedOut = async () => {
      const texts = await Promise.all([fetch(`${parley.url}/metrics`), fetch(parley.workerMetricsUrl!)].map(async (r) => (await r).text()));
      return texts.reduce((sum, t) => sum + sample(t, 'parley_offers_total', { outcome: 'timed_out' }), 0);
    };
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const before = await timedOut();
    const requester = uniqueNumber();
    await parley.text(requester, 'anyone there?');
    await eventually('the offer to time out', async () => {
      const offers = await parley.db('offers').where({ agent_id: agent.id, state: 'timed_out' });
      return offers.length === 1;
    });
    await eventually('the timeout counted', async () => (await timedOut()) === before + 1);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await timedOut(), before + 1, 'counted once');
  });
});
