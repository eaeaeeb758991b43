import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { transition, type InteractionState } from '../domain/interaction-state';
import { recordRoutingEvent } from '../routing/work-items';
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
    const result = await db.transaction(async (trx) => {
      if (input.interactionId) return claimInto(trx, input.interactionId, input.currentState);
      const pending = await trx('messages')
        .where({ company_number: input.companyNumber, requester_number: input.requesterNumber, direction: 'inbound' })
        .whereNull('interaction_id')
        .first('id');
      if (!pending) return { interactionId: null, state: input.currentState, queueId: null, workItemId: null, taken: 0 };

      const company = await trx('company_numbers').where({ number: input.companyNumber }).first();
      const interactionId = randomUUID();
      // RI-2/VA-12: without a virtual agent yet, every number routes to its queue.
      const state: InteractionState = 'queued';
      await trx('interactions').insert({
        id: interactionId, workflow_id: input.workflowId, run_id: input.runId, company_number: input.companyNumber,
        requester_number: input.requesterNumber, state, queue_id: company.queue_id, queued_at: trx.fn.now(),
      });
      const [item] = await trx('work_items')
        .insert({ interaction_id: interactionId, workflow_id: input.workflowId, queue_id: company.queue_id, channel_id: 'sms', state: 'queued' })
        .returning('id');
      await recordRoutingEvent(trx, { workItemId: item.id, interactionId, type: 'queued', detail: { queueId: company.queue_id } });
      const claimed = await claimInto(trx, interactionId, state);
      return { ...claimed, queueId: company.queue_id as string, workItemId: item.id as string };
    });
    if (result.workItemId) dispatcher.kick();
    if (result.interactionId && result.taken > 0) events.interactionChanged(result.interactionId);
    return result;
  };
}

// Plain FOR UPDATE, never SKIP LOCKED: only this pair's workflow claims its messages, and a row held for a moment by
// another writer (the api recording that it signalled) must be waited for, not skipped and stranded.
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
