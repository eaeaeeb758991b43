// Workflow-safe and pure: the interaction's state and the rules that change it. The workflow wires it to
// signals, updates, timers and activities; unit tests drive it directly.
import { agentMaySend, transition, isClosed, type InteractionEvent } from './interaction-state-v2';
import type { ActorInput, InteractionSnapshot, Offer } from './definitions-v2';

export class RejectedCommand extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RejectedCommand';
  }
}

export function initialSnapshot(): InteractionSnapshot {
  return {
    interactionId: null,
    state: 'new',
    queueId: null,
    assignedAgentId: null,
    workItemId: null,
    offer: null,
    outbox: [],
    inboundPending: true,
    runs: 0,
  };
}

export function apply(s: InteractionSnapshot, event: InteractionEvent): void {
  s.state = transition(s.state, event);
}

/** A dispatcher's offer; stale offers (for an old work item or a closed interaction) are ignored. */
export function onOffered(s: InteractionSnapshot, offer: Offer): boolean {
  if (s.workItemId !== offer.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return false;
  s.offer = offer;
  apply(s, { type: 'offered' });
  return true;
}

export function onOfferReturned(s: InteractionSnapshot, workItemId: string, offerId: string): boolean {
  if (!s.offer || s.offer.workItemId !== workItemId || s.offer.offerId !== offerId) return false;
  s.offer = null;
  apply(s, { type: 'offer_returned' });
  return true;
}

export function onAssigned(s: InteractionSnapshot, workItemId: string, agentId: string): boolean {
  if (s.workItemId !== workItemId || (s.state !== 'queued' && s.state !== 'offered')) return false;
  s.offer = null;
  s.assignedAgentId = agentId;
  apply(s, { type: 'accepted' });
  return true;
}

/** Synchronous validation for agent updates (validators must not mutate state). */
export function checkActor(s: InteractionSnapshot, actor: ActorInput): void {
  if (s.interactionId !== actor.interactionId) throw new RejectedCommand('that interaction has ended');
  if (isClosed(s.state)) throw new RejectedCommand(`the interaction is ${s.state.replace('_', ' ')}`);
  if (!actor.asSupervisor && s.assignedAgentId !== actor.agentId) {
    throw new RejectedCommand('only the assigned agent can act on this interaction');
  }
}

export function checkAgentMessage(s: InteractionSnapshot, actor: ActorInput): void {
  checkActor(s, actor);
  if (!agentMaySend(s.state)) {
    throw new RejectedCommand(`cannot send while the interaction is ${s.state.replace(/_/g, ' ')}`);
  }
}

export function checkTransition(s: InteractionSnapshot, actor: ActorInput, event: InteractionEvent): void {
  checkActor(s, actor);
  try {
    transition(s.state, event);
  } catch (err) {
    throw new RejectedCommand((err as Error).message);
  }
}

/** The earliest durable deadline the main loop must wake for, if any. */
export function nextDeadline(s: InteractionSnapshot): { at: number; kind: 'offer_timeout' } | null {
  if (s.state === 'offered' && s.offer && s.offer.expiresAt !== null) return { at: s.offer.expiresAt, kind: 'offer_timeout' };
  return null;
}
