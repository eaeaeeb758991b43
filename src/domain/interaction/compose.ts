// The compose input: an agent writes to the pair first (SPEC §3; AI-14…17).
import type { ComposeOutcome, InteractionSnapshot } from './state';
import { isClosed, transition } from '../interaction-state';
import { agentWrote, emptyRuns } from '../messaging-actions';
import type { Draft } from './draft';
import type { DecisionEvent } from './types';

type Input<T extends DecisionEvent['type']> = Extract<DecisionEvent, { type: T }>;

/** SPEC §3's outcome table (AI-14…17) for a compose into this run's conversation as it is now. */
export function composeOutcome(s: InteractionSnapshot, e: { forUserId: string | null; requesterUserId: string | null }): ComposeOutcome {
  if (s.interactionId === null || isClosed(s.state)) return 'created';
  if (s.state === 'virtual_agent') return 'replaced_virtual_agent';
  // A guest conversation is nobody else's: composing for someone joins it (the AI-10 warning is about linked numbers).
  if (e.forUserId && e.requesterUserId && e.requesterUserId !== e.forUserId) return 'replaced_requester';
  return 'joined';
}

export function compose(d: Draft, event: Input<'compose'>): void {
  const { s, ctx } = d;
  const outcome = composeOutcome(s, event);
  if (outcome === 'joined') {
    if (s.assignedAgentId !== event.agentId && !(s.participants ?? []).includes(event.agentId)) {
      s.participants = [...(s.participants ?? []), event.agentId];
    }
    s.outbox.push(event.messageId);
    d.emit({ type: 'join', interactionId: s.interactionId!, agentId: event.agentId, messageId: event.messageId, body: event.body });
    d.emit({ type: 'send', messageId: event.messageId });
    if (s.ma) s.ma = agentWrote(s.ma, ctx.now);
    return;
  }
  if (outcome !== 'created') {
    // AI-16/AI-17: the active conversation closes (a system close: nothing is texted) before the new one opens.
    d.move({ type: 'end', outcome: 'complete' });
    s.closeReason = 'auto_closed';
    s.offer = null;
    d.emit({ type: 'close', projection: d.changed() });
  }
  // AI-14: a new interaction assigned straight to the sender, no offer. Versions go on counting across the
  // interactions of one run (the guard is per row, and a new row starts at 0).
  Object.assign(s, {
    interactionId: ctx.newId(), state: transition('new', { type: 'composed' }), assignedAgentId: event.agentId, queueId: null, workItemId: null,
    offer: null, closeReason: null, participants: [], outbox: [...s.outbox, event.messageId],
    // What belonged to the closed interaction of this run does not carry over to the one composed (issue 22).
    va: null, agentEngaged: true, noAgentsTextSent: false, maxWaitAt: null, maxWaitText: null, maxWaitTopicId: null, maxWaitTextSent: false, waitTriggers: null, transferFrom: null,
  } satisfies Partial<InteractionSnapshot>);
  d.emit({
    type: 'open_composed', agentId: event.agentId, forUserId: event.forUserId, replaceProfile: outcome === 'replaced_requester',
    messageId: event.messageId, body: event.body, projection: d.changed(),
  });
  d.emit({ type: 'send', messageId: event.messageId });
  // SPEC §7: a live agent is involved from the first message: the agent-waiting run starts with it.
  s.ma = agentWrote(emptyRuns(), ctx.now);
  d.emit({ type: 'arm_messaging_actions' });
}
