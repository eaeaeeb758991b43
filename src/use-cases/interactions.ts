import type { Knex } from 'knex';
import type { SessionUser } from '../auth/sessions';
import type { DeliveryStatus } from '../domain/delivery-status';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { isClosed, type CloseReason, type InteractionState } from '../domain/interaction-state';
import { interactionMetrics, type MetricSide } from '../domain/interaction-metrics';
import { isOptedOut } from '../sms/consent';
import { capturedLabeller } from './captured-context';
import { agentMayReadClosed } from './interaction-history';
import { requesterOf } from './requesters';

export async function loadInteractionFor(db: Knex, id: string, user: SessionUser) {
  const row = await db('interactions').where({ id }).first();
  if (!row) throw new NotFoundError('no such interaction');
  if (user.role === 'agent' && row.assigned_agent_id !== user.id) {
    // Offered to this agent, or accepted by them a moment before the workflow projected the assignment.
    const states = row.assigned_agent_id ? ['offered'] : ['offered', 'accepted'];
    const offered = await db('work_items').where({ interaction_id: id, offered_agent_id: user.id }).whereIn('state', states).first('id');
    // AI-15: an agent who composed into someone else's conversation works in it too.
    const participant = offered ? null : await db('interaction_participants').where({ interaction_id: id, user_id: user.id }).first('user_id');
    if (!offered && !participant) throw new ForbiddenError('this interaction is not assigned to you');
  }
  return row;
}

/**
 * ONG-6: agents may read (never act on) a conversation a colleague holds, so they can follow it or learn from it;
 * everything else is as for acting on it. Commands keep using loadInteractionFor.
 */
export async function loadInteractionToRead(db: Knex, id: string, user: SessionUser) {
  const row = await db('interactions').where({ id }).first();
  if (!row) throw new NotFoundError('no such interaction');
  // ONG-6: what the Colleagues list shows — a colleague's conversation in progress or on hold — an agent may read.
  // Those waiting for an agent stay with whoever is offered them (and managers).
  const colleagues = row.assigned_agent_id && row.assigned_agent_id !== user.id && ['work_in_progress', 'on_hold', 'wrap_up'].includes(row.state);
  if (user.role === 'agent' && colleagues) return row;
  // Issue 25: closed ones an agent handled, and the earlier ones of a requester they are working with now.
  if (user.role === 'agent' && isClosed(row.state) && (await agentMayReadClosed(db, user.id, id))) return row;
  return loadInteractionFor(db, id, user);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Who wrote a transcript message (the Workspace marks the virtual agent's and the system's). */
export function authorKind(m: { direction: string; author_user_id: string | null; author_kind?: string | null }): 'requester' | 'agent' | 'virtual_agent' | 'system' {
  if (m.author_kind === 'virtual_agent' || m.author_kind === 'system') return m.author_kind;
  if (m.direction === 'inbound') return 'requester';
  if (m.direction === 'system') return 'system';
  return m.author_user_id ? 'agent' : 'virtual_agent';
}

const ms = (d: unknown) => (d instanceof Date ? d.getTime() : null);
/** Only people answer people: the virtual agent's and the system's texts are neither side (SPEC §4, INT-13). */
const metricSide = (kind: ReturnType<typeof authorKind>): MetricSide => (kind === 'requester' || kind === 'agent' ? kind : 'other');

export async function interactionDetail(db: Knex, row: Record<string, unknown>) {
  const messages = await db('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .where({ 'm.interaction_id': row.id })
    .orderBy('m.seq')
    .select('m.*', 'u.name as author_name');
  const participants = await db('interaction_participants').where({ interaction_id: row.id }).orderBy('joined_at').pluck('user_id');
  // AI-14: a conversation whose first message (notes aside) an agent wrote was started by that agent with Compose.
  const first = messages.find((m) => m.direction !== 'system');
  const startedBy = first && first.direction === 'outbound' && first.author_user_id
    ? { agentId: first.author_user_id as string, name: (first.author_name as string | null) ?? 'An agent' }
    : null;
  const labelled = await capturedLabeller(db);
  return {
    id: row.id as string,
    workflowId: row.workflow_id as string,
    state: row.state as InteractionState,
    closeReason: (row.close_reason as CloseReason | null) ?? null,
    requesterNumber: row.requester_number as string,
    companyNumber: row.company_number as string,
    assignedAgentId: (row.assigned_agent_id as string | null) ?? null,
    queueId: (row.queue_id as string | null) ?? null,
    unreadCount: row.unread_count as number,
    createdAt: iso(row.created_at as Date)!,
    closedAt: iso(row.closed_at as Date | null),
    requester: await requesterOf(db, row as Parameters<typeof requesterOf>[1]),
    participantIds: participants as string[],
    optedOut: await isOptedOut(db, row.company_number as string, row.requester_number as string),
    /** What the virtual agent captured before handing off (e.g. orderNumber). */
    context: (row.context as Record<string, string>) ?? {},
    captured: labelled(row.context as Record<string, string> | null),
    vaSummary: (row.va_summary as string | null) ?? null,
    startedBy,
    metrics: interactionMetrics(
      { queuedAt: ms(row.queued_at), acceptedAt: ms(row.accepted_at), closedAt: ms(row.closed_at) },
      messages.map((m) => ({ side: metricSide(authorKind(m)), at: (m.created_at as Date).getTime() })),
    ),
    messages: messages.map((m) => ({
      id: m.id as string,
      direction: m.direction as 'inbound' | 'outbound' | 'system',
      body: m.body as string,
      media: m.media as { url: string; contentType: string }[],
      status: m.status as DeliveryStatus,
      errorCode: (m.error_code as string | null) ?? null,
      errorMessage: (m.error_message as string | null) ?? null,
      authorId: (m.author_user_id as string | null) ?? null,
      authorKind: authorKind(m),
      authorName: (m.author_name as string | null) ?? null,
      createdAt: iso(m.created_at as Date)!,
      heldUntil: iso(m.held_until as Date | null),
    })),
  };
}

/** ONG-1…5: the agent's open interactions, unread first, then most recent activity. */
export async function listOngoing(db: Knex, agentId: string) {
  const rows = await db('interactions as i')
    // AI-15: conversations the agent joined by composing into them are theirs to follow too.
    .where((q) => q.where('i.assigned_agent_id', agentId).orWhereExists(db('interaction_participants as p').whereRaw('p.interaction_id = i.id').where('p.user_id', agentId)))
    .whereNotIn('i.state', ['closed_complete', 'closed_abandoned'])
    .select(
      'i.*',
      // The card's snippet is the conversation's, not the notes for agents (accepted, handed off, …).
      db.raw(`(select body from messages m where m.interaction_id = i.id and m.direction <> 'system' order by seq desc limit 1) as last_message`),
      db.raw(`(select direction from messages m where m.interaction_id = i.id and m.direction <> 'system' order by seq desc limit 1) as last_message_direction`),
      db.raw(`(select json_build_object('direction', direction, 'author_user_id', author_user_id, 'author_kind', author_kind,
                        'author_name', (select name from users u where u.id = m.author_user_id))
                 from messages m where m.interaction_id = i.id and m.direction <> 'system' order by seq desc limit 1) as last_message_author`),
      db.raw(`(select name from users u where u.id = i.requester_user_id) as requester_name`),
      db.raw(`coalesce((select c.opted_out from consents c where c.company_number = i.company_number and c.requester_number = i.requester_number), false) as opted_out`),
    )
    .orderByRaw('(i.unread_count > 0) desc, coalesce(i.last_message_at, i.created_at) desc');
  return rows.map((r) => ({
    id: r.id as string,
    state: r.state as InteractionState,
    requesterNumber: r.requester_number as string,
    companyNumber: r.company_number as string,
    assignedAgentId: r.assigned_agent_id as string,
    unreadCount: r.unread_count as number,
    lastMessage: (r.last_message as string | null) ?? '',
    lastMessageDirection: (r.last_message_direction as 'inbound' | 'outbound' | 'system' | null) ?? null,
    lastMessageAuthorKind: r.last_message_author ? authorKind(r.last_message_author) : null,
    // SPEC §17: "You wrote" only for the reader's own messages; a colleague's (AI-15) is named.
    lastMessageAuthorId: (r.last_message_author?.author_user_id as string | null | undefined) ?? null,
    lastMessageAuthorName: (r.last_message_author?.author_name as string | null | undefined) ?? null,
    lastMessageAt: iso(r.last_message_at),
    lastInboundAt: iso(r.last_inbound_at),
    requesterName: (r.requester_name as string | null) ?? null,
    verifyIdentity: r.verify_identity as boolean,
    optedOut: r.opted_out as boolean,
  }));
}

/** ONG-6: SMS conversations in progress or on hold with another agent, most recently updated first. */
export async function listColleaguesWork(db: Knex, userId: string) {
  const rows = await db('interactions as i')
    .join('users as a', 'a.id', 'i.assigned_agent_id')
    .whereIn('i.state', ['work_in_progress', 'on_hold'])
    .whereNot('i.assigned_agent_id', userId)
    .select('i.id', 'i.state', 'i.requester_number', 'i.company_number', 'i.assigned_agent_id', 'a.name as assigned_agent_name', 'i.updated_at', 'i.last_message_at',
      db.raw(`(select name from users u where u.id = i.requester_user_id) as requester_name`))
    .orderByRaw('greatest(i.updated_at, coalesce(i.last_message_at, i.updated_at)) desc')
    .limit(500);
  return rows.map((r) => ({
    id: r.id as string,
    channel: 'sms' as const,
    state: r.state as 'work_in_progress' | 'on_hold',
    requesterNumber: r.requester_number as string,
    requesterName: (r.requester_name as string | null) ?? null,
    companyNumber: r.company_number as string,
    assignedAgentId: r.assigned_agent_id as string,
    assignedAgentName: r.assigned_agent_name as string,
    updatedAt: new Date(Math.max((r.updated_at as Date).getTime(), (r.last_message_at as Date | null)?.getTime() ?? 0)).toISOString(),
  }));
}

/** The transcript for someone who may read it (ONG-6). */
export async function interactionDetailFor(db: Knex, user: SessionUser, id: string) {
  return interactionDetail(db, await loadInteractionToRead(db, id, user));
}

/** The requester's messages read, by someone who may act on the interaction. */
export async function markReadBy(db: Knex, user: SessionUser, id: string): Promise<void> {
  await loadInteractionFor(db, id, user);
  await markRead(db, id);
}

export async function markRead(db: Knex, id: string): Promise<void> {
  await db('interactions').where({ id }).update({ unread_count: 0 });
}
