import type { Knex } from 'knex';
import type { Presence } from '../domain/presence';

export const CHANGES_CHANNEL = 'parley_changes';

/** What travels on the channel. Small on purpose (NOTIFY caps a payload at 8000 bytes): listeners re-read what they need. */
export type Change =
  /**
   * From an inbound claim: workflowId and the claimed message ids (null: too many to list), which the api's wake
   * coalescer paces its signals on (src/ingest/wake-coalescer.ts).
   */
  | { type: 'interaction'; id: string; workflowId?: string; claimed?: string[] | null }
  /** An inbound claim that found nothing left to take. */
  | { type: 'claimed'; workflowId: string }
  | { type: 'offers'; agentId: string }
  | { type: 'presence'; agentId: string; status: Presence }
  /** An agent's capacity in use may have changed (the manager's agent table re-reads). */
  | { type: 'capacity'; agentId: string }
  /** Routing configuration changed (queues, groups, channels, capacities). */
  | { type: 'routing_config' }
  /** SPEC §7 prompt_agent: a reminder for the assignee (a Workspace notification). */
  | { type: 'prompt'; agentId: string; interactionId: string; text: string };

/**
 * Queues a change notification. Inside a transaction PostgreSQL delivers it only on commit (and drops it on
 * rollback), so listeners never see a change that did not happen.
 */
export async function notifyChange(db: Knex, change: Change): Promise<void> {
  await db.raw('select pg_notify(?, ?)', [CHANGES_CHANNEL, JSON.stringify(change)]);
}

