import { expireOffer, type WorkItemAfter } from '../routing/work-items';
import { DISPATCH } from '../realtime/post-commit';
import type { ActivityDeps } from './deps';

export function createExpireOffer({ db, postCommit, metrics }: ActivityDeps) {
  /** The workflow's offer timer fired: return the item to the queue (agent → Away) unless it moved on meanwhile. */
  return async function expireOfferActivity(input: { workItemId: string; offerId: string }): Promise<WorkItemAfter> {
    const r = await expireOffer(db, input.workItemId, input.offerId);
    if (r.expiredAgentId) metrics?.offers.inc({ outcome: 'timed_out' });
    const item = await db('work_items').where({ id: input.workItemId }).first('interaction_id');
    postCommit.after(db, ...(r.expiredAgentId ? [DISPATCH] : []), ...(item ? [{ type: 'interaction' as const, id: item.interaction_id as string }] : []));
    return { state: r.state, agentId: r.agentId, offer: r.offer } as WorkItemAfter;
  };
}
