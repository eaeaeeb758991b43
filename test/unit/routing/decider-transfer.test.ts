import assert from 'node:assert/strict';
import { deadlines, decide, initialSnapshot, RejectedCommand, type Effect, type DecisionEvent } from '../../../src/domain/interaction-decider';
import type { InteractionState } from '../../../src/domain/interaction-state';
import type { ActorInput, InteractionSnapshot } from '../../../src/workflows/definitions';

// Issue 16 in the one decider: transfer (TRF-1…3, REG-2), manual assignment (MAN-1), reassign (RSN-4), max wait,
// wait triggers.
let ids = 0;
const ctx = (now = 1_000) => ({ now, newId: () => `id-${++ids}` });
const assignee: ActorInput = { interactionId: 'i-1', agentId: 'a-1' };
const manager: ActorInput = { interactionId: 'i-1', agentId: 'm-1', asSupervisor: true };
const other: ActorInput = { interactionId: 'i-1', agentId: 'a-9' };

function at(state: InteractionState, extra: Partial<InteractionSnapshot> = {}): InteractionSnapshot {
  return {
    ...initialSnapshot(), interactionId: 'i-1', state, queueId: 'q', workItemId: 'w-1', inboundPending: false, version: 3,
    assignedAgentId: state === 'work_in_progress' || state === 'on_hold' ? 'a-1' : null, offer: null, ...extra,
  };
}
const types = (cs: Effect[]) => cs.map((c) => c.type);
const find = <T extends Effect['type']>(cs: Effect[], type: T) => cs.find((c) => c.type === type) as Extract<Effect, { type: T }>;

describe('interaction decider: transfer, assignment, reassign, max wait (issue 16)', () => {
  it('TRF-2 transfer to a queue: queued in that queue, assignee cleared, the transferring agent not re-offered it', () => {
    const d = decide(at('work_in_progress'), { type: 'transfer', actor: assignee, toQueueId: 'billing', note: 'billing question' }, ctx());
    assert.equal(d.snapshot.state, 'queued');
    assert.equal(d.snapshot.assignedAgentId, null);
    assert.equal(d.snapshot.queueId, 'billing');
    const enqueue = find(d.effects, 'enqueue');
    assert.equal(enqueue.queueId, 'billing');
    assert.equal(enqueue.route, undefined, 'a transfer names its queue: no condition routing');
    assert.deepEqual(enqueue.excludedAgentIds, ['a-1']);
    assert.equal(enqueue.projection.assignedAgentId, null);
    assert.deepEqual(find(d.effects, 'note').note, { kind: 'transferred_to_queue', note: 'billing question' });
    assert.equal(find(d.effects, 'routing_event').event, 'transferred');
    assert.ok(!types(d.effects).includes('system_text'), 'SPEC §8: queue-to-queue transfers are never texted');
  });

  it('REG-2 after a transfer the previous agent can no longer send', () => {
    const d = decide(at('work_in_progress'), { type: 'transfer', actor: assignee, toQueueId: 'billing' }, ctx());
    assert.throws(() => decide(d.snapshot, { type: 'agent_message', actor: assignee, messageId: 'm' }, ctx()), RejectedCommand);
  });

  it('TRF-3 transfer to an agent: offered to that agent only; accepted → theirs', () => {
    const d = decide(at('on_hold'), { type: 'transfer', actor: assignee, toAgentId: 'a-2' }, ctx());
    const enqueue = find(d.effects, 'enqueue');
    assert.equal(enqueue.targetAgentId, 'a-2');
    assert.equal(enqueue.transferredBy, 'a-1');
    const offer = { workItemId: enqueue.workItemId, offerId: 'o-1', agentId: 'a-2', expiresAt: 9_000 };
    const offered = decide(d.snapshot, { type: 'offered', offer }, ctx());
    const accepted = decide(offered.snapshot, { type: 'assigned', workItemId: enqueue.workItemId, agentId: 'a-2' }, ctx());
    assert.equal(accepted.snapshot.assignedAgentId, 'a-2');
    assert.equal(accepted.snapshot.transferFrom, null);
    assert.throws(() => decide(accepted.snapshot, { type: 'agent_message', actor: assignee, messageId: 'm' }, ctx()), /only the assigned agent/);
  });

  it('TRF-3 (ref Q25) a transfer the agent rejects or lets expire comes back to the transferring agent, who is told', () => {
    const d = decide(at('work_in_progress'), { type: 'transfer', actor: assignee, toAgentId: 'a-2' }, ctx());
    const w = find(d.effects, 'enqueue').workItemId;
    const offered = decide(d.snapshot, { type: 'offered', offer: { workItemId: w, offerId: 'o-1', agentId: 'a-2', expiresAt: 9_000 } }, ctx());
    const back = decide(offered.snapshot, { type: 'offer_returned', workItemId: w, offerId: 'o-1' }, ctx());
    assert.equal(back.snapshot.state, 'work_in_progress');
    assert.equal(back.snapshot.assignedAgentId, 'a-1');
    assert.ok(types(back.effects).includes('notify_agent'));
    assert.doesNotThrow(() => decide(back.snapshot, { type: 'agent_message', actor: assignee, messageId: 'm' }, ctx()));
  });

  const refused: [string, InteractionSnapshot, DecisionEvent, RegExp][] = [
    ['TRF-1 only the assignee or a manager may transfer', at('work_in_progress'), { type: 'transfer', actor: other, toQueueId: 'b' }, /only the assigned agent/],
    ['TRF-1 a queued interaction cannot be transferred', at('queued'), { type: 'transfer', actor: manager, toQueueId: 'b' }, /cannot transfer while the interaction is queued/],
    ['TRF-1 a transfer names a queue or an agent', at('work_in_progress'), { type: 'transfer', actor: assignee }, /name a queue or an agent/],
    ['TRF-3 not to the agent who has it', at('work_in_progress'), { type: 'transfer', actor: assignee, toAgentId: 'a-1' }, /already assigned/],
    ['MAN-1 only a manager assigns', at('queued'), { type: 'manual_assign', actor: assignee, toAgentId: 'a-2' }, /only a manager/],
    ['MAN-1 a closed interaction cannot be assigned', at('closed_complete'), { type: 'manual_assign', actor: manager, toAgentId: 'a-2' }, /closed complete/],
    ['RSN-4 a queued interaction has nobody to reassign from', at('queued'), { type: 'reassign', actor: manager }, /cannot reassign/],
  ];
  for (const [name, s, event, message] of refused) it(name, () => assert.throws(() => decide(s, event, ctx()), message));

  for (const from of ['queued', 'offered', 'work_in_progress', 'on_hold'] as const) {
    it(`MAN-1/Q-6 a manager assigns an interaction that is ${from}: the new agent has it at once, open work canceled`, () => {
      const d = decide(at(from), { type: 'manual_assign', actor: manager, toAgentId: 'a-2' }, ctx());
      assert.equal(d.snapshot.assignedAgentId, 'a-2');
      assert.equal(d.snapshot.state, from === 'on_hold' ? 'on_hold' : 'work_in_progress');
      const c = find(d.effects, 'assign_direct');
      assert.deepEqual({ agentId: c.agentId, byUserId: c.byUserId, previousAgentId: c.previousAgentId }, { agentId: 'a-2', byUserId: 'm-1', previousAgentId: from === 'work_in_progress' || from === 'on_hold' ? 'a-1' : null });
      assert.equal(c.projection.assignedAgentId, 'a-2');
    });
  }

  const offer = { allowReject: false, timeoutSeconds: 30, timeoutPresence: 'offline' as const };
  for (const from of ['queued', 'offered'] as const) {
    it(`MAN-1 a manager offers an interaction that is ${from} to one agent, with their options; accepted → theirs`, () => {
      const s = at(from, from === 'offered' ? { offer: { workItemId: 'w-1', offerId: 'o-0', agentId: 'a-3', expiresAt: 5_000 } } : {});
      const d = decide(s, { type: 'manual_assign', actor: manager, toAgentId: 'a-2', offer }, ctx());
      assert.equal(d.snapshot.state, 'queued');
      assert.equal(d.snapshot.assignedAgentId, null, 'nobody has it until the agent accepts');
      assert.equal(d.snapshot.offer, null);
      const c = find(d.effects, 'offer_direct');
      assert.deepEqual({ agentId: c.agentId, byUserId: c.byUserId, queueId: c.queueId, offer: c.offer }, { agentId: 'a-2', byUserId: 'm-1', queueId: 'q', offer });
      assert.notEqual(c.workItemId, 'w-1', 'a new work item replaces the open one (Q-6)');
      assert.equal(d.snapshot.workItemId, c.workItemId);
      assert.equal(c.projection.state, 'queued');
      assert.ok(!types(d.effects).includes('assign_direct'));
      const offered = decide(d.snapshot, { type: 'offered', offer: { workItemId: c.workItemId, offerId: 'o-1', agentId: 'a-2', expiresAt: 31_000 } }, ctx());
      assert.deepEqual(deadlines(offered.snapshot).map((x) => [x.kind, x.at]), [['offer_timeout', 31_000]]);
      const accepted = decide(offered.snapshot, { type: 'assigned', workItemId: c.workItemId, agentId: 'a-2' }, ctx());
      assert.equal(accepted.snapshot.assignedAgentId, 'a-2');
      assert.equal(accepted.snapshot.state, 'work_in_progress');
    });
  }

  it('MAN-1 a manager’s offer declined or expired goes back to routing, not to anyone who had it before', () => {
    const s = at('work_in_progress');
    const t = decide(s, { type: 'transfer', actor: assignee, toAgentId: 'a-3' }, ctx()); // a transfer waiting on a-3
    const d = decide(t.snapshot, { type: 'manual_assign', actor: manager, toAgentId: 'a-2', offer }, ctx());
    const w = find(d.effects, 'offer_direct').workItemId;
    const offered = decide(d.snapshot, { type: 'offered', offer: { workItemId: w, offerId: 'o-1', agentId: 'a-2', expiresAt: null } }, ctx());
    assert.deepEqual(deadlines(offered.snapshot), [], 'an offer without a timeout waits until it is answered');
    const back = decide(offered.snapshot, { type: 'offer_returned', workItemId: w, offerId: 'o-1' }, ctx());
    assert.equal(back.snapshot.state, 'queued');
    assert.equal(back.snapshot.assignedAgentId, null, 'not back to the transferring agent: the manager’s choice replaced the transfer');
    assert.equal(back.snapshot.workItemId, w, 'the same work item is routed again');
  });

  it('MAN-1 only a waiting conversation can be offered; one in progress is assigned at once', () => {
    for (const from of ['work_in_progress', 'on_hold'] as const) {
      assert.throws(() => decide(at(from), { type: 'manual_assign', actor: manager, toAgentId: 'a-2', offer }, ctx()), /only a waiting conversation can be offered/);
    }
    assert.throws(() => decide(at('queued'), { type: 'manual_assign', actor: assignee, toAgentId: 'a-2', offer }, ctx()), /only a manager/);
  });

  it('RSN-4 reassign clears the assignee and re-routes by the queues’ conditions, not back to the same agent', () => {
    const d = decide(at('work_in_progress'), { type: 'reassign', actor: manager, reason: 'agent away' }, ctx());
    assert.equal(d.snapshot.state, 'queued');
    assert.equal(d.snapshot.assignedAgentId, null);
    const enqueue = find(d.effects, 'enqueue');
    assert.equal(enqueue.route, true);
    assert.deepEqual(enqueue.excludedAgentIds, ['a-1']);
    assert.ok(!types(d.effects).includes('system_text'), 'RSN-4: the requester is not notified');
  });

  it('Q-2 the queue the conditions chose becomes the interaction’s queue', () => {
    const d = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'spanish' }, ctx());
    assert.equal(d.snapshot.queueId, 'spanish');
    assert.deepEqual(d.effects, []);
  });

  it('Q-9/SYS-4 after the queue’s max wait the requester gets the max-wait text once; the item stays queued', () => {
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 60, maxWaitText: 'Still here!' }, ctx(1_000));
    const [deadline] = deadlines(q.snapshot);
    assert.deepEqual(deadline, { kind: 'max_wait', at: 61_000 });
    const fired = decide(q.snapshot, { type: 'deadline_reached', kind: 'max_wait' }, ctx(61_000));
    assert.equal(fired.snapshot.state, 'queued');
    const text = find(fired.effects, 'system_text');
    assert.deepEqual([text.key, text.body], ['queue_max_wait', 'Still here!']);
    assert.deepEqual(deadlines(fired.snapshot), []);
    // Queued again later (a transfer): no second text.
    const again = decide(fired.snapshot, { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 60 }, ctx(70_000));
    assert.deepEqual(deadlines(again.snapshot), []);
  });

  it('Q-12 a queue with max wait 0 waits indefinitely: no max-wait timer', () => {
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 0 }, ctx());
    assert.deepEqual(deadlines(q.snapshot), []);
  });

  it('Q-9 an accept before the max wait cancels the timer', () => {
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 60 }, ctx());
    const a = decide(q.snapshot, { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' }, ctx());
    assert.ok(!deadlines(a.snapshot).some((d) => d.kind === 'max_wait'));
  });

  it('Q-10 the queue’s wait triggers text the requester in order while they wait; the item stays queued', () => {
    const triggers = [{ afterSeconds: 120, text: 'Two minutes in: still there?' }, { afterSeconds: 30, text: 'Thanks for waiting.' }];
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 600, waitTriggers: triggers }, ctx(1_000));
    assert.deepEqual(deadlines(q.snapshot).map((d) => [d.kind, d.at]), [['queue_trigger', 31_000], ['max_wait', 601_000]]);
    const early = decide(q.snapshot, { type: 'deadline_reached', kind: 'queue_trigger' }, ctx(30_000));
    assert.deepEqual(early.effects, [], 'not due yet: nothing');
    const first = decide(q.snapshot, { type: 'deadline_reached', kind: 'queue_trigger' }, ctx(31_000));
    assert.equal(first.snapshot.state, 'queued');
    const text = find(first.effects, 'system_text');
    assert.deepEqual([text.key, text.body], ['queue_max_wait', 'Thanks for waiting.']);
    assert.equal(find(first.effects, 'routing_event').event, 'queue_trigger');
    assert.deepEqual(deadlines(first.snapshot)[0], { kind: 'queue_trigger', at: 121_000 });
    const second = decide(first.snapshot, { type: 'deadline_reached', kind: 'queue_trigger' }, ctx(121_000));
    assert.equal(find(second.effects, 'system_text').body, 'Two minutes in: still there?');
    assert.deepEqual(deadlines(second.snapshot).map((d) => d.kind), ['max_wait'], 'every trigger fired once');
  });

  it('Q-10 an accept cancels the wait triggers; queued again (a transfer) they count from the new queueing', () => {
    const triggers = [{ afterSeconds: 30, text: 'Thanks for waiting.' }];
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q', waitTriggers: triggers }, ctx(1_000));
    const offered = decide(q.snapshot, { type: 'offered', offer: { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-2', expiresAt: 100_000 } }, ctx(2_000));
    assert.deepEqual(deadlines(offered.snapshot).map((d) => d.kind), ['queue_trigger', 'offer_timeout'], 'still waiting while offered');
    const a = decide(offered.snapshot, { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' }, ctx(3_000));
    assert.deepEqual(deadlines(a.snapshot).filter((d) => d.kind === 'queue_trigger'), []);
    const again = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'billing', waitTriggers: triggers }, ctx(500_000));
    assert.deepEqual(deadlines(again.snapshot)[0], { kind: 'queue_trigger', at: 530_000 });
  });

  it('Q-10 a queue without wait triggers (and every history from before them) arms no trigger timer', () => {
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q' }, ctx());
    assert.deepEqual(deadlines(q.snapshot), []);
    assert.deepEqual(q.effects, [], 'nothing changed: no projection either');
  });

  it('Q-11 does not apply: the max wait never removes the item from the queue (SPEC §5), so no option is needed to bypass it', () => {
    const q = decide(at('offered', { offer: { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-2', expiresAt: 100_000 } }), { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 10 }, ctx(1_000));
    const fired = decide(q.snapshot, { type: 'deadline_reached', kind: 'max_wait' }, ctx(11_000));
    assert.equal(fired.snapshot.state, 'offered', 'the offer in the agent’s inbox stays');
    assert.ok(!fired.effects.some((c) => c.type === 'close' || c.type === 'expire_offer'));
    assert.deepEqual(deadlines(fired.snapshot).map((d) => d.kind), ['offer_timeout']);
  });
});
