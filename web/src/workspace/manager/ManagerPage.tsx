import { Stack } from '@mantine/core';
import { routingAdminApi, supervisorApi } from '../shared/api';
import { stamped, useLatestRead } from '../../use-latest-read';
import { ActiveInteractions } from './ActiveInteractions';
import { AgentTable } from './AgentTable';

interface Props {
  /** Bumped on every `interaction` event: a conversation's state, queue or assignee changed. */
  interactionsKey: number;
  /** Bumped on every `agent` event: someone's presence or load changed. */
  agentsKey: number;
  /** Bumped on `routing_config` events: queues, groups or capacities changed. */
  configKey: number;
  temporalWorkflowsUrl: string | null;
  onOpen: (interactionId: string) => void;
}

const readAgents = stamped(supervisorApi.agents);

/** SPEC §10 manager views: every active conversation and who holds it; agents' presence and capacity, live. */
export function ManagerPage({ interactionsKey, agentsKey, configKey, temporalWorkflowsUrl, onOpen }: Props) {
  const agents = useLatestRead(readAgents, `${agentsKey}-${configKey}`);
  const queues = useLatestRead(routingAdminApi.queues, configKey);
  return (
    <Stack gap="xl">
      <ActiveInteractions refreshKey={interactionsKey} agents={agents.data?.value ?? []} queues={queues.data ?? []} temporalWorkflowsUrl={temporalWorkflowsUrl} onOpen={onOpen} />
      <AgentTable agents={agents} />
    </Stack>
  );
}
