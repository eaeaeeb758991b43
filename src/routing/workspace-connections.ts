// PRS-5 (ref Q12, CC-2): an agent whose last Workspace connection has been gone for the grace period goes Offline,
// whichever api process held it. Connections are rows in PostgreSQL; each api process keeps its own alive.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';

/** A process that stopped heartbeating (killed) for this long has lost its connections. */
export const HEARTBEAT_MS = 30_000;
export const STALE_MS = 3 * HEARTBEAT_MS;

export interface ConnectionTracker {
  opened(userId: string): string;
  closed(connectionId: string): void;
  /** Keeps this process's open connections alive (call every HEARTBEAT_MS). */
  heartbeat(): Promise<void>;
  /** Marks this process's connections closed (shutdown). */
  closeAll(): Promise<void>;
}

export function createConnectionTracker(db: Knex, log: Logger, processId: string = randomUUID()): ConnectionTracker {
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const q = p.catch((err) => log.warn({ err }, 'workspace connection not recorded')).finally(() => pending.delete(q));
    pending.add(q);
  };
  return {
    opened(userId) {
      const id = randomUUID();
      track(db('workspace_connections').insert({ id, user_id: userId, process_id: processId }));
      return id;
    },
    closed(id) {
      track(db('workspace_connections').where({ id }).update({ closed_at: db.fn.now() }));
    },
    async heartbeat() {
      await db('workspace_connections').where({ process_id: processId }).whereNull('closed_at').update({ last_seen_at: db.fn.now() });
    },
    async closeAll() {
      await Promise.allSettled([...pending]);
      await db('workspace_connections').where({ process_id: processId }).whereNull('closed_at').update({ closed_at: db.fn.now() });
    },
  };
}

/**
 * Agents not Offline who had Workspace connections, all of them closed (or their process silent for STALE_MS) for
 * at least `graceMs`. Their connection rows are removed as they are returned, so an agent who only uses the api
 * (no Workspace) is never affected, and each disconnect is acted on once.
 */
export async function agentsGoneOffline(db: Knex, graceMs: number): Promise<string[]> {
  const { rows } = await db.raw(
    `with gone as (
       select c.user_id, max(coalesce(c.closed_at, c.last_seen_at)) as gone_at
         from workspace_connections c
        group by c.user_id
       having bool_and(c.closed_at is not null or c.last_seen_at < now() - make_interval(secs => :staleSeconds))
     ),
     due as (
       select g.user_id from gone g join agent_presence p on p.user_id = g.user_id
        where g.gone_at < now() - make_interval(secs => :graceSeconds)
     ),
     removed as (delete from workspace_connections c using due where c.user_id = due.user_id returning c.user_id)
     select distinct p.user_id from removed r join agent_presence p on p.user_id = r.user_id where p.status <> 'offline'`,
    { staleSeconds: STALE_MS / 1000, graceSeconds: graceMs / 1000 },
  );
  return rows.map((r: { user_id: string }) => r.user_id);
}
