import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { parseInteractionWorkflowId } from '../domain/ids';
import type { Metrics } from '../metrics/metrics';
import type { Dispatcher } from '../routing/dispatcher';
import { eligibleGroups } from '../routing/eligibility';
import { rankAgents } from '../routing/rank-agents';
import { isOpen } from '../routing/schedule';
import { passContext, routableOf } from '../routing/work-items';
import type { InteractionGateway } from '../temporal/interaction-gateway';

// Issue 22: two invariants a contact center cannot break, checked and repaired here because nothing else would notice.
// 1. Every open interaction has a running workflow that owns it (else nobody can act on it and no timer fires).
// 2. Every queued work item gets an offer or a "why nobody" entry within one dispatch pass: one an agent with room
//    could take is offered by the next pass, so none is still offerable a sweep later.

const OPEN = `('closed_complete', 'closed_abandoned')`;

export interface Orphan {
  interactionId: string;
  workflowId: string;
}

/**
 * Open interactions, unchanged for `graceMs`, whose workflow has no running run. Visibility answers in batches (it may
 * lag); each suspect is confirmed by describing its workflow before it is reported.
 */
export async function unownedInteractions(db: Knex, client: Client, graceMs: number, batch = 100): Promise<Orphan[]> {
  const rows: { id: string; workflow_id: string }[] = await db('interactions')
    .whereRaw(`state not in ${OPEN}`)
    .andWhere('updated_at', '<', new Date(Date.now() - graceMs))
    .orderBy('created_at')
    .select('id', 'workflow_id')
    .limit(10_000);
  const orphans: Orphan[] = [];
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const ids = [...new Set(chunk.map((r) => r.workflow_id))];
    const running = new Set<string>();
    const query = `ExecutionStatus = 'Running' AND WorkflowId IN (${ids.map((id) => `'${id.replace(/'/g, '')}'`).join(', ')})`;
    for await (const w of client.workflow.list({ query })) running.add(w.workflowId);
    for (const r of chunk) {
      if (running.has(r.workflow_id) || !(await notRunning(client, r.workflow_id))) continue;
      orphans.push({ interactionId: r.id, workflowId: r.workflow_id });
    }
  }
  return orphans;
}

async function notRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING';
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return true;
    throw err;
  }
}

export interface OfferableItem {
  workItemId: string;
  interactionId: string;
  /** Since it was queued, or returned to the queue. */
  queuedSeconds: number;
}

/**
 * Queued items (the 500 longest waiting) that an Available agent with room could be offered right now. Right after
 * a dispatch pass there are none: the pass offers every such item (SPEC §5, "never stuck"). An item that is still here
 * a sweep later was left behind.
 */
export async function offerableQueuedItems(db: Knex): Promise<OfferableItem[]> {
  const pass = await passContext(db, 0);
  const items = await db('work_items').where({ state: 'queued' }).orderBy('updated_at').limit(500)
    .select('id', 'interaction_id', 'queue_id', 'channel_id', 'size', 'rejected_agent_ids', 'target_agent_id', 'created_at', 'updated_at');
  const offerable: OfferableItem[] = [];
  for (const item of items) {
    const queue = pass.queues.get(item.queue_id);
    if (!queue || (!item.target_agent_id && !isOpen(queue.schedule, new Date(pass.now)))) continue;
    const eligibility = eligibleGroups(queue.pools, (item.created_at as Date).getTime(), pass.now);
    if (rankAgents(pass.agents, routableOf(item), eligibility, queue.assignmentRule).ranked.length === 0) continue;
    offerable.push({ workItemId: item.id, interactionId: item.interaction_id, queuedSeconds: Math.max(0, (pass.now - (item.updated_at as Date).getTime()) / 1000) });
  }
  return offerable;
}

export interface ConsistencyReport {
  orphans: Orphan[];
  /** Queued items an agent with room could take at this sweep and at the one before: dispatched again. */
  stranded: OfferableItem[];
  oldestOfferableSeconds: number;
}

export interface ConsistencySweep {
  /** One check of both invariants, repairing what it can; each repair is logged. */
  sweep(): Promise<ConsistencyReport>;
}

export function createConsistencySweep(deps: {
  db: Knex;
  client: Client;
  gateway: Pick<InteractionGateway, 'wake'>;
  dispatcher: Pick<Dispatcher, 'kick'>;
  log: Logger;
  metrics?: Metrics;
  graceMs: number;
}): ConsistencySweep {
  const { db, client, gateway, dispatcher, log, metrics, graceMs } = deps;
  let offerableBefore = new Set<string>();

  /**
   * Starts the pair's workflow again, as a text would: a run with no interaction of its own takes over the pair's open
   * one at its take-in (src/activities/take-inbound.ts, the decider's `adopt`), with whatever texts nobody claimed.
   */
  async function repair(o: Orphan): Promise<void> {
    const pair = parseInteractionWorkflowId(o.workflowId);
    if (!pair) {
      log.error({ interactionId: o.interactionId, workflowId: o.workflowId }, 'an orphaned interaction has a workflow id Parley did not make; left as it is');
      return;
    }
    await gateway.wake(pair.companyNumber, pair.requesterNumber, `adopt:${o.interactionId}`);
    log.warn({ interactionId: o.interactionId, workflowId: o.workflowId }, 'an open interaction had no running workflow: started one to take it over');
    metrics?.consistencyRepairs.inc({ kind: 'orphan_adopted' });
  }

  return {
    async sweep() {
      const orphans = await unownedInteractions(db, client, graceMs);
      for (const o of orphans) {
        await repair(o).catch((err) => log.error({ err, interactionId: o.interactionId }, 'could not repair an orphaned interaction'));
      }
      const offerable = await offerableQueuedItems(db);
      const stranded = offerable.filter((i) => offerableBefore.has(i.workItemId));
      offerableBefore = new Set(offerable.map((i) => i.workItemId));
      for (const u of stranded) {
        log.warn({ workItemId: u.workItemId, interactionId: u.interactionId, queuedSeconds: u.queuedSeconds }, 'a queued item an agent has room for was not offered since the last consistency sweep; dispatching again');
      }
      if (stranded.length) {
        metrics?.consistencyRepairs.inc({ kind: 'redispatched' }, stranded.length);
        dispatcher.kick();
      }
      const oldest = Math.max(0, ...offerable.map((i) => i.queuedSeconds));
      metrics?.orphanedInteractions.set(orphans.length);
      metrics?.strandedQueuedItems.set(stranded.length);
      metrics?.oldestOfferableQueuedSeconds.set(oldest);
      return { orphans, stranded, oldestOfferableSeconds: oldest };
    },
  };
}
