import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StatusUpdate } from '../../src/providers/provider';
import { createStatusReconciler } from '../../src/sms/status-reconciler';
import { testLog } from '../support/servers';
import { eventually, startParley, uniqueNumber, type Parley } from '../support/parley';

describe('delivery status when callbacks are lost (issue 12)', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ env: { STATUS_CHECK_SCHEDULE_SECONDS: '1,1,1' } });
  });
  after(async () => parley?.stop());

  it('with every status callback dropped, the reply still reaches delivered (fetched from the provider)', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    parley.sim.sim.faults.add({ to: requester, dropCallbacks: true });
    const { interactionId } = await parley.acceptedConversation(agent, requester, 'is my order lost?');
    const reply = await parley.request<{ messageId: string }>('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { body: 'Let me look.' } });
    assert.equal(reply.status, 202);
    const row = await eventually('the reply delivered', async () => {
      const m = await parley.db('messages').where({ id: reply.body.messageId }).first();
      return m?.status === 'delivered' ? m : null;
    }, 20_000);
    assert.ok(row.status_checks >= 1, 'found by a fetch, not a callback');
    const onPhone = parley.sim.sim.outbound({ to: requester });
    assert.equal(onPhone.length, 1);
    assert.equal(onPhone[0].status, 'delivered');
  });
});

describe('the status reconciler’s sweep (issue 12)', function () {
  this.timeout(60_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ worker: 'none' });
  });
  after(async () => parley?.stop());

  const sid = () => `SM${randomUUID().replace(/-/g, '')}`;
  async function sentMessage(status = 'sent', lastUpdateAgoMs = 3_600_000): Promise<{ id: string; providerSid: string }> {
    const m = { id: randomUUID(), providerSid: sid() };
    await parley.db('messages').insert({
      id: m.id, direction: 'outbound', company_number: parley.companyNumber, requester_number: uniqueNumber(), body: 'reply',
      status, provider_sid: m.providerSid, updated_at: new Date(Date.now() - lastUpdateAgoMs),
    });
    return m;
  }
  const row = (id: string) => parley.db('messages').where({ id }).first();
  /** A provider that answers after a delay and counts fetches per sid, and how many ran at once. */
  function fakeProvider(answer: (providerSid: string) => StatusUpdate['status'] = () => 'delivered') {
    const fetches = new Map<string, number>();
    let inFlight = 0;
    let maxInFlightPerSid = 0;
    const running = new Map<string, number>();
    return {
      fetches, get maxInFlightPerSid() { return maxInFlightPerSid; }, get inFlight() { return inFlight; },
      async fetchStatus(providerSid: string): Promise<StatusUpdate> {
        fetches.set(providerSid, (fetches.get(providerSid) ?? 0) + 1);
        running.set(providerSid, (running.get(providerSid) ?? 0) + 1);
        maxInFlightPerSid = Math.max(maxInFlightPerSid, running.get(providerSid)!);
        inFlight++;
        await sleep(50);
        inFlight--;
        running.set(providerSid, running.get(providerSid)! - 1);
        return { providerSid, status: answer(providerSid), errorCode: null };
      },
    };
  }
  const events = { interactionChanged: () => undefined };
  const reconciler = (provider: ReturnType<typeof fakeProvider>, scheduleMs = [120_000, 600_000, 3_600_000], batch = 100) =>
    createStatusReconciler({ db: parley.db, provider, events, log: testLog }, { scheduleMs, batch });

  it('waits two minutes after the last update before the first fetch', async () => {
    const recent = await sentMessage('sent', 60_000);
    const provider = fakeProvider();
    await reconciler(provider).sweep();
    assert.equal(provider.fetches.get(recent.providerSid), undefined);
    assert.equal((await row(recent.id)).status, 'sent');
  });

  it('three workers sweeping at once fetch each due message exactly once', async () => {
    const messages = await Promise.all(Array.from({ length: 12 }, () => sentMessage()));
    const provider = fakeProvider();
    await Promise.all([reconciler(provider).sweep(), reconciler(provider).sweep(), reconciler(provider).sweep()]);
    for (const m of messages) {
      assert.equal(provider.fetches.get(m.providerSid), 1);
      assert.equal((await row(m.id)).status, 'delivered');
    }
    assert.equal(provider.maxInFlightPerSid, 1);
  });

  it('backs off after each fetch and leaves the message alone after the last', async () => {
    const m = await sentMessage();
    const provider = fakeProvider(() => 'sent'); // the provider never learns more
    const r = reconciler(provider);
    await r.sweep();
    let after = await row(m.id);
    assert.equal(after.status_checks, 1);
    const wait = after.status_check_at.getTime() - Date.now();
    assert.ok(wait > 590_000 && wait <= 600_000, `next check in ${wait} ms, not 10 min`);
    await r.sweep();
    assert.equal(provider.fetches.get(m.providerSid), 1, 'not due again yet');
    for (let i = 2; i <= 3; i++) {
      await parley.db('messages').where({ id: m.id }).update({ status_check_at: new Date(Date.now() - 1000) });
      await r.sweep();
      assert.equal(provider.fetches.get(m.providerSid), i);
    }
    after = await row(m.id);
    assert.equal(after.status_checks, 3);
    assert.equal(after.status_check_at, null);
    await parley.db('messages').where({ id: m.id }).update({ updated_at: new Date(Date.now() - 86_400_000) });
    await r.sweep();
    assert.equal(provider.fetches.get(m.providerSid), 3, 'left alone after the schedule');
  });

  it('goes through the same ranking as callbacks: never backwards', async () => {
    const m = await sentMessage('sent');
    await reconciler(fakeProvider(() => 'queued')).sweep();
    assert.equal((await row(m.id)).status, 'sent');
  });

  it('fetches at most one batch per sweep', async () => {
    await parley.db('messages').where({ direction: 'outbound' }).update({ status_checks: 99 }); // earlier tests' rows
    const messages = await Promise.all(Array.from({ length: 5 }, () => sentMessage()));
    const provider = fakeProvider();
    const r = reconciler(provider, [120_000], 2);
    assert.equal((await r.sweep()).fetched, 2);
    assert.equal((await r.sweep()).fetched, 2);
    assert.equal((await r.sweep()).fetched, 1);
    assert.equal(messages.filter((m) => provider.fetches.get(m.providerSid) === 1).length, 5);
  });
});
