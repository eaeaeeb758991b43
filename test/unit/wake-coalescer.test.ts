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
const tick = () => new Promise((r) => setImmediate(r));

describe('wake coalescer (one signal in flight per conversation)', () => {
  it('sends at once when nothing is in flight, and records the id after the signal succeeds', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+1500', '+1555', 'm1');
    assert.equal(calls.length, 1);
    calls[0].resolve();
    await w.drain();
    assert.deepEqual(recorded, ['m1']);
  });

  it('texts arriving while a signal is in flight share ONE follow-up signal that starts after they were stored', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+1500', '+1555', 'm1');
    w.wake('+1500', '+1555', 'm2');
    w.wake('+1500', '+1555', 'm3');
    assert.equal(calls.length, 1, 'm2 and m3 wait for the one in flight');
    calls[0].resolve();
    await tick();
    assert.equal(calls.length, 2, 'one follow-up for both');
    calls[1].resolve();
    await w.drain();
    assert.deepEqual(recorded.sort(), ['m1', 'm2', 'm3']);
  });

  it('holds a message until its signal settles, so the sweeper leaves it alone', async () => {
    const { gateway, calls } = fakeGateway();
    const w = createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), flushMs: 1, recordSignalled: async () => undefined });
    w.wake('+1500', '+1555', 'm1');
    w.wake('+1500', '+1555', 'm2');
    assert.equal(w.holds('m1'), true);
    assert.equal(w.holds('m2'), true);
    calls[0].resolve();
    await tick();
    assert.equal(w.holds('m1'), false);
    assert.equal(w.holds('m2'), true, 'still waiting for its follow-up');
    calls[1].resolve();
    await w.drain();
    assert.equal(w.holds('m2'), false);
  });

  it('conversations do not wait for each other', () => {
    const { gateway, calls } = fakeGateway();
    const w = createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), recordSignalled: async () => undefined });
    w.wake('+1500', '+1555', 'a');
    w.wake('+1500', '+1666', 'b');
    assert.deepEqual(calls.map((c) => c.requester), ['+1555', '+1666']);
  });

  it('a failed signal leaves its ids unrecorded for the sweeper, and later texts still get their own signal', async () => {
    const { gateway, calls } = fakeGateway();
    const recorded: string[] = [];
    const w = createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), flushMs: 1, recordSignalled: async (ids) => void recorded.push(...ids) });
    w.wake('+1500', '+1555', 'm1');
    w.wake('+1500', '+1555', 'm2');
    calls[0].reject(new Error('Temporal is down'));
    await tick();
    assert.equal(calls.length, 2);
    calls[1].resolve();
    await w.drain();
    assert.deepEqual(recorded, ['m2']);
  });

  it('keeps at most maxInFlight signals in flight and sends the rest in order as they return', async () => {
    const { gateway, calls } = fakeGateway();
    const w = createWakeCoalescer({ gateway, log: pino({ level: 'silent' }), maxInFlight: 2, recordSignalled: async () => undefined });
    for (const r of ['+1', '+2', '+3', '+4']) w.wake('+1500', r, `m${r}`);
    assert.deepEqual(calls.map((c) => c.requester), ['+1', '+2']);
    calls[0].resolve();
    await tick();
    assert.deepEqual(calls.map((c) => c.requester), ['+1', '+2', '+3']);
    calls[1].resolve();
    calls[2].resolve();
    await tick();
    assert.deepEqual(calls.map((c) => c.requester), ['+1', '+2', '+3', '+4']);
    calls[3].resolve();
    await w.drain();
  });
});
