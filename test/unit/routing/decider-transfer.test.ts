import assert from 'node:assert/strict';
import { deadlines, decide, initialSnapshot, RejectedCommand, type Command, type DecisionEvent } from '../../../src/domain/interaction-decider';
import type { InteractionState } from '../../../src/domain/interaction-state';
import type { ActorInput, InteractionSnapshot } from '../../../src/workflows/definitions';

// Issue 16 in the one decider: transfer (TRF-1…3, REG-2), manual assignment (MAN-1), reassign (RSN-4), max wait.
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
const types = (cs: Command[]) => cs.map((c) => c.type);
const find = <T extends Command['type']>(cs: Command[], type: T) => cs.find((c) => c.type === type) as Extract<Command, { type: T }>;

describe('interaction decider: transfer, assignment, reassign, max wait (issue 16)', () => {
  it('TRF-2 transfer to a queue: queued in that queue, assignee cleared, the transferring agent not re-offered it', () => {
    const d = decide(at('work_in_progress'), { type: 'transfer', actor: assignee, toQueueId: 'billing', note: 'billing question' }, ctx());
    assert.equal(d.snapshot.state, 'queued');
    assert.equal(d.snapshot.assignedAgentId, null);
    assert.equal(d.snapshot.queueId, 'billing');
    const enqueue = find(d.commands, 'enqueue');
    assert.equal(enqueue.queueId, 'billing');
    assert.equal(enqueue.route, undefined, 'a transfer names its queue: no condition routing');
    assert.deepEqual(enqueue.excludedAgentIds, ['a-1']);
    assert.equal(enqueue.projection.assignedAgentId, null);
    assert.match(find(d.commands, 'note').text, /billing question/);
    assert.equal(find(d.commands, 'routing_event').event, 'transferred');
    assert.ok(!types(d.commands).includes('system_text'), 'SPEC §8: queue-to-queue transfers are never texted');
  });

  it('REG-2 after a transfer the previous agent can no longer send', () => {
    const d = decide(at('work_in_progress'), { type: 'transfer', actor: assignee, toQueueId: 'billing' }, ctx());
    assert.throws(() => decide(d.snapshot, { type: 'agent_message', actor: assignee, messageId: 'm' }, ctx()), RejectedCommand);
  });

  it('TRF-3 transfer to an agent: offered to that agent only; accepted → theirs', () => {
    const d = decide(at('on_hold'), { type: 'transfer', actor: assignee, toAgentId: 'a-2' }, ctx());
    const enqueue = find(d.commands, 'enqueue');
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
    const w = find(d.commands, 'enqueue').workItemId;
    const offered = decide(d.snapshot, { type: 'offered', offer: { workItemId: w, offerId: 'o-1', agentId: 'a-2', expiresAt: 9_000 } }, ctx());
    const back = decide(offered.snapshot, { type: 'offer_returned', workItemId: w, offerId: 'o-1' }, ctx());
    assert.equal(back.snapshot.state, 'work_in_progress');
    assert.equal(back.snapshot.assignedAgentId, 'a-1');
    assert.ok(types(back.commands).includes('notify_agent'));
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
      const c = find(d.commands, 'assign_direct');
      assert.deepEqual({ agentId: c.agentId, byUserId: c.byUserId, previousAgentId: c.previousAgentId }, { agentId: 'a-2', byUserId: 'm-1', previousAgentId: from === 'work_in_progress' || from === 'on_hold' ? 'a-1' : null });
      assert.equal(c.projection.assignedAgentId, 'a-2');
    });
  }

  it('RSN-4 reassign clears the assignee and re-routes by the queues’ conditions, not back to the same agent', () => {
    const d = decide(at('work_in_progress'), { type: 'reassign', actor: manager, reason: 'agent away' }, ctx());
    assert.equal(d.snapshot.state, 'queued');
    assert.equal(d.snapshot.assignedAgentId, null);
    const enqueue = find(d.commands, 'enqueue');
    assert.equal(enqueue.route, true);
    assert.deepEqual(enqueue.excludedAgentIds, ['a-1']);
    assert.ok(!types(d.commands).includes('system_text'), 'RSN-4: the requester is not notified');
  });

  it('Q-2 the queue the conditions chose becomes the interaction’s queue', () => {
    const d = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'spanish' }, ctx());
    assert.equal(d.snapshot.queueId, 'spanish');
    assert.deepEqual(d.commands, []);
  });

  it('Q-9 after the queue’s max wait the requester gets the max-wait text once; the item stays queued', () => {
    const q = decide(at('queued'), { type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 60, maxWaitText: 'Still here!' }, ctx(1_000));
    const [deadline] = deadlines(q.snapshot);
    assert.deepEqual(deadline, { kind: 'max_wait', at: 61_000 });
    const fired = decide(q.snapshot, { type: 'deadline_reached', kind: 'max_wait' }, ctx(61_000));
    assert.equal(fired.snapshot.state, 'queued');
    const text = find(fired.commands, 'system_text');
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
});
