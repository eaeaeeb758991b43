// Workflow-safe contract between the interaction workflow, the worker and the api.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { InteractionState } from '../domain/interaction-state';
import type { ActorInput, ComposeOutcome, InteractionSnapshot, LiveView, ManualOffer, Offer } from '../domain/interaction/state';

// The state types live in the domain (issue 26); the workflow's contract names them too.
export type { ActorInput, ComposeOutcome, HeldText, InteractionSnapshot, LiveView, ManualOffer, Offer } from '../domain/interaction/state';

export interface InteractionSettings {
  offerTimeoutMs: number;
  /** VA-15: a conversation only the virtual agent has handled closes after this long without a requester text. */
  vaIdleCloseMs?: number;
  /** Test-only: continue-as-new after this many history events even if the server does not suggest it yet. */
  continueAsNewAfterEvents?: number;
}

/** The search attributes this run started with (set by the starter, or carried over by continue-as-new). */
export interface PublishedAttributes {
  state: InteractionState;
  agent: string | null;
  queue: string | null;
}

export interface InteractionInput {
  /**
   * The workflow version the run started with (src/workflows/versions.ts): WORKFLOW_VERSION from every starter and
   * from continue-as-new. Absent (0) in runs started before versions; read it with `since()` / `versionOf()`.
   * Not the snapshot's `version`, which counts the projection's writes.
   */
  version: number;
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

export const liveQuery = defineQuery<LiveView>('live');
