import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import { getRoutingSettings } from './routing-admin';

/**
 * RSN-1/RSN-2: with `reassignWhenAgentUnavailable` on (off by default), an agent who goes Away or Offline has their
 * conversations re-routed (RSN-4); off, they keep them (PRS-7). Best effort per conversation: one refused (it
 * closed meanwhile) stops none of the others.
 */
export async function reassignIfUnavailable(deps: { db: Knex; gateway: InteractionGateway; log: Logger }, agentId: string): Promise<number> {
  const { db, gateway, log } = deps;
  if (!(await getRoutingSettings(db)).reassignWhenAgentUnavailable) return 0;
  const rows = await db('interactions').where({ assigned_agent_id: agentId }).whereIn('state', ['work_in_progress', 'on_hold']).select('id', 'workflow_id');
  let moved = 0;
  for (const r of rows) {
    try {
      await gateway.reassign(r.workflow_id, { interactionId: r.id, agentId, asSupervisor: true, reason: 'agent unavailable' });
      moved++;
    } catch (err) {
      log.warn({ err, interactionId: r.id }, 'could not reassign a conversation of an unavailable agent');
    }
  }
  return moved;
}
