import type { Response } from 'express';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from 'pino';
import type { SessionUser } from '../auth/sessions';
import type { ConnectionTracker } from '../routing/workspace-connections';
import { CHANGES_CHANNEL, type Change } from './pg-change-events';
import { serverEvent, serverEventMismatch, type ServerEventData, type ServerEventName } from './server-events';

interface Client {
  user: SessionUser;
  res: Response;
}

export interface SseHub {
  /** Streams the user's events on this response until the browser goes away. */
  attach(user: SessionUser, res: Response): void;
  clientCount(): number;
  close(): Promise<void>;
}

const KEEPALIVE_MS = 15_000;

/**
 * One LISTEN connection per api process; each change is routed to the browsers it concerns. Events carry ids, not
 * content: the page re-reads what it shows, and after a reconnect it re-reads everything (the `hello` event), so a
 * dropped connection catches up without a reload. Every change heard is also handed to `onChange` (the api's wake
 * coalescer paces its signals on inbound claims), browsers connected or not.
 */
export function createSseHub(deps: {
  databaseUrl: string; db: Knex; log: Logger; onChange?: (change: Change) => void;
  /** PRS-5: every Workspace connection is recorded, so presence can follow the last one across api processes. */
  connections?: ConnectionTracker;
  /** Tests (API_CHECK_RESPONSES): parse every payload with its event's schema; a mismatch is not sent, and says why. */
  checkEvents?: boolean;
}): SseHub {
  const { db, log } = deps;
  const clients = new Set<Client>();
  let listener: pg.Client | null = null;
  let closed = false;
  let retryMs = 500;

  // Typed by the payload schemas the OpenAPI document publishes (server-events.ts).
  const send = <K extends ServerEventName>(c: Client, event: K, data: ServerEventData[K]) => {
    const mismatch = deps.checkEvents ? serverEventMismatch(event, data) : null;
    if (mismatch) throw new Error(mismatch);
    c.res.write(serverEvent(event, data));
  };
  const forUser = (userId: string) => [...clients].filter((c) => c.user.id === userId);
  const supervisors = () => [...clients].filter((c) => c.user.role !== 'agent');

  async function route(change: Change): Promise<void> {
    if (clients.size === 0) return;
    if (change.type === 'offers') for (const c of forUser(change.agentId)) send(c, 'offers', {});
    else if (change.type === 'presence') {
      for (const c of forUser(change.agentId)) send(c, 'presence', { status: change.status });
      // The manager's agent table is live (SPEC §10).
      for (const c of supervisors()) send(c, 'agent', { agentId: change.agentId });
    } else if (change.type === 'capacity') for (const c of supervisors()) send(c, 'agent', { agentId: change.agentId });
    else if (change.type === 'routing_config') for (const c of supervisors()) send(c, 'routing_config', {});
    else if (change.type === 'prompt') for (const c of forUser(change.agentId)) send(c, 'prompt', { interactionId: change.interactionId, text: change.text });
    else if (change.type === 'interaction') {
      const row = await db('interactions as i')
        .where('i.id', change.id)
        .first(
          'i.id', 'i.state', 'i.assigned_agent_id', 'i.unread_count',
          db.raw(`(select o.agent_id from work_items w join offers o on o.id = w.offer_id where w.interaction_id = i.id and w.state = 'offered' limit 1) as offered_agent_id`),
          // AI-15: agents who composed into it follow it too (in the same statement: this runs on every change).
          db.raw(`array(select p.user_id from interaction_participants p where p.interaction_id = i.id) as participant_ids`),
        );
      if (!row) return;
      const participants = (row.participant_ids ?? []) as string[];
      const targets = new Set<Client>([
        ...forUser(row.assigned_agent_id ?? ''), ...forUser(row.offered_agent_id ?? ''), ...participants.flatMap(forUser), ...supervisors(),
      ]);
      for (const c of targets) send(c, 'interaction', { id: row.id, state: row.state, unreadCount: row.unread_count });
    }
  }

  async function listen(): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString: deps.databaseUrl });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL || !msg.payload) return;
      let change: Change;
      try {
        change = JSON.parse(msg.payload) as Change;
      } catch {
        return;
      }
      deps.onChange?.(change);
      route(change).catch((err) => log.warn({ err }, 'could not route a change to browsers'));
    });
    client.on('error', (err) => {
      log.warn({ err }, 'change listener lost its connection; reconnecting');
      reconnect(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      listener = client;
      retryMs = 500;
      // Whatever happened while we were not listening: tell every browser to re-read.
      for (const c of clients) send(c, 'hello', { userId: c.user.id });
    } catch (err) {
      log.warn({ err }, 'change listener could not connect; retrying');
      reconnect(client);
    }
  }

  function reconnect(client: pg.Client): void {
    if (listener === client) listener = null;
    client.end().catch(() => undefined);
    if (closed) return;
    setTimeout(() => void listen(), retryMs).unref();
    retryMs = Math.min(retryMs * 2, 10_000);
  }

  void listen();

  return {
    attach(user, res) {
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // nginx would otherwise buffer the stream
      });
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      const client = { user, res };
      clients.add(client);
      const connectionId = deps.connections?.opened(user.id);
      send(client, 'hello', { userId: user.id });
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
      res.on('close', () => {
        clearInterval(keepalive);
        clients.delete(client);
        if (connectionId) deps.connections?.closed(connectionId);
      });
    },
    clientCount: () => clients.size,
    async close() {
      closed = true;
      for (const c of clients) c.res.end();
      clients.clear();
      await listener?.end().catch(() => undefined);
    },
  };
}
