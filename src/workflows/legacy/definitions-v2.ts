// Frozen for the v2 workflow (issue 26: legacy/ imports nothing live): the part of the workflow contract a v2 run
// answers, as it was. The names are the api's: a live run and a legacy run answer the same signals, updates and query.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { InteractionState } from './interaction-state-v2';

export interface Offer {
  workItemId: string;
  offerId: string;
  agentId: string;
  /** Epoch ms; null: the offer waits until it is answered. */
  expiresAt: number | null;
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
}

/** The search attributes this run started with (set by the starter, or carried over by continue-as-new). */
export interface PublishedAttributes {
  state: InteractionState;
  agent: string | null;
  queue: string | null;
}

export interface InteractionInput {
  /**
   * Not read here: a v2 run started without it. The live workflow sets it to the current version so that this run's
   * continuation (a new history, on the live code) starts at it; continue-as-new passes the input on.
   */
  version?: number;
  companyNumber: string;
  requesterNumber: string;
  /** Only `continueAsNewAfterEvents` is read here; the rest is passed on to the continuation. */
  settings: { continueAsNewAfterEvents?: number };
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

export interface ActorInput {
  interactionId: string;
  agentId: string;
  asSupervisor?: boolean;
}

export const inboundSignal = defineSignal<[{ messageId: string }]>('inbound');
export const offeredSignal = defineSignal<[Offer]>('offered');
export const offerReturnedSignal = defineSignal<[{ workItemId: string; offerId: string }]>('offerReturned');
export const assignedSignal = defineSignal<[{ workItemId: string; agentId: string }]>('assigned');
export const agentMessageUpdate = defineUpdate<{ messageId: string }, [ActorInput & { body: string }]>('agentMessage');
export const holdUpdate = defineUpdate<{ state: InteractionState }, [ActorInput]>('hold');
export const resumeUpdate = defineUpdate<{ state: InteractionState }, [ActorInput]>('resume');
export const endUpdate = defineUpdate<{ state: InteractionState }, [ActorInput & { outcome: 'complete' | 'abandon' }]>('end');
export const viewQuery = defineQuery<InteractionView>('view');
