import { ActionIcon, Button, Checkbox, Group, Menu, Select, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconDots, IconExternalLink, IconTimelineEvent } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { routingApi, supervisorApi, workspaceApi, type AgentStatus, type InteractionState, type Queue, type SupervisedFilter, type SupervisedInteraction } from '../shared/api';
import { reportError } from '../../report-error';
import { stamped, useLatestRead } from '../../use-latest-read';
import { useNow } from '../../use-now';
import { AssignDialog } from '../routing/AssignDialog';
import { InteractionStateBadge } from '../shared/InteractionStateBadge';
import { ReadStatus } from '../shared/ReadStatus';
import { STATE_LABELS } from '../conversations/messaging-action-words';
import { secondsNow, tickingLabel, WAITING_STATES } from '../routing/routing-words';

const ACTIVE_STATES: InteractionState[] = ['new', 'virtual_agent', 'queued', 'offered', 'work_in_progress', 'on_hold', 'wrap_up'];

interface Props {
  refreshKey: number;
  agents: AgentStatus[];
  queues: Queue[];
  /** Me.temporalWorkflowsUrl: where each row's workflow opens in the Temporal Web UI; null: no such link. */
  temporalWorkflowsUrl: string | null;
  onOpen: (interactionId: string) => void;
}

/** SPEC §10: every active conversation with queue, state, wait and assignee; filterable; reassign, assign or end any. */
export function ActiveInteractions({ refreshKey, agents, queues, temporalWorkflowsUrl, onOpen }: Props) {
  const [filter, setFilter] = useState<SupervisedFilter>({});
  const read = useCallback(() => stamped(() => supervisorApi.interactions(filter))(), [filter]);
  const answer = useLatestRead(read, refreshKey);
  const rows = answer.data?.value ?? null;
  const now = useNow(1000);
  const readAt = answer.data?.readAt ?? now;
  const [assigning, setAssigning] = useState<SupervisedInteraction | null>(null);
  const names = new Map(agents.map((a) => [a.id, a.name]));

  const run = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (err) {
      reportError(`Could not ${what}`, err);
    }
    answer.reload();
  };

  return (
    <section aria-labelledby="active-title">
      <Title order={2} size="h3" id="active-title" mb="sm">
        Active conversations
      </Title>
      <Group gap="sm" mb="sm" align="flex-end" role="search" aria-label="Filter the conversations">
        <Select
          label="State"
          placeholder="Any state"
          clearable
          w={180}
          data={ACTIVE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
          value={filter.state ?? null}
          onChange={(v) => setFilter((f) => ({ ...f, state: v as InteractionState | null }))}
        />
        <Select
          label="Queue"
          placeholder="Any queue"
          clearable
          w={200}
          data={queues.map((q) => ({ value: q.id, label: q.name }))}
          value={filter.queueId ?? null}
          onChange={(v) => setFilter((f) => ({ ...f, queueId: v }))}
        />
        <Select
          label="Agent"
          placeholder="Anyone"
          clearable
          searchable
          w={200}
          data={agents.map((a) => ({ value: a.id, label: a.name }))}
          value={filter.agentId ?? null}
          onChange={(v) => setFilter((f) => ({ ...f, agentId: v, unassigned: v ? false : f.unassigned }))}
        />
        <Checkbox
          label="Unassigned only"
          mb={8}
          checked={filter.unassigned ?? false}
          onChange={(e) => {
            const unassigned = e.currentTarget.checked;
            setFilter((f) => ({ ...f, unassigned, agentId: unassigned ? null : f.agentId }));
          }}
        />
      </Group>
      <ReadStatus read={answer} what="the conversations" />
      {rows && (
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover verticalSpacing="xs" aria-label="Active conversations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Requester</Table.Th>
                <Table.Th>Queue</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Wait</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed" size="sm">
                      No active conversation matches.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {i.requesterName ?? 'Guest'}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {i.requesterNumber} to {i.companyNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>{i.queueName ?? <Text c="dimmed" size="sm">—</Text>}</Table.Td>
                  <Table.Td>
                    <InteractionStateBadge state={i.state} />
                  </Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    <Wait row={i} readAt={readAt} now={now} />
                  </Table.Td>
                  <Table.Td>
                    <Assignee row={i} names={names} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Tooltip label="Open the conversation">
                        <ActionIcon variant="subtle" color="gray" onClick={() => onOpen(i.id)} aria-label={`Open the conversation with ${who(i)}`}>
                          <IconExternalLink size={18} aria-hidden />
                        </ActionIcon>
                      </Tooltip>
                      {temporalWorkflowsUrl && (
                        <Tooltip label="Its workflow in the Temporal UI, in a new tab">
                          <Button
                            component="a"
                            href={`${temporalWorkflowsUrl}/${encodeURIComponent(i.workflowId)}`}
                            target="_blank"
                            rel="noopener noreferrer"
                            size="xs"
                            variant="subtle"
                            leftSection={<IconTimelineEvent size={14} aria-hidden />}
                            aria-label={`Open in Temporal UI: the workflow of ${who(i)}`}
                          >
                            Temporal UI
                          </Button>
                        </Tooltip>
                      )}
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button variant="default" size="xs" rightSection={<IconDots size={14} aria-hidden />} aria-label={`Actions for ${who(i)}`}>
                            Actions
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setAssigning(i)}>Assign to agent…</Menu.Item>
                          {i.assignedAgentId && (
                            <Menu.Item onClick={() => void run('reassign', () => routingApi.reassign(i.id, 'by a manager'))}>Reassign (route again)</Menu.Item>
                          )}
                          <Menu.Divider />
                          <Menu.Label>End as</Menu.Label>
                          <Menu.Item onClick={() => void run('end', () => workspaceApi.end(i.id, 'complete'))}>End: complete</Menu.Item>
                          <Menu.Item color="red" onClick={() => void run('end', () => workspaceApi.end(i.id, 'abandon'))}>
                            End: abandoned
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {assigning && (
        <AssignDialog
          interactionId={assigning.id}
          requester={who(assigning)}
          assigneeId={assigning.assignedAgentId}
          state={assigning.state}
          onClose={() => setAssigning(null)}
          onAssigned={() => {
            setAssigning(null);
            answer.reload();
          }}
        />
      )}
    </section>
  );
}

/** The number first: people search the page by it; the name says whom it is. */
const who = (i: SupervisedInteraction) => (i.requesterName ? `${i.requesterNumber} (${i.requesterName})` : i.requesterNumber);

function Wait({ row, readAt, now }: { row: SupervisedInteraction; readAt: number; now: number }) {
  if (row.waitSeconds === null) return <Text c="dimmed" size="sm">—</Text>;
  const seconds = WAITING_STATES.has(row.state) ? secondsNow(row.waitSeconds, readAt, now) : row.waitSeconds;
  return (
    <Group gap={4} wrap="nowrap" c={row.exceededTargetWait ? 'red.7' : undefined}>
      <Text size="sm" inherit>
        {tickingLabel(seconds)}
      </Text>
      {row.exceededTargetWait && (
        <Tooltip label="Longer than the queue’s target wait">
          <IconAlertTriangle size={14} aria-label="over the target wait" />
        </Tooltip>
      )}
    </Group>
  );
}

function Assignee({ row, names }: { row: SupervisedInteraction; names: Map<string, string> }) {
  if (row.assignedAgentName) return <Text size="sm">{row.assignedAgentName}</Text>;
  if (row.offeredAgentId)
    return (
      <Text size="sm" c="dimmed">
        Offered to {names.get(row.offeredAgentId) ?? 'an agent'}
      </Text>
    );
  return (
    <Text size="sm" c="dimmed">
      Unassigned
    </Text>
  );
}
