import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { transition, type InteractionState } from '../domain/interaction-state';
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
export function createTakeInbound({ db, dispatcher, events }: ActivityDeps) {
  return async function takeInbound(input: TakeInboundInput): Promise<TakeInboundResult> {
    const result = input.interactionId
      ? await db.transaction((trx) => claimInto(trx, input.interactionId!, input.currentState))
      : await openInteraction(db, input);
    if (result.workItemId) dispatcher.kick();
    if (result.interactionId && result.taken > 0) events.interactionChanged(result.interactionId);
    return result;
  };
}

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
     )
     select (select id from opened) as interaction_id, (select queue_id from opened) as queue_id,
            (select id from item) as work_item_id, (select count(*) from claimed)::int as taken`,
    { id: interactionId, workflowId: input.workflowId, runId: input.runId, company: input.companyNumber, requester: input.requesterNumber, state },
  );
  const r = rows[0];
  if (!r.interaction_id) return { interactionId: null, state: input.currentState, queueId: null, workItemId: null, taken: 0 };
  return { interactionId: r.interaction_id, state, queueId: r.queue_id, workItemId: r.work_item_id, taken: r.taken };
}

async function claimInto(trx: Knex, interactionId: string, currentState: InteractionState): Promise<TakeInboundResult> {
  const interaction = await trx('interactions').where({ id: interactionId }).forUpdate().first();
  const claimed = await trx.raw(
    `update messages set interaction_id = ?, taken_at = clock_timestamp(), updated_at = now()
      where id in (select id from messages
                    where company_number = ? and requester_number = ? and direction = 'inbound' and interaction_id is null
                    order by seq for update)
      returning id, created_at`,
    [interactionId, interaction.company_number, interaction.requester_number],
  );
  const taken = claimed.rows.length as number;
  let state = currentState;
  if (taken > 0) {
    state = transition(currentState, { type: 'requester_message' });
    const last = claimed.rows.reduce((a: Date, r: { created_at: Date }) => (r.created_at > a ? r.created_at : a), new Date(0));
    await trx('interactions').where({ id: interactionId }).update({
      state, last_inbound_at: last, last_message_at: last, updated_at: trx.fn.now(),
      unread_count: trx.raw('unread_count + ?', [taken]),
    });
  }
  return { interactionId, state, queueId: interaction.queue_id, workItemId: null, taken };
}
