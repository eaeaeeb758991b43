import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { agentsGoneOffline } from '../routing/workspace-connections';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import { reassignIfUnavailable } from './agent-unavailable';
import { setPresence } from './presence';
import { getRoutingSettings } from './routing-admin';

/** PRS-5 (ref Q12): agents whose Workspace connections have all been gone for the grace period go Offline. */
export async function sweepPresence(deps: { db: Knex; gateway: InteractionGateway; log: Logger }): Promise<string[]> {
  const { offlineGraceSeconds } = await getRoutingSettings(deps.db);
  const gone = await agentsGoneOffline(deps.db, offlineGraceSeconds * 1000);
  for (const agentId of gone) {
    await setPresence(deps.db, agentId, 'offline', 'workspace_disconnected');
    deps.log.info({ agentId }, 'agent went offline: no Workspace connection within the grace period');
    await reassignIfUnavailable(deps, agentId);
  }
  return gone;
}
