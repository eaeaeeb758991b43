// Workflow-safe contract between the interaction workflow, the worker and the api.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CloseReason, InteractionState } from '../domain/interaction-state';
import type { MaEvent, MaRuns } from '../domain/messaging-actions';
import type { SystemTextKey } from '../system-texts/defaults';
import type { VaSession } from '../virtual-agent/types';

export interface InteractionSettings {
  offerTimeoutMs: number;
  /** VA-15: a conversation only the virtual agent has handled closes after this long without a requester text. */
  vaIdleCloseMs?: number;
  /** Test-only: continue-as-new after this many history events even if the server does not suggest it yet. */
  continueAsNewAfterEvents?: number;
}

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

/** The search attributes this run started with (set by the starter, or carried over by continue-as-new). */
export interface PublishedAttributes {
  state: InteractionState;
  agent: string | null;
  queue: string | null;
}

export interface InteractionInput {
  companyNumber: string;
  requesterNumber: string;
  settings: InteractionSettings;
  snapshot?: InteractionSnapshot;
  startSearchAttributes?: PublishedAttributes;
}

export interface InteractionView extends InteractionSnapshot {
  companyNumber: string;
  requesterNumber: string;
}

export interface InteractionResult {
  interactionId: string | null;
  state: InteractionState;
}

export const inboundSignal = defineSignal<[{ messageId: string }]>('inbound');
export const offeredSignal = defineSignal<[Offer]>('offered');
export const offerReturnedSignal = defineSignal<[{ workItemId: string; offerId: string }]>('offerReturned');
/** Kept for runs started before the `assign` update (legacy runs) and as the api's fallback. */
export const assignedSignal = defineSignal<[{ workItemId: string; agentId: string }]>('assigned');
/** An accepted offer: answers once the workflow has projected the assignment, so the agent reads their own write. */
export const assignUpdate = defineUpdate<{ state: InteractionState }, [{ workItemId: string; agentId: string }]>('assign');

export interface ActorInput {
  /** The interaction the caller means: a later conversation under the same workflow id must not take the command. */
  interactionId: string;
  /** The user acting; must be the assignee unless `asSupervisor` (manager/admin, checked by the api). */
  agentId: string;
  asSupervisor?: boolean;
}
export const agentMessageUpdate = defineUpdate<{ messageId: string }, [ActorInput & { body: string }]>('agentMessage');
export const holdUpdate = defineUpdate<{ state: InteractionState }, [ActorInput]>('hold');
export const resumeUpdate = defineUpdate<{ state: InteractionState }, [ActorInput]>('resume');
export const endUpdate = defineUpdate<{ state: InteractionState }, [ActorInput & { outcome: 'complete' | 'abandon' }]>('end');

/** TRF-1…3: to a queue or to one agent, with a note for the agents (never texted, SPEC §8). */
export const transferUpdate = defineUpdate<{ state: InteractionState }, [ActorInput & { toQueueId?: string | null; toAgentId?: string | null; note?: string | null }]>('transfer');
/**
 * MAN-1: a manager gives the interaction to an agent (the previous assignee can no longer send, REG-2): at once, or with
 * `offer` as an offer to that agent only.
 */
export const manualAssignUpdate = defineUpdate<{ state: InteractionState }, [ActorInput & { toAgentId: string; offer?: ManualOffer | null }]>('manualAssign');
/** RSN-4: the assignee is cleared and the interaction re-routed (the previous agent is not offered it again). */
export const reassignUpdate = defineUpdate<{ state: InteractionState }, [ActorInput & { reason?: string | null }]>('reassign');

/** SPEC §3 (AI-14…17): what a compose did. */
export type ComposeOutcome = 'created' | 'joined' | 'replaced_virtual_agent' | 'replaced_requester';
export interface ComposeInput {
  agentId: string;
  /** ≤ 1,600 characters; like an agent message, the one place a body enters history. */
  body: string;
  /** The person the agent writes for (AI-10/AI-17); null or absent: whoever the number belongs to. */
  forUserId?: string | null;
}
export interface ComposeResult {
  interactionId: string;
  outcome: ComposeOutcome;
  messageId: string;
}
/** Compose SMS: sent with update-with-start, so it joins or starts the pair's workflow like a text does. */
export const composeUpdate = defineUpdate<ComposeResult, [ComposeInput]>('compose');

export const viewQuery = defineQuery<InteractionView>('view');

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
export const liveQuery = defineQuery<LiveView>('live');
