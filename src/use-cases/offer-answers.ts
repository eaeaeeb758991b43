import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { DISPATCH, type PostCommit } from '../realtime/post-commit';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import { acceptOffer, rejectOffer, type RejectionChoice } from './offers';

// An agent's answer to an offer, whole (issue 26: a route calls one use case): the work item changes in PostgreSQL
// (offers.ts), then the workflow is told, then browsers and the dispatcher hear of it from the post-commit place.

export interface OfferAnswerDeps {
  db: Knex;
  gateway: InteractionGateway;
  postCommit: PostCommit;
  log: Logger;
}

/** WI-3: the interaction becomes the agent's. */
export async function acceptMyOffer(deps: OfferAnswerDeps, offerId: string, agentId: string) {
  const { db, gateway, postCommit, log } = deps;
  const r = await acceptOffer(db, offerId, agentId);
  // After commit. If this signal is lost, the workflow's offer timer finds the item accepted and catches up.
  await gateway.assigned(r.workflowId, { workItemId: r.workItemId, agentId }).catch((err) => log.warn({ err, workflowId: r.workflowId }, 'assigned signal failed'));
  postCommit.after(db, { type: 'interaction', id: r.interactionId });
  return r;
}

/** WI-4: the work item goes back to the queue, and the dispatcher looks for someone else. */
export async function rejectMyOffer(deps: OfferAnswerDeps, offerId: string, agentId: string, choice: RejectionChoice) {
  const { db, gateway, postCommit, log } = deps;
  const r = await rejectOffer(db, offerId, agentId, choice);
  await gateway.offerReturned(r.workflowId, { workItemId: r.workItemId, offerId }).catch((err) => log.warn({ err }, 'offerReturned signal failed'));
  postCommit.after(db, { type: 'interaction', id: r.interactionId }, DISPATCH);
  return r;
}
