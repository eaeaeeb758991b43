import { z } from 'zod';
import { INTERACTION_STATES } from '../domain/interaction-state';
import { PRESENCE } from '../domain/presence';

// What GET /api/events pushes (server-sent events): each event's name and the JSON its `data:` line carries. Events
// carry ids, not content: the Workspace re-reads what it shows. The api names these schemas in its OpenAPI document
// (src/api/schemas/server-events.ts: ServerEvents and a ServerEvent… component per event), so the Workspace's handler
// is typed by the generated web/src/generated/api.d.ts; the hub (sse-hub.ts) sends only what these types allow.

const nothing = () => z.strictObject({});

export const SERVER_EVENTS = {
  /** On every (re)connect, and when the hub's change listener reconnects: whatever happened meanwhile is unknown, re-read everything. */
  hello: z.strictObject({ userId: z.string() }),
  /** The agent's offers changed (a new one, or one taken back): re-read the Inbox. */
  offers: nothing(),
  /** The agent's own presence changed (here or elsewhere, e.g. WI-5's Away after an unanswered offer). */
  presence: z.strictObject({ status: z.enum(PRESENCE) }),
  /** Supervisors: an agent's presence or capacity in use changed (SPEC §10's live agent table). */
  agent: z.strictObject({ agentId: z.string() }),
  /** Supervisors: routing configuration changed (queues, groups, channels, capacities). */
  routing_config: nothing(),
  /** SPEC §7 prompt_agent: a reminder for the assignee, shown as a Workspace notification. */
  prompt: z.strictObject({ interactionId: z.string(), text: z.string() }),
  /** An interaction the user is concerned by changed (assignee, offered agent, participant, or any supervisor). */
  interaction: z.strictObject({ id: z.string(), state: z.enum(INTERACTION_STATES), unreadCount: z.int().min(0) }),
} as const;

export type ServerEventName = keyof typeof SERVER_EVENTS;
/** Each event's payload, by name. */
export type ServerEventData = { [K in ServerEventName]: z.infer<(typeof SERVER_EVENTS)[K]> };

/** Why a payload is not what the document says its event carries (null: it is). Tests check every event sent with it. */
export function serverEventMismatch<K extends ServerEventName>(event: K, data: ServerEventData[K]): string | null {
  const r = SERVER_EVENTS[event].safeParse(data);
  if (r.success) return null;
  return `the ${event} event does not match its schema: ${r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(data)'}: ${i.message}`).join('; ')}`;
}

/** The text of one event on the stream. */
export function serverEvent<K extends ServerEventName>(event: K, data: ServerEventData[K]): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
