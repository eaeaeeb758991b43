import type { Knex } from 'knex';
import type { PostCommit } from '../realtime/post-commit';
import { applyStatus } from '../sms/delivery-status-store';

/** A provider's status callback, ranked against what is stored (SPEC §13); a change the Workspace shows is pushed. */
export async function receiveStatusCallback(deps: { db: Knex; postCommit: PostCommit }, update: Parameters<typeof applyStatus>[1]) {
  const r = await applyStatus(deps.db, update);
  if (r.interactionId) deps.postCommit.after(deps.db, { type: 'interaction', id: r.interactionId });
  return r;
}
