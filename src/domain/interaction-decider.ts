// Workflow-safe and pure: the ONE place an interaction's state changes (issue 11; the decide/evolve split of
// STYLE.md). The workflow feeds it events — what people asked for and what activities found (facts, never a state) —
// and runs the commands it returns. Unit tests drive it with a fake clock and id source.
import type { ActorInput, ComposeOutcome, InteractionSnapshot, Offer } from '../workflows/definitions';
import { agentMaySend, isClosed, transition, TransitionError, type CloseReason, type InteractionState } from './interaction-state';

/** A refused command: the caller's request is wrong for the interaction as it is (the api's 409). */
export class RejectedCommand extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RejectedCommand';
  }
}

/** What the workflow owns in the read model (`interactions`), written only by the projection activity. */
export interface Projection {
  interactionId: string;
  version: number;
  state: InteractionState;
  queueId: string | null;
  assignedAgentId: string | null;
  closeReason: CloseReason | null;
}

/** What the work item's row says after an offer's deadline was acted on (the row is the truth). */
export type WorkItemOutcome =
  | { state: 'queued' | 'canceled'; agentId: null; offer: null }
  | { state: 'accepted'; agentId: string; offer: null }
  | { state: 'offered'; agentId: string; offer: Offer };

export type DecisionEvent =
  | { type: 'inbound_signalled' }
  | { type: 'take_in_started' }
  /** Fact from the take-in: the interaction it claimed into (or opened), how many texts it took. */
  | { type: 'taken_in'; interactionId: string | null; opened: boolean; taken: number; queueId: string | null }
  /** The agent's message is stored under `messageId`; it goes out through the outbox. */
  | { type: 'agent_message'; actor: ActorInput; messageId: string }
  | { type: 'sent'; messageId: string }
  | { type: 'hold'; actor: ActorInput }
  | { type: 'resume'; actor: ActorInput }
  | { type: 'end'; actor: ActorInput; outcome: 'complete' | 'abandon' }
  | { type: 'offered'; offer: Offer }
  | { type: 'offer_returned'; workItemId: string; offerId: string }
  | { type: 'assigned'; workItemId: string; agentId: string }
  | { type: 'deadline_reached'; kind: DeadlineKind }
  /** Fact from expiring an offer. */
  | { type: 'offer_settled'; offer: Offer; after: WorkItemOutcome }
  /** SPEC §3: an agent composes to this pair; `requesterUserId` is the fact of whom the active interaction is for. */
  | { type: 'compose'; agentId: string; forUserId: string | null; messageId: string; body: string; requesterUserId: string | null };

export type Command =
  /** Write the read model (coalesced: only the newest version matters). */
  | { type: 'project'; projection: Projection }
  /** Create the work item (with the id the workflow minted) and project, in one transaction. */
  | { type: 'enqueue'; workItemId: string; queueId: string; projection: Projection }
  /** Cancel open work items and project the close, in one transaction. */
  | { type: 'close'; projection: Projection }
  | { type: 'expire_offer'; offer: Offer }
  /** The outbox has a message to send (sent in order, one at a time). */
  | { type: 'send'; messageId: string }
  /** AI-14/16/17: create an interaction assigned to the composing agent, with its first message and requester. */
  | { type: 'open_composed'; agentId: string; forUserId: string | null; replaceProfile: boolean; messageId: string; body: string; projection: Projection }
  /** AI-15: the composing agent joins the conversation; their message goes into it. */
  | { type: 'join'; interactionId: string; agentId: string; messageId: string; body: string };

export type DeadlineKind = 'offer_timeout';
export interface Deadline {
  kind: DeadlineKind;
  at: number; // epoch ms
}

export interface DecideContext {
  now: number;
  /** Deterministic ids in the workflow (`uuid4()`), a counter in tests. */
  newId(): string;
}

export interface Decision {
  snapshot: InteractionSnapshot;
  commands: Command[];
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
    closeReason: null,
    version: 0,
  };
}

export function projectionOf(s: InteractionSnapshot): Projection {
  return {
    interactionId: s.interactionId!,
    version: s.version ?? 0,
    state: s.state,
    queueId: s.queueId,
    assignedAgentId: s.assignedAgentId,
    closeReason: s.closeReason ?? null,
  };
}

const words = (state: InteractionState) => state.replace(/_/g, ' ');

/** Throws a RejectedCommand unless `actor` may act on this interaction now. */
function checkActor(s: InteractionSnapshot, actor: ActorInput): void {
  if (s.interactionId !== actor.interactionId) throw new RejectedCommand('that interaction has ended');
  if (isClosed(s.state)) throw new RejectedCommand(`the interaction is ${words(s.state)}`);
  if (!actor.asSupervisor && s.assignedAgentId !== actor.agentId) {
    throw new RejectedCommand('only the assigned agent can act on this interaction');
  }
}

function to(s: InteractionSnapshot, event: Parameters<typeof transition>[1]): InteractionState {
  try {
    return transition(s.state, event);
  } catch (err) {
    if (err instanceof TransitionError) throw new RejectedCommand(err.message);
    throw err;
  }
}

/**
 * The next snapshot and what to do about it. Refused commands (agent actions not allowed now) throw a
 * RejectedCommand; facts and signals that no longer apply (a stale offer, a late take-in) change nothing.
 */
export function decide(current: InteractionSnapshot, event: DecisionEvent, ctx: DecideContext): Decision {
  const s: InteractionSnapshot = { ...current, outbox: [...current.outbox] };
  const commands: Command[] = [];
  /** Every change the read model shows gets a new version, so an older write can never land over it. */
  const changed = () => {
    s.version = (s.version ?? 0) + 1;
    return projectionOf(s);
  };
  const unchanged = (): Decision => ({ snapshot: current, commands: [] });

  switch (event.type) {
    case 'inbound_signalled':
      s.inboundPending = true;
      break;

    case 'take_in_started':
      s.inboundPending = false;
      break;

    case 'taken_in': {
      if (s.interactionId === null) {
        if (event.interactionId === null || !event.opened) return unchanged(); // a duplicate wake-up: nothing to open
        s.interactionId = event.interactionId;
        s.queueId = event.queueId;
        // RI-2/VA-12: without a virtual agent yet every company number is live-agent-only, so a new conversation
        // queues for live agents.
        s.state = transition(s.state, { type: 'queued' });
        s.workItemId = ctx.newId();
        commands.push({ type: 'enqueue', workItemId: s.workItemId, queueId: s.queueId!, projection: changed() });
        break;
      }
      if (isClosed(s.state)) {
        // RI-6: the conversation closed while the take-in was in flight. Texts it could not take belong to the next
        // interaction: a fresh run takes them (and ends at once if there are none).
        if (event.taken === 0) s.inboundPending = true;
        break;
      }
      if (event.taken === 0) return unchanged();
      const next = transition(s.state, { type: 'requester_message' }); // SPEC §4: a text into on_hold resumes it
      if (next === s.state) return unchanged();
      s.state = next;
      commands.push({ type: 'project', projection: changed() });
      break;
    }

    case 'agent_message': {
      // REG-2: only the assignee (and AI-15 participants) write to the requester; a manager may end or reassign,
      // not write as the agent.
      const participant = (s.participants ?? []).includes(event.actor.agentId);
      checkActor(s, { ...event.actor, asSupervisor: participant });
      if (!agentMaySend(s.state)) throw new RejectedCommand(`cannot send while the interaction is ${words(s.state)}`);
      s.outbox.push(event.messageId);
      commands.push({ type: 'send', messageId: event.messageId });
      break;
    }

    case 'compose': {
      const outcome = composeOutcome(s, event);
      if (outcome === 'joined') {
        if (s.assignedAgentId !== event.agentId && !(s.participants ?? []).includes(event.agentId)) {
          s.participants = [...(s.participants ?? []), event.agentId];
        }
        s.outbox.push(event.messageId);
        commands.push({ type: 'join', interactionId: s.interactionId!, agentId: event.agentId, messageId: event.messageId, body: event.body });
        commands.push({ type: 'send', messageId: event.messageId });
        break;
      }
      if (outcome !== 'created') {
        // AI-16/AI-17: the active conversation closes (a system close: nothing is texted) before the new one opens.
        s.state = transition(s.state, { type: 'end', outcome: 'complete' });
        s.closeReason = 'auto_closed';
        s.offer = null;
        commands.push({ type: 'close', projection: changed() });
      }
      // AI-14: a new interaction assigned straight to the sender, no offer. Versions go on counting across the
      // interactions of one run (the guard is per row, and a new row starts at 0).
      Object.assign(s, {
        interactionId: ctx.newId(), state: 'work_in_progress', assignedAgentId: event.agentId, queueId: null, workItemId: null,
        offer: null, closeReason: null, participants: [], outbox: [...s.outbox, event.messageId],
      } satisfies Partial<InteractionSnapshot>);
      commands.push({
        type: 'open_composed', agentId: event.agentId, forUserId: event.forUserId, replaceProfile: outcome === 'replaced_requester',
        messageId: event.messageId, body: event.body, projection: changed(),
      });
      commands.push({ type: 'send', messageId: event.messageId });
      break;
    }

    case 'sent':
      if (s.outbox[0] !== event.messageId) return unchanged();
      s.outbox.shift();
      break;

    case 'hold':
    case 'resume':
      checkActor(s, event.actor);
      s.state = to(s, { type: event.type });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'end':
      checkActor(s, event.actor);
      s.state = to(s, { type: 'end', outcome: event.outcome });
      s.closeReason = 'agent_ended';
      s.offer = null;
      commands.push({ type: 'close', projection: changed() });
      break;

    case 'offered':
      // Stale offers (an older work item, an interaction no longer waiting) are ignored.
      if (s.workItemId !== event.offer.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return unchanged();
      s.offer = event.offer;
      s.state = transition(s.state, { type: 'offered' });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'offer_returned':
      if (!s.offer || s.offer.workItemId !== event.workItemId || s.offer.offerId !== event.offerId) return unchanged();
      s.offer = null;
      s.state = transition(s.state, { type: 'offer_returned' });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'assigned':
      if (s.workItemId !== event.workItemId || (s.state !== 'queued' && s.state !== 'offered')) return unchanged();
      s.offer = null;
      s.assignedAgentId = event.agentId;
      s.state = transition(s.state, { type: 'accepted' });
      commands.push({ type: 'project', projection: changed() });
      break;

    case 'deadline_reached':
      if (event.kind !== 'offer_timeout' || s.state !== 'offered' || !s.offer || s.offer.expiresAt > ctx.now) return unchanged();
      commands.push({ type: 'expire_offer', offer: s.offer });
      break;

    case 'offer_settled': {
      // The work item's row is the truth: the offer may have been accepted or re-offered meanwhile.
      const { offer, after } = event;
      if (s.offer?.offerId !== offer.offerId) return unchanged();
      if (after.state === 'accepted') return decide(current, { type: 'assigned', workItemId: offer.workItemId, agentId: after.agentId }, ctx);
      if (after.state === 'offered') {
        const returned = decide(current, { type: 'offer_returned', workItemId: offer.workItemId, offerId: offer.offerId }, ctx);
        const reoffered = decide(returned.snapshot, { type: 'offered', offer: after.offer }, ctx);
        return { snapshot: reoffered.snapshot, commands: lastProjection([...returned.commands, ...reoffered.commands]) };
      }
      return decide(current, { type: 'offer_returned', workItemId: offer.workItemId, offerId: offer.offerId }, ctx);
    }
  }
  return { snapshot: s, commands };
}

/** SPEC §3's outcome table (AI-14…17) for a compose into this run's conversation as it is now. */
export function composeOutcome(s: InteractionSnapshot, e: { forUserId: string | null; requesterUserId: string | null }): ComposeOutcome {
  if (s.interactionId === null || isClosed(s.state)) return 'created';
  if (s.state === 'virtual_agent') return 'replaced_virtual_agent';
  // A guest conversation is nobody else's: composing for someone joins it (the AI-10 warning is about linked numbers).
  if (e.forUserId && e.requesterUserId && e.requesterUserId !== e.forUserId) return 'replaced_requester';
  return 'joined';
}

/** Only the newest of several projections in one decision needs writing. */
function lastProjection(commands: Command[]): Command[] {
  const last = commands.filter((c) => c.type === 'project').pop();
  return [...commands.filter((c) => c.type !== 'project'), ...(last ? [last] : [])];
}

/** The durable deadlines the workflow's single timer loop waits for, earliest first. */
export function deadlines(s: InteractionSnapshot): Deadline[] {
  const out: Deadline[] = [];
  if (s.state === 'offered' && s.offer) out.push({ kind: 'offer_timeout', at: s.offer.expiresAt });
  return out.sort((a, b) => a.at - b.at);
}

/** Throws a RejectedCommand if `event` would be refused; for update validators, which must not change state. */
export function validate(s: InteractionSnapshot, event: DecisionEvent): void {
  decide(s, event, { now: 0, newId: () => 'validation' });
}
