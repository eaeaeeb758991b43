import assert from 'node:assert/strict';
import {
  deadlines, decide, initialSnapshot, RejectedCommand, validate, type Effect, type DecisionEvent,
} from '../../src/domain/interaction-decider';
import type { InteractionState } from '../../src/domain/interaction-state';
import { emptyRuns, requesterWrote } from '../../src/domain/messaging-actions';
import type { ActorInput, InteractionSnapshot } from '../../src/workflows/definitions';

// The one decider (issue 11): every transition of SPEC §4 and every refused one, as rows.
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
const types = (cs: Effect[]) => cs.map((c) => c.type);

describe('interaction decider: SPEC §4 transitions', () => {
  const moves: [string, InteractionSnapshot, DecisionEvent, InteractionState, string[]][] = [
    ['RI-2 a new conversation (live agents only) is queued and its work item enqueued', { ...initialSnapshot() },
      { type: 'taken_in', interactionId: 'i-1', opened: true, taken: 1, queueId: 'q' }, 'queued', ['enqueue']],
    ['WI-1 a queued item offered to an agent is offered', at('queued'), { type: 'offered', offer }, 'offered', ['project']],
    ['WI-2/WI-3 an offer returned (rejected, timed out) is queued again', at('offered'), { type: 'offer_returned', workItemId: 'w-1', offerId: 'o-1' }, 'queued', ['project']],
    ['INT-4/SYS-2 an accepted offer is work in progress, assigned to the agent; a note, the initial response, messaging actions armed', at('offered'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, 'work_in_progress', ['project', 'note', 'arm_messaging_actions', 'system_text']],
    ['MAN-1 assignment straight from the queue is work in progress', at('queued'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-2' }, 'work_in_progress', ['project', 'note', 'arm_messaging_actions', 'system_text']],
    ['hold from work in progress', at('work_in_progress'), { type: 'hold', actor: agent }, 'on_hold', ['project']],
    ['resume from hold', at('on_hold'), { type: 'resume', actor: agent }, 'work_in_progress', ['project']],
    ['SPEC §4 a requester text into on_hold resumes it', at('on_hold'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 2, queueId: 'q' }, 'work_in_progress', ['project']],
    ['RI-3 a requester text with a live agent changes no state', at('work_in_progress'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, 'work_in_progress', []],
    ['RI-5 a requester text while queued changes no state', at('queued'), { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, 'queued', []],
    ['INT-11/SYS-1 end complete closes with agent_ended; a person closed it: the requester is texted', at('work_in_progress'), { type: 'end', actor: agent, outcome: 'complete' }, 'closed_complete', ['close', 'note', 'system_text']],
    ['end abandon from hold', at('on_hold'), { type: 'end', actor: agent, outcome: 'abandon' }, 'closed_abandoned', ['close', 'note', 'system_text']],
    ['SPEC §10 a manager ends a queued interaction', at('queued'), { type: 'end', actor: { ...agent, agentId: 'm-1', asSupervisor: true }, outcome: 'complete' }, 'closed_complete', ['close', 'note', 'system_text']],
  ];
  for (const [name, s, event, state, commands] of moves) {
    it(name, () => {
      const d = decide(s, event, ctx());
      assert.equal(d.snapshot.state, state);
      assert.deepEqual(types(d.effects), commands);
      if (event.type === 'assigned') assert.equal(d.snapshot.assignedAgentId, event.agentId, 'INT-4: the accepting agent is the assignee');
      if (event.type === 'end') assert.equal(d.snapshot.closeReason, 'agent_ended', 'INT-11: an agent (or a manager) ended it');
      for (const c of d.effects) {
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
      assert.deepEqual(d.effects, []);
    });
  }

  it('RI-6: a take-in that returns after End does not reopen it; texts it could not take wait for a new run', () => {
    const ended = decide(at('work_in_progress'), { type: 'end', actor: agent, outcome: 'complete' }, ctx()).snapshot;
    const late = decide(ended, { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 0, queueId: 'q' }, ctx());
    assert.equal(late.snapshot.state, 'closed_complete');
    assert.equal(late.snapshot.inboundPending, true);
    assert.deepEqual(late.effects, []);
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
  it('WI-3 an offered interaction has one deadline, the offer timeout', () => {
    assert.deepEqual(deadlines(at('offered')), [{ kind: 'offer_timeout', at: 5_000 }]);
    assert.deepEqual(deadlines(at('queued')), []);
    assert.deepEqual(deadlines(at('work_in_progress')), []);
  });
  it('WI-3 a due offer deadline asks to expire that offer', () => {
    const d = decide(at('offered'), { type: 'deadline_reached', kind: 'offer_timeout' }, ctx(5_000));
    assert.deepEqual(d.effects, [{ type: 'expire_offer', offer }]);
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
    assert.deepEqual(types(d.effects), ['project']);
    assert.equal((d.effects[0] as Extract<Effect, { type: 'project' }>).projection.version, 5);
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
    assert.deepEqual(types(d.effects), ['open_composed', 'send', 'arm_messaging_actions']);
    assert.deepEqual(d.snapshot.outbox, ['m-1']);
  });
  it('AI-14 after a close the same run opens the next interaction (RI-6 for compose)', () => {
    const d = decide(at('closed_complete'), compose(null, null), ctx());
    assert.notEqual(d.snapshot.interactionId, 'i-1');
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.equal((d.effects[0] as Extract<Effect, { type: 'open_composed' }>).projection.version, 4, 'versions go on counting');
  });
  it('AI-15 an active interaction with a live agent: the sender joins and writes into it; no reassignment', () => {
    const d = decide(at('work_in_progress'), compose(null, null), ctx());
    assert.equal(d.snapshot.interactionId, 'i-1');
    assert.equal(d.snapshot.assignedAgentId, 'a-1');
    assert.deepEqual(d.snapshot.participants, ['a-2']);
    assert.deepEqual(types(d.effects), ['join', 'send']);
    const more = decide(d.snapshot, { type: 'agent_message', actor: { interactionId: 'i-1', agentId: 'a-2' }, messageId: 'm-2' }, ctx());
    assert.deepEqual(more.snapshot.outbox, ['m-1', 'm-2'], 'a participant may write in it');
  });
  it('AI-15 composing for the same person joins; so does composing into a guest’s conversation', () => {
    assert.deepEqual(types(decide(at('queued'), compose('u-1', 'u-1'), ctx()).effects), ['join', 'send']);
    assert.deepEqual(types(decide(at('work_in_progress'), compose('u-1', null), ctx()).effects), ['join', 'send']);
  });
  it('AI-16 an active interaction with the virtual agent: closed, and a new one assigned to the sender', () => {
    const d = decide(at('virtual_agent'), compose(null, null), ctx());
    assert.deepEqual(types(d.effects), ['close', 'open_composed', 'send', 'arm_messaging_actions']);
    const closed = (d.effects[0] as Extract<Effect, { type: 'close' }>).projection;
    assert.deepEqual([closed.interactionId, closed.state, closed.closeReason], ['i-1', 'closed_complete', 'auto_closed']);
    assert.equal(d.snapshot.assignedAgentId, 'a-2');
  });
  it('AI-17 an active interaction for a different person: closed, the profile replaced, a new one for the sender', () => {
    const d = decide(at('work_in_progress'), compose('u-2', 'u-1'), ctx());
    assert.deepEqual(types(d.effects), ['close', 'open_composed', 'send', 'arm_messaging_actions']);
    assert.equal((d.effects[1] as Extract<Effect, { type: 'open_composed' }>).replaceProfile, true);
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.notEqual(d.snapshot.interactionId, 'i-1');
  });
});

describe('interaction decider: messaging actions (SPEC §7)', () => {
  const E1 = 'requester_message_without_agent_response' as const;
  const armed = [{ id: 'ma-1', event: E1, durationMs: 1_000 }];
  const working = () => {
    const assigned = decide(at('offered'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, ctx(0)).snapshot;
    return decide(assigned, { type: 'ma_armed', actions: armed }, ctx(0)).snapshot;
  };
  const fire = (action: 'prompt_agent' | 'prompt_requester' | 'reassign' | 'set_state', extra: { promptText?: string; targetState?: 'on_hold' | 'closed_abandoned' } = {}) => {
    const s = working();
    const due = decide(s, { type: 'deadline_reached', kind: 'messaging_action' }, ctx(1_000));
    assert.deepEqual(due.effects, [{ type: 'evaluate_messaging_actions', due: armed }]);
    return decide(due.snapshot, {
      type: 'ma_evaluated', actions: armed,
      results: [{ id: 'ma-1', event: E1, fire: true, action, promptText: extra.promptText ?? null, targetState: extra.targetState ?? null }],
    }, ctx(1_000));
  };

  it('Q4 the runs start once a live agent is involved: an accept anchors the requester-waiting run and arms the timers', () => {
    assert.deepEqual(deadlines(working()), [{ kind: 'messaging_action', at: 1_000, actionId: 'ma-1', event: E1 }]);
    assert.deepEqual(deadlines({ ...at('virtual_agent'), lastInboundAt: 0 }, { vaIdleCloseMs: 5_000 }), [{ kind: 'va_idle', at: 5_000 }], 'a VA-only conversation has only the idle timer');
  });
  it('MA-8 the agent’s message cancels the requester-waiting timer', () => {
    const d = decide(working(), { type: 'agent_message', actor: agent, messageId: 'm' }, ctx(500));
    assert.deepEqual(deadlines(d.snapshot), []);
  });
  it('MA-5 prompt_agent: a Workspace notification to the assignee and a note', () => {
    const d = fire('prompt_agent', { promptText: 'Please answer' });
    assert.deepEqual(d.effects.map((c) => c.type), ['notify_agent', 'note']);
    assert.deepEqual(d.effects[0], { type: 'notify_agent', agentId: 'a-1', text: 'Please answer' });
  });
  it('MA-5/MA-13/SYS-5 prompt_requester: a system text with the action’s own prompt', () => {
    const d = fire('prompt_requester', { promptText: 'Still there?' });
    assert.deepEqual(d.effects.map((c) => [c.type, (c as { body?: string }).body]), [['system_text', 'Still there?']]);
  });
  it('MA-5/RSN-1 reassign: assignee cleared, queued again, the previous agent excluded', () => {
    const d = fire('reassign');
    assert.equal(d.snapshot.state, 'queued');
    assert.equal(d.snapshot.assignedAgentId, null);
    const enqueue = d.effects.find((c) => c.type === 'enqueue') as Extract<Effect, { type: 'enqueue' }>;
    assert.deepEqual(enqueue.excludedAgentIds, ['a-1']);
    assert.deepEqual(deadlines(d.snapshot), [], 'no live agent, no timers');
  });
  it('MA-5 set_state closed_abandoned: a system close (auto_closed), never texted', () => {
    const d = fire('set_state', { targetState: 'closed_abandoned' });
    assert.equal(d.snapshot.state, 'closed_abandoned');
    assert.equal(d.snapshot.closeReason, 'auto_closed');
    assert.deepEqual(d.effects.map((c) => c.type), ['close', 'note']);
  });
  it('MA-5 set_state on_hold', () => {
    assert.equal(fire('set_state', { targetState: 'on_hold' }).snapshot.state, 'on_hold');
  });
  it('MA-4 an action whose filter no longer holds does nothing, and does not fire again in this run', () => {
    const s = working();
    const due = decide(s, { type: 'deadline_reached', kind: 'messaging_action' }, ctx(1_000));
    const d = decide(due.snapshot, { type: 'ma_evaluated', actions: armed, results: [{ id: 'ma-1', event: E1, fire: false, action: 'reassign', promptText: null, targetState: null }] }, ctx(1_000));
    assert.equal(d.snapshot.state, 'work_in_progress');
    assert.deepEqual(d.effects, []);
    assert.deepEqual(deadlines(d.snapshot), []);
  });
});

describe('interaction decider: quiet hours (SPEC §9)', () => {
  const MORNING = 50_000;
  const held = (s: InteractionSnapshot, messageId: string, key: 'prompt_requester' | 'queue_max_wait' = 'prompt_requester', until = MORNING) =>
    decide(s, { type: 'outbound_recorded', messageId, key, holdUntil: until }, ctx(1_000));

  it('SPEC §9 an unsolicited text recorded at night is held, not sent, with a quiet_hours timer at the morning', () => {
    const d = held(at('work_in_progress'), 'm-1');
    assert.deepEqual(d.effects, [], 'nothing goes to the provider');
    assert.deepEqual(d.snapshot.outbox, []);
    assert.deepEqual(deadlines(d.snapshot).map((x) => [x.kind, x.at, x.messageIds]), [['quiet_hours', MORNING, ['m-1']]]);
  });

  it('SPEC §9 when quiet hours end the held texts go, in the order they were written', () => {
    let s = held(at('queued'), 'm-1', 'queue_max_wait').snapshot;
    s = held(s, 'm-2').snapshot;
    const early = decide(s, { type: 'deadline_reached', kind: 'quiet_hours' }, ctx(MORNING - 1));
    assert.deepEqual(early.effects, [], 'a timer that fired early changes nothing');
    const d = decide(s, { type: 'deadline_reached', kind: 'quiet_hours' }, ctx(MORNING));
    assert.deepEqual(d.effects, [{ type: 'send', messageId: 'm-1' }, { type: 'send', messageId: 'm-2' }]);
    assert.deepEqual(d.snapshot.outbox, ['m-1', 'm-2']);
    assert.deepEqual(d.snapshot.held, []);
    assert.equal(deadlines(d.snapshot).length, 0);
  });

  it('SPEC §9 texts held until different mornings go each at its own time', () => {
    let s = held(at('work_in_progress'), 'm-1', 'prompt_requester', MORNING).snapshot;
    s = held(s, 'm-2', 'prompt_requester', MORNING + 86_400_000).snapshot;
    const d = decide(s, { type: 'deadline_reached', kind: 'quiet_hours' }, ctx(MORNING));
    assert.deepEqual(types(d.effects), ['send']);
    assert.deepEqual(deadlines(d.snapshot).map((x) => x.at), [MORNING + 86_400_000]);
  });

  it('SPEC §9 a text whose hold already ended (the fact arrived late) goes at once', () => {
    const d = decide(at('work_in_progress'), { type: 'outbound_recorded', messageId: 'm-1', key: 'prompt_requester', holdUntil: 900 }, ctx(1_000));
    assert.deepEqual(d.effects, [{ type: 'send', messageId: 'm-1' }]);
  });

  it('SPEC §9 texts a person writes are never held (agent messages go through the outbox at once)', () => {
    const d = decide(held(at('work_in_progress'), 'm-1').snapshot, { type: 'agent_message', actor: agent, messageId: 'm-2' }, ctx(2_000));
    assert.deepEqual(d.effects, [{ type: 'send', messageId: 'm-2' }]);
    assert.deepEqual(d.snapshot.held?.map((h) => h.messageId), ['m-1'], 'the held prompt still waits for the morning');
  });

  it('SPEC §9/MA-8 the requester writing meanwhile cancels a held prompt (the run that asked for it ended)', () => {
    let s = held(at('work_in_progress'), 'm-1').snapshot;
    s = held(s, 'm-2', 'queue_max_wait').snapshot;
    const d = decide(s, { type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q' }, ctx(2_000));
    assert.deepEqual(d.effects.filter((c) => c.type === 'cancel_outbound').map((c) => (c as { messageId: string }).messageId), ['m-1']);
    assert.deepEqual(d.snapshot.held?.map((h) => h.messageId), ['m-2'], 'the max-wait text is not about their silence: it stays held');
  });

  it('SPEC §9 a conversation that closes during quiet hours cancels its held texts', () => {
    const s = held(at('work_in_progress'), 'm-1').snapshot;
    const d = decide(s, { type: 'end', actor: agent, outcome: 'complete' }, ctx(2_000));
    assert.ok(d.effects.some((c) => c.type === 'cancel_outbound' && c.messageId === 'm-1'));
    assert.deepEqual(d.snapshot.held, []);
    assert.equal(deadlines(d.snapshot).length, 0);
  });

  it('SPEC §9 the same text recorded twice (a retried activity) is held once', () => {
    const s = held(at('work_in_progress'), 'm-1').snapshot;
    const again = held(s, 'm-1');
    assert.equal(again.snapshot, s);
    assert.equal(again.snapshot.held?.length, 1);
  });
});

describe('interaction decider: messaging actions beside the virtual agent (SPEC §7, ref Q4)', () => {
  const abandon = { id: 'abandon', event: 'agent_message_without_requester_response' as const, durationMs: 2 * 86_400_000 };
  const remind = { id: 'remind', event: 'requester_message_without_agent_response' as const, durationMs: 30 * 60_000 };

  it('MA-9 while the virtual agent has the conversation its idle timeout closes it; no messaging action competes', () => {
    // Runs armed and due long before the idle timeout: they would fire first if they applied.
    const ma = requesterWrote(emptyRuns([abandon, remind]), 1_000);
    const va = at('virtual_agent', { lastInboundAt: 1_000, ma });
    assert.equal(deadlines({ ...va, state: 'work_in_progress', assignedAgentId: 'a-1' })[0].kind, 'messaging_action', 'the same runs with a live agent');
    assert.deepEqual(deadlines(va, { vaIdleCloseMs: 7_200_000 }).map((d) => d.kind), ['va_idle']);
    const d = decide(va, { type: 'deadline_reached', kind: 'va_idle' }, { ...ctx(1_000 + 7_200_000), vaIdleCloseMs: 7_200_000 });
    assert.equal(d.snapshot.state, 'closed_abandoned');
    assert.equal(d.snapshot.closeReason, 'no_activity');
  });

  it('MA-9/MA-10 after the handoff the live agent’s actions apply, and the VA idle timeout no longer does (no autopilot in Parley)', () => {
    const handed = decide(at('queued', { lastInboundAt: 1_000 }), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, ctx(2_000));
    const armed = decide(handed.snapshot, { type: 'ma_armed', actions: [remind] }, ctx(2_000));
    assert.deepEqual(deadlines(armed.snapshot, { vaIdleCloseMs: 1 }).map((d) => [d.kind, d.at]), [['messaging_action', 2_000 + 30 * 60_000]]);
  });
});

describe('interaction decider: issue 22, nothing left without a run', () => {
  const fresh = () => ({ ...initialSnapshot() });
  const taken = (interaction: Partial<Record<string, unknown>>, workItem: Record<string, unknown> | null, taken = 0): DecisionEvent => ({
    type: 'taken_in', interactionId: 'i-9', opened: false, taken, queueId: 'q',
    adopted: { interaction: { interactionId: 'i-9', state: 'work_in_progress', queueId: 'q', assignedAgentId: 'a-1', projectionVersion: 6, ...interaction } as never, workItem: workItem as never },
  });

  it('RI-6 a compose after the close clears what belonged to the closed interaction', () => {
    const closed = at('closed_complete', { noAgentsTextSent: true, maxWaitTextSent: true, maxWaitAt: 9_000, transferFrom: { agentId: 'a-3', workItemId: 'w-0' } });
    const d = decide(closed, { type: 'compose', agentId: 'a-2', forUserId: null, messageId: 'm-1', body: 'hi', requesterUserId: null }, ctx());
    assert.deepEqual([d.snapshot.noAgentsTextSent, d.snapshot.maxWaitTextSent, d.snapshot.maxWaitAt, d.snapshot.transferFrom], [false, false, null, null]);
  });

  const rows: [string, DecisionEvent, InteractionState, string[], Partial<InteractionSnapshot>][] = [
    ['RI-6 a new run takes over an orphaned conversation with its assignee; SPEC §7 timers armed again', taken({}, null),
      'work_in_progress', ['note', 'arm_messaging_actions'], { interactionId: 'i-9', assignedAgentId: 'a-1', version: 6 }],
    ['RI-3 a text taken into the orphan on the way changes no state', taken({}, null, 1),
      'work_in_progress', ['note', 'arm_messaging_actions'], { interactionId: 'i-9', assignedAgentId: 'a-1' }],
    ['SPEC §4 a text taken into an orphan on hold resumes it', taken({ state: 'on_hold' }, null, 1),
      'work_in_progress', ['note', 'arm_messaging_actions', 'project'], { assignedAgentId: 'a-1', version: 7 }],
    ['WI-3 an orphan waiting on an offer keeps it (its timer runs again)', taken({ state: 'offered', assignedAgentId: null }, { workItemId: 'w-9', state: 'offered', offerId: 'o-9', offeredAgentId: 'a-2', offerExpiresAt: 5_000 }),
      'offered', ['note'], { workItemId: 'w-9', offer: { workItemId: 'w-9', offerId: 'o-9', agentId: 'a-2', expiresAt: 5_000 } }],
    ['Q-7 an orphan that waits without a work item is queued again with a new one', taken({ state: 'queued', assignedAgentId: null }, null),
      'queued', ['note', 'enqueue'], { workItemId: 'id-adopt', version: 7 }],
    ['RI-1 an orphan never routed (new) is queued', taken({ state: 'new', assignedAgentId: null }, null),
      'queued', ['note', 'enqueue'], { assignedAgentId: null }],
    ['VA-10 an orphan with the virtual agent (its session lost) is handed to live agents', taken({ state: 'virtual_agent', assignedAgentId: null }, null),
      'queued', ['note', 'enqueue'], { va: null, workItemId: 'id-adopt' }],
  ];
  for (const [name, event, state, commands, expect] of rows) {
    it(name, () => {
      const d = decide(fresh(), event, { now: 1_000, newId: () => 'id-adopt' });
      assert.equal(d.snapshot.state, state);
      assert.deepEqual(types(d.effects), commands);
      for (const [k, v] of Object.entries(expect)) assert.deepEqual(d.snapshot[k as keyof InteractionSnapshot], v, k);
    });
  }

  it('a run that already has an interaction ignores an adoption fact (never two interactions in one run)', () => {
    const d = decide(at('work_in_progress'), { ...taken({}, null, 1), interactionId: 'i-1' } as DecisionEvent, ctx());
    assert.equal(d.snapshot.interactionId, 'i-1');
  });
});

describe('interaction decider: a virtual-agent-only number (RI-9/VA-13)', () => {
  const session = { topicId: 'orders', stepId: 'ask', unrecognised: 1, context: { orderNumber: '42' }, greeted: true, cursor: 3 };
  const withVa = (vaOnly: boolean) => at('virtual_agent', { workItemId: null, va: session, ...(vaOnly ? { vaOnly: true } : {}) });
  const turn = (reason: 'requested' | 'topic' | 'fallback'): DecisionEvent =>
    ({ type: 'va_turn', session, outcome: { kind: 'handoff', reason }, replyIds: [], agentsAvailable: true });

  it('opens with the virtual agent and remembers the number keeps its requesters there', () => {
    const d = decide(initialSnapshot(), { type: 'taken_in', interactionId: 'i-1', opened: true, taken: 1, queueId: 'q', liveAgentOnly: false, virtualAgentOnly: true }, ctx());
    assert.deepEqual([d.snapshot.state, d.snapshot.vaOnly], ['virtual_agent', true]);
    const other = decide(initialSnapshot(), { type: 'taken_in', interactionId: 'i-1', opened: true, taken: 1, queueId: 'q', liveAgentOnly: false }, ctx());
    assert.equal(other.snapshot.vaOnly, undefined, 'nothing new in the snapshot of any other number');
  });

  for (const reason of ['requested', 'topic', 'fallback'] as const) {
    it(`a ${reason} handoff is not made: the requester is told, and is back at the topic picker with what was captured`, () => {
      const d = decide(withVa(true), turn(reason), ctx());
      assert.equal(d.snapshot.state, 'virtual_agent');
      assert.equal(d.snapshot.workItemId, null);
      assert.deepEqual(types(d.effects), ['system_text', 'note']);
      assert.equal((d.effects[0] as Extract<Effect, { type: 'system_text' }>).key, 'va_no_live_agents');
      assert.deepEqual(d.snapshot.va, { ...session, topicId: null, stepId: null, unrecognised: 0 });
    });
  }

  it('INT-12 an engine that failed cannot go on and nobody can take over: closed with the reason error', () => {
    const d = decide(withVa(true), { type: 'va_failed' } as DecisionEvent, ctx());
    assert.deepEqual([d.snapshot.state, d.snapshot.closeReason], ['closed_complete', 'error']);
    assert.deepEqual(types(d.effects), ['close', 'note']);
  });

  it('VA-8 on any other number the same handoff queues for live agents', () => {
    const d = decide(withVa(false), turn('requested'), ctx());
    assert.equal(d.snapshot.state, 'queued');
    assert.ok(types(d.effects).includes('enqueue'));
  });
});

describe('interaction decider: close reasons (INT-5…12)', () => {
  const session = (extra: Partial<InteractionSnapshot['va'] & object> = {}) => ({ topicId: null, stepId: null, unrecognised: 0, context: {}, greeted: true, cursor: 1, ...extra });
  const idle = (va: InteractionSnapshot['va']) =>
    decide(at('virtual_agent', { workItemId: null, lastInboundAt: 1_000, va }), { type: 'deadline_reached', kind: 'va_idle' }, { ...ctx(1_000 + 7_200_000), vaIdleCloseMs: 7_200_000 });
  const idleRows: [string, InteractionSnapshot['va'], InteractionState, string][] = [
    ['INT-6 only the first text (the greeting unanswered): no_activity, closed abandoned', session({ turns: 1 }), 'closed_abandoned', 'no_activity'],
    ['INT-6 a session recorded before turns were counted keeps no_activity', session(), 'closed_abandoned', 'no_activity'],
    ['INT-9 answered the virtual agent, then silent: no_user_response, closed complete', session({ turns: 2, topicId: 'order_status', stepId: 'ask_number' }), 'closed_complete', 'no_user_response'],
    ['INT-10/VA-16 a topic done, "anything else?" unanswered: topic_complete', session({ turns: 3, topicId: 'opening_hours', stepId: 'more', topicDone: true }), 'closed_complete', 'topic_complete'],
    ['INT-10 back at the picker after a topic, then silent: topic_complete', session({ turns: 4, topicDone: true }), 'closed_complete', 'topic_complete'],
  ];
  for (const [name, va, state, reason] of idleRows) {
    it(name, () => {
      const d = idle(va);
      assert.deepEqual([d.snapshot.state, d.snapshot.closeReason], [state, reason]);
      assert.deepEqual(types(d.effects), ['close', 'note'], 'SPEC §8: a timeout close is never texted');
      const close = d.effects[0] as Extract<Effect, { type: 'close' }>;
      assert.deepEqual([close.projection.state, close.projection.closeReason], [state, reason]);
    });
  }

  const vaEnd = (reason: 'user_ended' | 'auto_closed' | 'topic_complete'): DecisionEvent =>
    ({ type: 'va_turn', session: session({ turns: 3 }), outcome: { kind: 'end', reason }, replyIds: ['r-1'], agentsAvailable: false });
  const endRows: [string, DecisionEvent, string][] = [
    ['INT-7 bye to the virtual agent: user_ended, with its closing reply', vaEnd('user_ended'), 'user_ended'],
    ['INT-8 a topic’s end step closes it with no live agent: auto_closed', vaEnd('auto_closed'), 'auto_closed'],
    ['INT-8 a result recorded before INT-8 (topic_complete) replays as it was', vaEnd('topic_complete'), 'topic_complete'],
  ];
  for (const [name, event, reason] of endRows) {
    it(name, () => {
      const d = decide(at('virtual_agent', { workItemId: null, va: session() }), event, ctx());
      assert.deepEqual([d.snapshot.state, d.snapshot.closeReason], ['closed_complete', reason]);
      assert.deepEqual(types(d.effects), ['send', 'close']);
    });
  }

  const taken = (extra: Partial<Extract<DecisionEvent, { type: 'taken_in' }>>): DecisionEvent =>
    ({ type: 'taken_in', interactionId: 'i-1', opened: false, taken: 1, queueId: 'q', keywords: [], optedOut: false, saidBye: false, ...extra });
  const leftRows: [string, InteractionSnapshot, DecisionEvent, string[]][] = [
    ['INT-5 bye while queued: left_before_engagement, closed abandoned, the requester told it is closed', at('queued'), taken({ saidBye: true }), ['close', 'note', 'system_text']],
    ['INT-5 bye while offered: the offer is withdrawn with the close', at('offered'), taken({ saidBye: true }), ['close', 'note', 'system_text']],
    ['INT-5 STOP while queued: left_before_engagement; only the opt-out answer is texted', at('queued'), taken({ keywords: ['stop'], optedOut: true }), ['system_text', 'note', 'close', 'note']],
  ];
  for (const [name, s, event, commands] of leftRows) {
    it(name, () => {
      const d = decide(s, event, ctx());
      assert.deepEqual([d.snapshot.state, d.snapshot.closeReason, d.snapshot.offer], ['closed_abandoned', 'left_before_engagement', null]);
      assert.deepEqual(types(d.effects), commands);
      const text = d.effects.filter((c): c is Extract<Effect, { type: 'system_text' }> => c.type === 'system_text').map((c) => c.key);
      assert.deepEqual(text, (event as { saidBye?: boolean }).saidBye ? ['conversation_closed'] : ['opt_out_confirmation']);
    });
  }
  const stayRows: [string, InteractionSnapshot, DecisionEvent][] = [
    ['INT-5 a take-in recorded before INT-5 (no saidBye fact) keeps waiting, as it did', at('queued'), taken({ saidBye: undefined, keywords: ['stop'], optedOut: true })],
    ['INT-5 any other text while queued keeps waiting (RI-5)', at('queued'), taken({})],
    ['INT-5 bye after an agent had the conversation (queued again by a transfer) is for the next agent', at('queued', { agentEngaged: true }), taken({ saidBye: true })],
    ['INT-5 bye to a live agent is an ordinary text (RI-3)', at('work_in_progress'), taken({ saidBye: true })],
  ];
  for (const [name, s, event] of stayRows) {
    it(name, () => {
      const d = decide(s, event, ctx());
      assert.equal(d.snapshot.state, s.state);
      assert.ok(!types(d.effects).includes('close'));
    });
  }
  const handoff = (agentsAvailable: boolean, estimatedWaitSeconds?: number): DecisionEvent =>
    ({ type: 'va_turn', session: session({ turns: 2 }), outcome: { kind: 'handoff', reason: 'requested' }, replyIds: [], agentsAvailable, ...(estimatedWaitSeconds === undefined ? {} : { estimatedWaitSeconds }) });
  const vaRows: [string, DecisionEvent, Partial<Extract<Effect, { type: 'system_text' }>>][] = [
    ['VA-11 a handoff with agents Available passes the estimated wait to the transfer text', handoff(true, 180), { key: 'va_transfer', estimatedWaitSeconds: 180 }],
    ['VA-11 no estimate (nothing accepted lately, or an older result): the transfer text without it', handoff(true), { key: 'va_transfer' }],
    ['VA-11 nobody Available: "no agents available", no estimate', handoff(false, 180), { key: 'no_agents_available' }],
  ];
  for (const [name, event, text] of vaRows) {
    it(name, () => {
      const d = decide(at('virtual_agent', { workItemId: null, va: session() }), event, ctx());
      const { type: _t, messageId: _m, ...said } = d.effects.find((c) => c.type === 'system_text') as Extract<Effect, { type: 'system_text' }>;
      assert.deepEqual(said, text);
    });
  }
  it('INT-5 an accepted conversation remembers a live agent had it', () => {
    assert.equal(decide(at('offered'), { type: 'assigned', workItemId: 'w-1', agentId: 'a-1' }, ctx()).snapshot.agentEngaged, true);
  });
});

describe('interaction decider: a wait trigger with a virtual agent topic (VA-14, Q-9/Q-10)', () => {
  const enqueued = (topicId?: string): DecisionEvent => ({ type: 'enqueued', agentsAvailable: true, queueId: 'q', waitTriggers: [{ afterSeconds: 60, text: 'Still busy.', ...(topicId ? { topicId } : {}) }] });

  it('VA-14 the trigger’s topic is armed with its time', () => {
    const d = decide(at('queued'), enqueued('order_status'), ctx(1_000));
    assert.deepEqual(d.snapshot.waitTriggers, [{ at: 61_000, text: 'Still busy.', topicId: 'order_status' }]);
  });

  for (const state of ['queued', 'offered'] as const) {
    it(`VA-14 fired while ${state}: the trigger’s text, out of the queue (work item canceled, offer withdrawn) and the topic started`, () => {
      const s = decide(at(state), enqueued('order_status'), ctx(1_000)).snapshot;
      const d = decide(s, { type: 'deadline_reached', kind: 'queue_trigger' }, ctx(61_000));
      assert.equal(d.snapshot.state, 'virtual_agent');
      assert.deepEqual([d.snapshot.workItemId, d.snapshot.offer, d.snapshot.waitTriggers, d.snapshot.triggerTopicRun, d.snapshot.lastInboundAt], [null, null, null, true, 61_000]);
      assert.deepEqual(types(d.effects), ['system_text', 'routing_event', 'leave_queue', 'note', 'run_va']);
      const leave = d.effects[2] as Extract<Effect, { type: 'leave_queue' }>;
      assert.equal(leave.projection.state, 'virtual_agent');
      const run = d.effects[4] as Extract<Effect, { type: 'run_va' }>;
      assert.equal(run.start?.topicId, 'order_status');
      assert.deepEqual(deadlines(d.snapshot, { vaIdleCloseMs: 1_000 }).map((x) => x.kind), ['va_idle'], 'VA-15: idle from the topic’s start; no queue timers');
      // The topic's reply arrives as an ordinary virtual agent turn.
      const turn = decide(d.snapshot, { type: 'va_turn', session: { ...run.session, topicId: 'order_status', stepId: 'ask_number' }, outcome: { kind: 'continue' }, replyIds: ['r-1'], agentsAvailable: false }, ctx(61_500));
      assert.deepEqual(types(turn.effects), ['send']);
    });
  }

  it('Q-10 a trigger without a topic only texts; the conversation keeps waiting', () => {
    const s = decide(at('queued'), enqueued(), ctx(1_000)).snapshot;
    const d = decide(s, { type: 'deadline_reached', kind: 'queue_trigger' }, ctx(61_000));
    assert.equal(d.snapshot.state, 'queued');
    assert.deepEqual(types(d.effects), ['system_text', 'routing_event']);
  });

  it('VA-14 once a trigger’s topic has run, later queueings (asked for a person again) only text', () => {
    const d = decide(at('queued', { triggerTopicRun: true }), enqueued('order_status'), ctx(1_000));
    assert.deepEqual(d.snapshot.waitTriggers, [{ at: 61_000, text: 'Still busy.' }]);
  });
});

describe('interaction decider: the max wait with a virtual agent topic (VA-14, Q-9)', () => {
  const enqueued = (maxWaitTopicId?: string): DecisionEvent => ({ type: 'enqueued', agentsAvailable: true, queueId: 'q', maxWaitSeconds: 60, maxWaitText: 'Sorry for the wait.', ...(maxWaitTopicId ? { maxWaitTopicId } : {}) });

  it('VA-14 the max wait passes: its text, out of the queue (work item canceled, offer withdrawn) and the topic started', () => {
    const s = decide(at('offered'), enqueued('opening_hours'), ctx(1_000)).snapshot;
    assert.equal(s.maxWaitTopicId, 'opening_hours');
    const d = decide(s, { type: 'deadline_reached', kind: 'max_wait' }, ctx(61_000));
    assert.equal(d.snapshot.state, 'virtual_agent');
    assert.deepEqual(types(d.effects), ['system_text', 'routing_event', 'leave_queue', 'note', 'run_va']);
    assert.deepEqual([d.snapshot.workItemId, d.snapshot.offer, d.snapshot.maxWaitTopicId, d.snapshot.maxWaitTextSent], [null, null, null, true]);
    assert.equal((d.effects[4] as Extract<Effect, { type: 'run_va' }>).start?.topicId, 'opening_hours');
  });

  it('Q-9 a max wait without a topic only texts; the item keeps waiting (as in histories from before VA-14)', () => {
    const s = decide(at('queued'), enqueued(), ctx(1_000)).snapshot;
    assert.equal(s.maxWaitTopicId, undefined, 'nothing new in the snapshot');
    const d = decide(s, { type: 'deadline_reached', kind: 'max_wait' }, ctx(61_000));
    assert.equal(d.snapshot.state, 'queued');
    assert.deepEqual(types(d.effects), ['system_text', 'routing_event']);
  });
});
