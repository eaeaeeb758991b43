import type { Knex } from 'knex';
import type { SessionUser } from '../auth/sessions';
import type { PostCommit } from '../realtime/post-commit';
import { loadInteractionFor } from './interactions';
import { reassociateRequester, type RequesterView } from './requesters';

/** PROF-7/PROF-9 from the requester panel: the interaction as the user may act on it, re-associated, then pushed. */
export async function changeRequester(deps: { db: Knex; postCommit: PostCommit }, actor: SessionUser, interactionId: string, userId: string | null): Promise<RequesterView> {
  const { db, postCommit } = deps;
  const row = await loadInteractionFor(db, interactionId, actor);
  const requester = await reassociateRequester(db, actor, row, userId);
  postCommit.after(db, { type: 'interaction', id: interactionId });
  return requester;
}
