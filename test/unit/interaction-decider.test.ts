import assert from 'node:assert/strict';
import {
  deadlines, decide, initialSnapshot, RejectedCommand, validate, type Command, type DecisionEvent,
} from '../../src/domain/interaction-decider';
import type { InteractionState } from '../../src/domain/interaction-state';
import type { ActorInput, InteractionSnapshot } from '../../src/workflows/definitions';

// The one decider (issue 11): every transition of SPEC §4 and every refused one, as rows. An accept and a person's
// end also note it for agents and ask for the SPEC §8 text (SYS-2, SYS-1), which is sent only when enabled.
let ids = 0;
const ctx = (now = 1_000) => ({ now, newId: () => `id-${++ids}` });
const agent: ActorInput = { interactionId: 'i-1', agentId: 'a-1' };
const offer = { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-1', expiresAt: 5_000 };

function at(state: InteractionState, extra: Partial<InteractionSnapshot> = {}): InteractionSnapshot {
  return {
    ...initialSnapshot(), interactionId: 'i-1', state, queueId: 'q', workItemId: 'w-1', inboundPending: false, version: 3,
    assignedAgentId: ['work_in_progress', 'on_hold', 'wrap_up', 'closed_complete', 'closed_abandoned'].includes(state) ? 'a-1' : null,
    offer: state === 'offered' ? offer : null,
    ...extra,
  };
}
const types = (cs: Command[]) => cs.map((c) => c.type);

describe('interaction decider: SPEC §4 transitions', () => {
  const moves: [string, InteractionSnapshot, DecisionEvent, InteractionState, string[]][] = [
    ['RI-2 a new conversation (live agents only) is queued and its work item enqueued', { ...initialSnapshot() },
      { type: 'taken_in', interactionId: 'i-1', opened: true, taken: 1, queueId: 'q' }, 'queued', ['enqueue']],
    ['WI-1 a queued item offered to an agent is offered', at('queued'), { type: 'offered', offer }, 'offered', ['project']],
    ['WI-4/WI-5 an offer returned (rejected, timed out) is queued again', at('offered'), { type: 'offer_returned', workItemId: 'w-1', offerId: 'o-1' }, 'queued', ['project']],
    ['WI-3 an accepted offer is work in progress', at('offered'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, 'work_in_progress', ['project', 'note', 'system_text']],
    ['MAN-1 assignment straight from the queue is work in progress', at('queued'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' }, 'work_in_progress', ['project', 'note', 'system_text']],
    ['hold from work in progress', at('work_in_progress'), { type: 'hold', actor: agent }, 'on_hold', ['project']],
    ['resume from hold', at('on_hold'), { type: 'resume', actor: agent }, 'work_in_progress', ['project']],
    ['SPEC §4 a requester text into on_hold resumes it', at('on_hold'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 2, queueId: 'q' }, 'work_in_progress', ['project']],
    ['RI-3 a requester text with a live agent changes no state', at('work_in_progress'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, 'work_in_progress', []],
    ['RI-5 a requester text while queued changes no state', at('queued'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, 'queued', []],
    ['INT-6 end complete closes with agent_ended', at('work_in_progress'), { type: 'end', actor: agent, outcome: 'complete' }, 'closed_complete', ['close', 'note', 'system_text']],
    ['end abandon from hold', at('on_hold'), { type: 'end', actor: agent, outcome: 'abandon' }, 'closed_abandoned', ['close', 'note', 'system_text']],
    ['SPEC §10 a manager ends a queued interaction', at('queued'), { type: 'end', actor: { ...agent, agentId: 'm-1', asSupervisor: true }, outcome: 'complete' }, 'closed_complete', ['close', 'note', 'system_text']],
  ];
  for (const [name, s, event, state, commands] of moves) {
    it(name, () => {
      const d = decide(s, event, ctx());
      assert.equal(d.snapshot.state, state);
      assert.deepEqual(types(d.commands), commands);
      for (const c of d.commands) {
        if ('projection' in c) {
          assert.equal(c.projection.state, state);
          assert.equal(c.projection.version, (s.version ?? 0) + 1, 'each change projects a newer version');
        }
      }
    });
  }

  const refused: [string, InteractionSnapshot, DecisionEvent, RegExp][] = [
    ['RI-6 a closed interaction takes no agent command', at('closed_complete'), { type: 'resume', actor: agent }, /closed complete/],
    ['closed states are final: no second end', at('closed_abandoned'), { type: 'end', actor: agent, outcome: 'complete' }, /closed abandoned/],
    ['cannot hold what is on hold', at('on_hold'), { type: 'hold', actor: agent }, /cannot hold an interaction that is on hold/],
    ['cannot hold a queued interaction', at('queued', { assignedAgentId: 'a-1' }), { type: 'hold', actor: agent }, /cannot hold an interaction that is queued/],
    ['cannot resume what is not on hold', at('work_in_progress'), { type: 'resume', actor: agent }, /cannot resume/],
    ['REG-2 only the assignee may write', at('work_in_progress'), { type: 'agent_message', actor: { ...agent, agentId: 'a-2' }, messageId: 'm' }, /only the assigned agent/],
    ['REG-2 a supervisor flag does not let a manager write as the agent', at('work_in_progress'), { type: 'agent_message', actor: { ...agent, agentId: 'm-1', asSupervisor: true }, messageId: 'm' }, /only the assigned agent/],
    ['cannot send before the interaction is accepted', at('queued', { assignedAgentId: 'a-1' }), { type: 'agent_message', actor: agent, messageId: 'm' }, /cannot send while the interaction is queued/],
    ['a command meant for an earlier interaction under the same workflow id is refused', at('work_in_progress'), { type: 'hold', actor: { ...agent, interactionId: 'i-0' } }, /has ended/],
  ];
  for (const [name, s, event, message] of refused) {
    it(`refused: ${name}`, () => {
      assert.throws(() => decide(s, event, ctx()), (err: Error) => err instanceof RejectedCommand && message.test(err.message));
      assert.throws(() => validate(s, event), RejectedCommand);
    });
  }
});

describe('interaction decider: facts that no longer apply change nothing', () => {
  const ignored: [string, InteractionSnapshot, DecisionEvent][] = [
    ['an offer for an older work item', at('queued'), { type: 'offered', offer: { ...offer, workItemId: 'old' } }],
    ['an offer for a closed interaction', at('closed_complete'), { type: 'offered', offer }],
    ['a returned offer naming another offer', at('offered'), { type: 'offer_returned', workItemId: 'w-1', offerId: 'other' }],
    ['an assignment once in progress', at('work_in_progress'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' }],
    ['a take-in that took nothing', at('on_hold'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 0, queueId: 'q' }],
    ['a duplicate wake-up of a new run that opened nothing', { ...initialSnapshot() }, { type: 'taken_in', interactionId: null, opened: false, taken: 0, queueId: null }],
    ['an offer deadline before it is due', at('offered'), { type: 'deadline_reached', kind: 'offer_timeout' }],
  ];
  for (const [name, s, event] of ignored) {
    it(name, () => {
      const d = decide(s, event, ctx());
      assert.equal(d.snapshot, s);
      assert.deepEqual(d.commands, []);
    });
  }

  it('RI-6: a take-in that returns after End does not reopen it; texts it could not take wait for a new run', () => {
    const ended = decide(at('work_in_progress'), { type: 'end', actor: agent, outcome: 'complete' }, ctx()).snapshot;
    const late = decide(ended, { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 0, queueId: 'q' }, ctx());
    assert.equal(late.snapshot.state, 'closed_complete');
    assert.equal(late.snapshot.inboundPending, true);
    assert.deepEqual(late.commands, []);
    const claimed = decide(ended, { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, ctx());
    assert.equal(claimed.snapshot.state, 'closed_complete');
    assert.equal(claimed.snapshot.inboundPending, false);
  });

  it('Hold decided while a take-in was in flight: the text taken afterwards resumes it (SPEC §4)', () => {
    const held = decide(at('work_in_progress'), { type: 'hold', actor: agent }, ctx()).snapshot;
    const d = decide(held, { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, ctx());
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.equal(d.snapshot.version, 5);
  });
});

describe('interaction decider: deadlines and the offer timeout', () => {
  it('WI-5 an offered interaction has one deadline, the offer timeout', () => {
    assert.deepEqual(deadlines(at('offered')), [{ kind: 'offer_timeout', at: 5_000 }]);
    assert.deepEqual(deadlines(at('queued')), []);
    assert.deepEqual(deadlines(at('work_in_progress')), []);
  });
  it('WI-5 a due offer deadline asks to expire that offer', () => {
    const d = decide(at('offered'), { type: 'deadline_reached', kind: 'offer_timeout' }, ctx(5_000));
    assert.deepEqual(d.commands, [{ type: 'expire_offer', offer }]);
    assert.equal(d.snapshot.state, 'offered');
  });
  const settled: [string, Parameters<typeof decide>[1], InteractionState, string | null][] = [
    ['returned to the queue', { type: 'offer_settled', offer, after: { state: 'queued', agentId: null, offer: null } }, 'queued', null],
    ['accepted as the timer fired: the accept wins', { type: 'offer_settled', offer, after: { state: 'accepted', agentId: 'a-1', offer: null } }, 'work_in_progress', 'a-1'],
  ];
  for (const [name, event, state, assignee] of settled) {
    it(`an expired offer's row says ${name}`, () => {
      const d = decide(at('offered'), event, ctx(5_000));
      assert.equal(d.snapshot.state, state);
      assert.equal(d.snapshot.assignedAgentId, assignee);
      assert.equal(d.snapshot.offer, null);
    });
  }
  it('re-offered to another agent meanwhile: one projection of the newest version, with the new offer', () => {
    const next = { ...offer, offerId: 'o-2', agentId: 'a-2', expiresAt: 9_000 };
    const d = decide(at('offered'), { type: 'offer_settled', offer, after: { state: 'offered', agentId: 'a-2', offer: next } }, ctx(5_000));
    assert.equal(d.snapshot.state, 'offered');
    assert.deepEqual(d.snapshot.offer, next);
    assert.deepEqual(types(d.commands), ['project']);
    assert.equal((d.commands[0] as Extract<Command, { type: 'project' }>).projection.version, 5);
    assert.deepEqual(deadlines(d.snapshot), [{ kind: 'offer_timeout', at: 9_000 }]);
  });
  it('ignores the settlement of an offer it no longer holds', () => {
    const s = at('queued');
    assert.equal(decide(s, { type: 'offer_settled', offer, after: { state: 'queued', agentId: null, offer: null } }, ctx()).snapshot, s);
  });
});

describe('interaction decider: the outbox', () => {
  it('an agent message joins the outbox and asks for a send; sent messages leave it in order', () => {
    let s = at('work_in_progress');
    for (const id of ['m1', 'm2']) s = decide(s, { type: 'agent_message', actor: agent, messageId: id }, ctx()).snapshot;
    assert.deepEqual(s.outbox, ['m1', 'm2']);
    assert.equal(decide(s, { type: 'sent', messageId: 'm2' }, ctx()).snapshot, s, 'only the head of the outbox leaves');
    s = decide(s, { type: 'sent', messageId: 'm1' }, ctx()).snapshot;
    assert.deepEqual(s.outbox, ['m2']);
  });
  it('decide never mutates the snapshot it is given', () => {
    const s = at('work_in_progress');
    const before = JSON.stringify(s);
    decide(s, { type: 'agent_message', actor: agent, messageId: 'm1' }, ctx());
    decide(s, { type: 'end', actor: agent, outcome: 'complete' }, ctx());
    assert.equal(JSON.stringify(s), before);
  });
});

describe('interaction decider: Compose SMS (SPEC §3)', () => {
  const compose = (forUserId: string | null, requesterUserId: string | null, agentId = 'a-2') =>
    ({ type: 'compose', agentId, forUserId, messageId: 'm-1', body: 'hello', requesterUserId }) as const;
  const fresh = () => ({ ...initialSnapshot(), inboundPending: false });

  it('AI-14 no active interaction: a new one assigned straight to the sender (no offer), its message sent', () => {
    const d = decide(fresh(), compose(null, null), ctx());
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.equal(d.snapshot.assignedAgentId, 'a-2');
    assert.equal(d.snapshot.workItemId, null);
    assert.deepEqual(types(d.commands), ['open_composed', 'send']);
    assert.deepEqual(d.snapshot.outbox, ['m-1']);
  });
  it('AI-14 after a close the same run opens the next interaction (RI-6 for compose)', () => {
    const d = decide(at('closed_complete'), compose(null, null), ctx());
    assert.notEqual(d.snapshot.interactionId, 'i-1');
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.equal((d.commands[0] as Extract<Command, { type: 'open_composed' }>).projection.version, 4, 'versions go on counting');
  });
  it('AI-15 an active interaction with a live agent: the sender joins and writes into it; no reassignment', () => {
    const d = decide(at('work_in_progress'), compose(null, null), ctx());
    assert.equal(d.snapshot.interactionId, 'i-1');
    assert.equal(d.snapshot.assignedAgentId, 'a-1');
    assert.deepEqual(d.snapshot.participants, ['a-2']);
    assert.deepEqual(types(d.commands), ['join', 'send']);
    const more = decide(d.snapshot, { type: 'agent_message', actor: { interactionId: 'i-1', agentId: 'a-2' }, messageId: 'm-2' }, ctx());
    assert.deepEqual(more.snapshot.outbox, ['m-1', 'm-2'], 'a participant may write in it');
  });
  it('AI-15 composing for the same person joins; so does composing into a guest’s conversation', () => {
    assert.deepEqual(types(decide(at('queued'), compose('u-1', 'u-1'), ctx()).commands), ['join', 'send']);
    assert.deepEqual(types(decide(at('work_in_progress'), compose('u-1', null), ctx()).commands), ['join', 'send']);
  });
  it('AI-16 an active interaction with the virtual agent: closed, and a new one assigned to the sender', () => {
    const d = decide(at('virtual_agent'), compose(null, null), ctx());
    assert.deepEqual(types(d.commands), ['close', 'open_composed', 'send']);
    const closed = (d.commands[0] as Extract<Command, { type: 'close' }>).projection;
    assert.deepEqual([closed.interactionId, closed.state, closed.closeReason], ['i-1', 'closed_complete', 'auto_closed']);
    assert.equal(d.snapshot.assignedAgentId, 'a-2');
  });
  it('AI-17 an active interaction for a different person: closed, the profile replaced, a new one for the sender', () => {
    const d = decide(at('work_in_progress'), compose('u-2', 'u-1'), ctx());
    assert.deepEqual(types(d.commands), ['close', 'open_composed', 'send']);
    assert.equal((d.commands[1] as Extract<Command, { type: 'open_composed' }>).replaceProfile, true);
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.notEqual(d.snapshot.interactionId, 'i-1');
  });
});
