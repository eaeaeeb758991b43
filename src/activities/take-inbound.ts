import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { transition, type InteractionState } from '../domain/interaction-state';
import { CHANGES_CHANNEL } from '../realtime/pg-change-events';
import type { ActivityDeps } from './deps';

export interface TakeInboundInput {
  workflowId: string;
  runId: string;
  companyNumber: string;
  requesterNumber: string;
  interactionId: string | null;
  currentState: InteractionState;
}

export interface TakeInboundResult {
  interactionId: string | null;
  state: InteractionState;
  queueId: string | null;
  workItemId: string | null;
  taken: number;
}

/**
 * Claims every stored inbound message of the pair that no interaction holds yet, in order of receipt, and opens
 * the interaction (queued for live agents, RI-2) when this run has none. The claim is the workflow's confirmation:
 * the ingress sweeper re-signals only unclaimed messages, and a message can be claimed once, so duplicate or late
 * signals cannot duplicate a message.
 */
export function createTakeInbound({ db, dispatcher, metrics }: ActivityDeps) {
  return async function takeInbound(input: TakeInboundInput): Promise<TakeInboundResult> {
    const result = input.interactionId
      ? await claimInto(db, input.workflowId, input.interactionId, input.currentState)
      : await openInteraction(db, input);
    if (result.workItemId) dispatcher.kick();
    metrics?.textsTakenIn.inc(result.taken);
    return result;
  };
}

// Plain FOR UPDATE in both statements, never SKIP LOCKED (see claimInto).
//
// Each statement also queues one notification, delivered on commit: with what it took, an `interaction` change for
// the Workspace that lists the claimed ids (up to CLAIMED_IDS_LISTED; `null` beyond), else a bare `claimed`. The
// api's wake coalescer paces each conversation's signals on these, and drops texts a claim already took: they need
// no signal of their own. One round trip per claim, inside the workflow task.
export const CLAIMED_IDS_LISTED = 100;
const NOTIFY_CLAIMED = (interactionIdSql: string) => `pg_notify('${CHANGES_CHANNEL}', (
         case when exists (select 1 from claimed)
           then json_build_object('type', 'interaction', 'id', ${interactionIdSql}, 'workflowId', :workflowId::text,
                  'claimed', case when (select count(*) from claimed) <= ${CLAIMED_IDS_LISTED} then (select json_agg(id) from claimed) end)
           else json_build_object('type', 'claimed', 'workflowId', :workflowId::text)
         end)::text)`;
/**
 * A new conversation in ONE statement (data-modifying CTEs are atomic and FK checks run at its end): the
 * interaction, its work item and routing event, and the claim. It runs inside the workflow's first task, so every
 * round trip saved is time that task is not holding a poller (the hot path of the ingest benchmark).
 */
async function openInteraction(db: Knex, input: TakeInboundInput): Promise<TakeInboundResult> {
  // RI-2/VA-12: without a virtual agent yet, every company number routes to its queue.
  const state: InteractionState = transition('queued', { type: 'requester_message' });
  const interactionId = randomUUID();
  const { rows } = await db.raw(
    `with pending as (
       select id, created_at from messages
        where company_number = :company and requester_number = :requester and direction = 'inbound' and interaction_id is null
        order by seq for update
     ), company as (
       select queue_id from company_numbers where number = :company
     ), opened as (
       insert into interactions (id, workflow_id, run_id, company_number, requester_number, state, queue_id, queued_at,
                                 last_inbound_at, last_message_at, unread_count)
       select :id, :workflowId, :runId, :company, :requester, :state, company.queue_id, now(),
              (select max(created_at) from pending), (select max(created_at) from pending), (select count(*) from pending)
         from company where exists (select 1 from pending)
       returning id, queue_id
     ), item as (
       insert into work_items (interaction_id, workflow_id, queue_id, channel_id, state)
       select id, :workflowId, queue_id, 'sms', 'queued' from opened
       returning id, interaction_id, queue_id
     ), queued_event as (
       insert into routing_events (work_item_id, interaction_id, type, detail)
       select id, interaction_id, 'queued', jsonb_build_object('queueId', queue_id) from item
     ), claimed as (
       update messages set interaction_id = :id, taken_at = clock_timestamp(), updated_at = now()
        where id in (select id from pending) and exists (select 1 from opened)
       returning id
     ), notified as (
       select ${NOTIFY_CLAIMED('(select id from opened)')}
     )
     select (select id from opened) as interaction_id, (select queue_id from opened) as queue_id,
            (select id from item) as work_item_id, (select count(*) from claimed)::int as taken,
            (select count(*) from notified) as notified`,
    { id: interactionId, workflowId: input.workflowId, runId: input.runId, company: input.companyNumber, requester: input.requesterNumber, state },
  );
  const r = rows[0];
  if (!r.interaction_id) return { interactionId: null, state: input.currentState, queueId: null, workItemId: null, taken: 0 };
  return { interactionId: r.interaction_id, state, queueId: r.queue_id, workItemId: r.work_item_id, taken: r.taken };
}

// Plain FOR UPDATE, never SKIP LOCKED: only this pair's workflow claims its messages, and a row held for a moment by
// another writer (the api recording that it signalled) must be waited for, not skipped and stranded.
async function claimInto(db: Knex, workflowId: string, interactionId: string, currentState: InteractionState): Promise<TakeInboundResult> {
  // The workflow's rule (SPEC §4: a requester text into on_hold resumes it), applied only if something was claimed.
  const next = transition(currentState, { type: 'requester_message' });
  const { rows } = await db.raw(
    `with interaction as (
       select id, company_number, requester_number, queue_id from interactions where id = :id
     ), claimed as (
       update messages set interaction_id = :id, taken_at = clock_timestamp(), updated_at = now()
        where id in (select m.id from messages m join interaction i
                       on m.company_number = i.company_number and m.requester_number = i.requester_number
                      where m.direction = 'inbound' and m.interaction_id is null
                      order by m.seq for update of m)
       returning id, created_at
     ), touched as (
       update interactions set state = :next, updated_at = now(),
              last_inbound_at = (select max(created_at) from claimed), last_message_at = (select max(created_at) from claimed),
              unread_count = unread_count + (select count(*) from claimed)
        where id = :id and exists (select 1 from claimed)
     ), notified as (
       select ${NOTIFY_CLAIMED(':id::uuid')}
     )
     select (select queue_id from interaction) as queue_id, (select count(*) from claimed)::int as taken,
            (select count(*) from notified) as notified`,
    { id: interactionId, next, workflowId },
  );
  const { queue_id: queueId, taken } = rows[0];
  return { interactionId, state: taken > 0 ? next : currentState, queueId, workItemId: null, taken };
}
