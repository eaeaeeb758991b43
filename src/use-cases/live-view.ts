import type { Knex } from 'knex';
import type { SessionUser } from '../auth/sessions';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { InteractionState } from '../domain/interaction-state';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import { loadInteractionFor } from './interactions';
import { withEffects } from './messaging-actions-admin';

/** SPEC §7: what the conversation will do next by itself, read from its workflow (not PostgreSQL). */
export async function liveView(deps: { db: Knex; gateway: InteractionGateway }, user: SessionUser, interactionId: string) {
  const { db, gateway } = deps;
  // Someone who may not act on it learns nothing of it, not even that it exists.
  const row = await loadInteractionFor(db, interactionId, user).catch((err) => {
    throw err instanceof ForbiddenError ? new NotFoundError('no such interaction') : err;
  });
  const live = await gateway.live(row.workflow_id);
  // A later conversation under the same workflow id: this one's timers are gone with it.
  if (live.interactionId !== row.id) return { interactionId: row.id as string, state: row.state as InteractionState, assignedAgentId: (row.assigned_agent_id as string | null) ?? null, timers: [], outbox: [] };
  return { ...live, interactionId: row.id as string, timers: await withEffects(db, live.timers) };
}
