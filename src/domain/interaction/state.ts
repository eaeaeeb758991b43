// An interaction's state as the decider sees it and continue-as-new carries it (moved here from
// workflows/definitions by issue 26, which re-exports it: the domain imports nothing outside the domain).
import type { CloseReason, InteractionState } from '../interaction-state';
import type { MaEvent, MaRuns } from '../messaging-actions';
import type { SystemTextKey } from '../system-text-keys';
import type { VaSession } from '../va-session';

export interface Offer {
  workItemId: string;
  offerId: string;
  agentId: string;
  /** Epoch ms; null: the offer waits until it is answered (MAN-1, a manager's offer without a timeout). */
  expiresAt: number | null;
}

/**
 * MAN-1: a manager's assignment made as an offer to that agent (instead of at once): whether they may decline it,
 * how long it waits (null: until answered) and the presence they take if they let it expire. Declined or expired,
 * the conversation goes back to routing.
 */
export interface ManualOffer {
  allowReject: boolean;
  timeoutSeconds: number | null;
  timeoutPresence: 'available' | 'away' | 'offline';
}

/** What continue-as-new carries: ids and small scalars only; bodies live in PostgreSQL. */
export interface InteractionSnapshot {
  interactionId: string | null;
  state: InteractionState;
  queueId: string | null;
  assignedAgentId: string | null;
  workItemId: string | null;
  offer: Offer | null;
  outbox: string[];
  inboundPending: boolean;
  runs: number;
  /** Why it closed, once closed (absent in snapshots from before the decider). */
  closeReason?: CloseReason | null;
  /** The projection's version: incremented by every decision that changes the read model (absent before: 0). */
  version?: number;
  /** AI-15: agents who composed into this conversation without holding it; they may write in it too. */
  participants?: string[];
  /** The virtual agent's session while it has the conversation (SPEC §6). */
  va?: VaSession | null;
  /** Workflow time of the requester's last text (VA-15's idle timer). */
  lastInboundAt?: number;
  /** SYS-3: "no agents available" goes out once per conversation. */
  noAgentsTextSent?: boolean;
  /** RI-9/VA-13: opened on a number whose requesters stay with the virtual agent (no live-agent handoff). */
  vaOnly?: boolean;
  /** SPEC §7: the messaging-action runs, once a live agent is involved. */
  ma?: MaRuns | null;
  /** SPEC §9: unsolicited texts stored but held for the requester's quiet hours, with when each may go. */
  held?: HeldText[];
  /** TRF-3: a transfer to one agent is pending; the conversation returns to `agentId` if it is rejected or expires. */
  transferFrom?: { agentId: string; workItemId: string } | null;
  /** when the queue's max wait passes (epoch ms), and its own text (null: the system text). */
  maxWaitAt?: number | null;
  maxWaitText?: string | null;
  /** VA-14: the topic the requester leaves the queue for when the max wait passes. */
  maxWaitTopicId?: string | null;
  /** Q-9 (SPEC §8): the max-wait text goes out once per conversation. */
  maxWaitTextSent?: boolean;
  /** INT-5: a live agent has had the conversation (a later `bye` while queued again is for the next agent). */
  agentEngaged?: boolean;
  /** the queue's wait triggers not yet fired in this queueing, earliest first (epoch ms). */
  waitTriggers?: { at: number; text: string; topicId?: string }[] | null;
  /** VA-14: a wait trigger's topic took the requester out of the queue once; later queueings only text. */
  triggerTopicRun?: boolean;
}

export interface HeldText {
  messageId: string;
  key: SystemTextKey;
  /** Epoch ms: when the requester's quiet hours end. */
  until: number;
}

export interface ActorInput {
  /** The interaction the caller means: a later conversation under the same workflow id must not take the command. */
  interactionId: string;
  /** The user acting; must be the assignee unless `asSupervisor` (manager/admin, checked by the api). */
  agentId: string;
  asSupervisor?: boolean;
}
/** SPEC §3 (AI-14…17): what a compose did. */
export type ComposeOutcome = 'created' | 'joined' | 'replaced_virtual_agent' | 'replaced_requester';
/** What the conversation will do next by itself, read from the workflow (the api's GET …/live). */
export interface LiveView {
  interactionId: string | null;
  state: InteractionState;
  assignedAgentId: string | null;
  /** Pending durable timers, earliest first: what fires when. */
  timers: { kind: 'offer_timeout' | 'va_idle' | 'messaging_action' | 'quiet_hours' | 'max_wait'; dueAt: string; actionId?: string; event?: MaEvent; messageIds?: string[] }[];
  /** Messages stored and waiting for the provider, in order. */
  outbox: string[];
}
