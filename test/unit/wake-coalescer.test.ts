import assert from 'node:assert/strict';
import pino from 'pino';
import { createWakeCoalescer } from '../../src/ingest/wake-coalescer';
import type { InteractionGateway } from '../../src/temporal/interaction-gateway';

interface Call { requester: string; messageId: string; resolve(): void; reject(e: Error): void }

function fakeGateway() {
  const calls: Call[] = [];
  const gateway = {
    wake: (_c: string, requester: string, messageId: string) =>
      new Promise<void>((resolve, reject) => calls.push({ requester, messageId, resolve, reject })),
  } as unknown as InteractionGateway;
  return { gateway, calls };
}
/** A coalescer with a silent log whose signal records go nowhere unless `recordSignalled` is given. */
const coalescer = (gateway: InteractionGateway, opts: Partial<Omit<Parameters<typeof createWakeCoalescer>[0], 'gateway' | 'log'>> = {}) =>
  createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), recordSignalled: async () => undefined, ...opts });
const tick = () => new Promise((r) => setImmediate(r));
const WF = 'sms:+15005550006:+15555550100'; // the workflow id of ('+15005550006', '+15555550100')

describe('wake coalescer (one signal in flight per conversation)', () => {
  it('sends at once when nothing is in flight, and records the id after the signal succeeds', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = coalescer(gateway, { flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+15005550006', '+15555550100', 'm1');
    assert.equal(calls.length, 1);
    calls[0].resolve();
    await w.drain();
    assert.deepEqual(recorded, ['m1']);
  });

  it('texts arriving while a signal is in flight share ONE follow-up signal that starts after they were stored', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = coalescer(gateway, { flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+15005550006', '+15555550100', 'm1');
    w.wake('+15005550006', '+15555550100', 'm2');
    w.wake('+15005550006', '+15555550100', 'm3');
    assert.equal(calls.length, 1, 'm2 and m3 wait for the one in flight');
    calls[0].resolve();
    await tick();
    assert.equal(calls.length, 1, '...and then for the workflow to claim');
    w.claimed(WF, ['m1']);
    assert.equal(calls.length, 2, 'one follow-up for both');
    calls[1].resolve();
    await w.drain();
    assert.deepEqual(recorded.sort(), ['m1', 'm2', 'm3']);
  });

  it('holds a message until its signal settles, so the sweeper leaves it alone', async () => {
    const { gateway, calls } = fakeGateway();
    const w = coalescer(gateway, { flushMs: 1 });
    w.wake('+15005550006', '+15555550100', 'm1');
    w.wake('+15005550006', '+15555550100', 'm2');
    assert.equal(w.holds('m1'), true);
    assert.equal(w.holds('m2'), true);
    calls[0].resolve();
    await tick();
    assert.equal(w.holds('m1'), false);
    assert.equal(w.holds('m2'), true, 'still waiting for its follow-up');
    w.claimed(WF, ['m1']);
    calls[1].resolve();
    await w.drain();
    assert.equal(w.holds('m2'), false);
  });

  it('conversations do not wait for each other', () => {
    const { gateway, calls } = fakeGateway();
    const w = coalescer(gateway);
    w.wake('+15005550006', '+15555550100', 'a');
    w.wake('+15005550006', '+16665550100', 'b');
    assert.deepEqual(calls.map((c) => c.requester), ['+15555550100', '+16665550100']);
  });

  it('a failed signal leaves its ids unrecorded for the sweeper, and later texts still get their own signal', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = coalescer(gateway, { flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+15005550006', '+15555550100', 'm1');
    w.wake('+15005550006', '+15555550100', 'm2');
    calls[0].reject(new Error('Temporal is down'));
    await tick();
    assert.equal(calls.length, 2, 'a failed signal has no claim to wait for');
    calls[1].resolve();
    await w.drain();
    assert.deepEqual(recorded, ['m2']);
  });

  it('keeps at most maxInFlight signals in flight and sends the rest in order as they return', async () => {
    const { gateway, calls } = fakeGateway();
    const w = coalescer(gateway, { maxInFlight: 2 });
    for (const r of ['+14155550001', '+14155550002', '+14155550003', '+14155550004']) w.wake('+15005550006', r, `m${r}`);
    assert.deepEqual(calls.map((c) => c.requester), ['+14155550001', '+14155550002']);
    calls[0].resolve();
    await tick();
    assert.deepEqual(calls.map((c) => c.requester), ['+14155550001', '+14155550002', '+14155550003']);
    calls[1].resolve();
    calls[2].resolve();
    await tick();
    assert.deepEqual(calls.map((c) => c.requester), ['+14155550001', '+14155550002', '+14155550003', '+14155550004']);
    calls[3].resolve();
    await w.drain();
  });

  it('texts a claim already took need no signal of their own, and are no longer held', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = coalescer(gateway, { flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+15005550006', '+15555550100', 'm1');
    calls[0].resolve();
    await tick();
    w.wake('+15005550006', '+15555550100', 'm2'); // stored while the workflow is claiming: its claim takes m2 as well
    w.wake('+15005550006', '+15555550100', 'm3'); // stored after the claim's snapshot
    w.claimed(WF, ['m1', 'm2']);
    assert.equal(calls.length, 2);
    assert.equal(calls[1].messageId, 'm3', 'only the text the claim did not take is signalled');
    assert.equal(w.holds('m2'), false);
    calls[1].resolve();
    await tick();
    w.claimed(WF, ['m3']);
    await w.drain();
    assert.deepEqual(recorded.sort(), ['m1', 'm3']);
    assert.equal(calls.length, 2);
  });

  it('a claim that found nothing, or lists no ids, still lets the next signal go', async () => {
    const { gateway, calls } = fakeGateway();
    const w = coalescer(gateway);
    w.wake('+15005550006', '+15555550100', 'm1');
    calls[0].resolve();
    await tick();
    w.wake('+15005550006', '+15555550100', 'm2');
    w.claimed(WF); // e.g. another api's signal had the workflow take m1 already
    assert.deepEqual(calls.map((c) => c.messageId), ['m1', 'm2']);
    calls[1].resolve();
    await tick();
    w.wake('+15005550006', '+15555550100', 'm3');
    w.claimed(WF, null); // more than the notification lists
    assert.deepEqual(calls.map((c) => c.messageId), ['m1', 'm2', 'm3']);
    calls[2].resolve();
    await w.drain();
  });

  it('a claim reported while its signal is still in flight is not waited for again', async () => {
    const { gateway, calls } = fakeGateway();
    const w = coalescer(gateway, { claimWaitMs: 60_000 });
    w.wake('+15005550006', '+15555550100', 'm1');
    w.wake('+15005550006', '+15555550100', 'm2');
    w.claimed(WF, ['m1']); // the workflow was faster than the signal's response
    calls[0].resolve();
    await tick();
    assert.deepEqual(calls.map((c) => c.messageId), ['m1', 'm2']);
    calls[1].resolve();
    await w.drain();
  });

  it('without a claim the next signal goes after claimWaitMs, and drain sends what is held at once', async () => {
    const { gateway, calls } = fakeGateway();
    const w = coalescer(gateway, { claimWaitMs: 30 });
    w.wake('+15005550006', '+15555550100', 'm1');
    calls[0].resolve();
    await tick();
    w.wake('+15005550006', '+15555550100', 'm2');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(calls.map((c) => c.messageId), ['m1', 'm2'], 'a lost notification costs claimWaitMs, never the text');

    const slow = coalescer(gateway, { claimWaitMs: 60_000 });
    slow.wake('+15005550006', '+17775550100', 'n1');
    calls[2].resolve();
    await tick();
    slow.wake('+15005550006', '+17775550100', 'n2');
    const drained = slow.drain();
    await tick();
    assert.equal(calls[3]?.messageId, 'n2', 'shutting down sends held texts now');
    calls[3].resolve();
    calls[1].resolve();
    await drained;
    await w.drain();
  });
});
