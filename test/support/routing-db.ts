// A fresh, migrated database (a copy of the run's template) with routing data and no Temporal: dispatchers driven
// directly (concurrency test, bench).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb } from '../../src/db/knex';
import { ensureQueueGroup } from '../../src/routing/default-groups';
import { createTestDatabase, sharedServers } from './servers';

export async function freshRoutingDb(pool = 20): Promise<{ db: Knex; drop(): Promise<void> }> {
  const name = `routing_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = await createTestDatabase(name);
  const db = createDb(url, { max: pool });
  const serverUrl = (await sharedServers()).pg.url;
  return {
    db,
    async drop() {
      await db.destroy();
      const a = createDb(serverUrl, { max: 1 });
      await a.raw(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await a.destroy();
    },
  };
}

/**
 * `n` agents (Available, SMS capacity `capacity`), a queue and a company number; the agents' ids. The queue has its
 * default group (Q-5) unless it already had pools, and the agents join every default group, as created agents do.
 */
export async function seedRouting(db: Knex, opts: { agents: number; capacity: number; queueId?: string; companyNumber?: string }): Promise<string[]> {
  const queueId = opts.queueId ?? 'q';
  await db('queues').insert({ id: queueId, name: queueId, channel_id: 'sms' }).onConflict('id').ignore();
  await ensureQueueGroup(db, { id: queueId, name: queueId });
  await db('company_numbers').insert({ number: opts.companyNumber ?? '+15005550006', display_name: 'line', queue_id: queueId }).onConflict('number').ignore();
  const rows = Array.from({ length: opts.agents }, (_, i) => ({
    email: `agent${i}-${randomUUID().slice(0, 6)}@bench.example`, name: `Agent ${i}`, role: 'agent', password_hash: 'x', sms_capacity: opts.capacity,
  }));
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db('users').insert(rows.slice(i, i + 500)).returning('id');
    ids.push(...inserted.map((r: { id: string }) => r.id));
  }
  const defaults: string[] = await db('agent_groups').where({ default_for_new_agents: true }).pluck('id');
  for (let i = 0; i < ids.length && defaults.length; i += 500) {
    await db('agent_group_members').insert(ids.slice(i, i + 500).flatMap((user_id) => defaults.map((group_id) => ({ group_id, user_id }))));
  }
  for (let i = 0; i < ids.length; i += 500) {
    await db('agent_presence').insert(ids.slice(i, i + 500).map((user_id) => ({ user_id, status: 'available' })));
  }
  return ids;
}

/** `n` queued interactions with their work items, oldest first; their work item ids. */
export async function queueItems(db: Knex, n: number, opts: { queueId?: string; companyNumber?: string; channelId?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  const base = Date.now() - n * 10;
  const prefix = String(200 + Math.floor(Math.random() * 7000)).padStart(4, '0');
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, k) => {
      // Unique per call (one active interaction per pair): a random prefix, then the index.
      const requester = `+1${prefix}${String(i + k).padStart(6, '0')}`;
      return { id: randomUUID(), requester, workItemId: randomUUID(), at: new Date(base + (i + k) * 10) };
    });
    await db('interactions').insert(
      batch.map((b) => ({
        id: b.id, workflow_id: `sms:${opts.companyNumber ?? '+15005550006'}:${b.requester}:${b.id}`, company_number: opts.companyNumber ?? '+15005550006',
        requester_number: b.requester, state: 'queued', queue_id: opts.queueId ?? 'q', channel_id: opts.channelId ?? 'sms', queued_at: b.at,
        requester_profile_id: null,
      })),
    );
    await db('work_items').insert(
      batch.map((b) => ({
        id: b.workItemId, interaction_id: b.id, workflow_id: `wf-${b.id}`, queue_id: opts.queueId ?? 'q', channel_id: opts.channelId ?? 'sms', state: 'queued', created_at: b.at,
      })),
    );
    ids.push(...batch.map((b) => b.workItemId));
  }
  return ids;
}
