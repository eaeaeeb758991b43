import { CAPACITY_STATES, type CloseReason, type InteractionState } from '../domain/interaction-state';
import { decideOffer } from '../routing/work-items';
import type { ActivityDeps } from './deps';

export function createSaveInteraction({ db, events, dispatcher }: ActivityDeps) {
  /** Writes the workflow's state to the read model the Workspace lists from. */
  return async function saveInteraction(input: { interactionId: string; state: InteractionState }): Promise<void> {
    await db('interactions').where({ id: input.interactionId }).update({ state: input.state, updated_at: db.fn.now() });
    events.interactionChanged(input.interactionId);
    // CAP-6: on hold no longer counts against the agent's capacity, so waiting work may now be offered.
    if (!CAPACITY_STATES.includes(input.state)) dispatcher.kick();
  };
}

export function createCloseInteraction({ db, dispatcher, events }: ActivityDeps) {
  /** Closes the read model, cancels any open work item and frees the agent's capacity for the dispatcher. */
  return async function closeInteraction(input: { interactionId: string; state: InteractionState; reason: CloseReason }): Promise<void> {
    await db.transaction(async (trx) => {
      const open = await trx('work_items').where({ interaction_id: input.interactionId }).whereIn('state', ['queued', 'offered']).forUpdate();
      for (const item of open) {
        await trx('work_items').where({ id: item.id }).update({ state: 'canceled', updated_at: trx.fn.now() });
        if (item.offer_id) await decideOffer(trx, item.offer_id, 'withdrawn');
        await trx('routing_events').insert({ work_item_id: item.id, interaction_id: input.interactionId, type: 'canceled', detail: JSON.stringify({ reason: input.reason }) });
      }
      await trx('interactions').where({ id: input.interactionId }).update({
        state: input.state, close_reason: input.reason, closed_at: trx.fn.now(), updated_at: trx.fn.now(),
      });
    });
    events.interactionChanged(input.interactionId);
    dispatcher.kick();
  };
}
