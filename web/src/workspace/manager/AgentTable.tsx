import { Anchor, Badge, Group, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import type { AgentStatus } from '../shared/api';
import { fullTimeLabel } from '../../time-labels';
import type { LatestRead, Stamped } from '../../use-latest-read';
import { useNow } from '../../use-now';
import { ReadStatus } from '../shared/ReadStatus';
import { capacityLabel, PRESENCE_LABELS, secondsNow, tickingLabel, universalLabel } from '../routing/routing-words';
import { PRESENCE_COLOR, PresenceHistoryDialog } from './PresenceHistoryDialog';

/**
 * CAP-8: presence and time in it, whether the Workspace is open, capacity in use per channel and universal. Live.
 * An agent's name opens their presence history (PRS-4).
 */
export function AgentTable({ agents: read }: { agents: LatestRead<Stamped<AgentStatus[]>> }) {
  const now = useNow(1000);
  const agents = read.data?.value ?? null;
  // The server counts seconds in presence when it answers; the table keeps counting from then.
  const readAt = read.data?.readAt ?? now;
  const channelIds = [...new Set((agents ?? []).flatMap((a) => a.channels.map((c) => c.channelId)))].sort();
  const [history, setHistory] = useState<AgentStatus | null>(null);

  return (
    <section aria-labelledby="agents-title">
      <Title order={2} size="h3" id="agents-title" mb="sm">
        Agents
      </Title>
      <ReadStatus read={read} what="the agents" />
      {agents && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs" aria-label="Agents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agent</Table.Th>
                <Table.Th>Presence</Table.Th>
                <Table.Th>Time in presence</Table.Th>
                <Table.Th>Workspace</Table.Th>
                {channelIds.map((id) => (
                  <Table.Th key={id}>{id.toUpperCase()} in use</Table.Th>
                ))}
                <Table.Th>All channels</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agents.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" fw={500} onClick={() => setHistory(a)} title="Presence history"
                      aria-label={`${a.name}: presence history`}>
                      {a.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {a.role === 'agent' ? a.email : `${a.role} · ${a.email}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={PRESENCE_COLOR[a.presence]}>
                      {PRESENCE_LABELS[a.presence]}{a.awayReason ? ` · ${a.awayReason}` : ''}
                    </Badge>
                  </Table.Td>
                  <Table.Td title={`Since ${fullTimeLabel(a.presenceSince)}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {tickingLabel(secondsNow(a.secondsInPresence, readAt, now))}
                  </Table.Td>
                  <Table.Td>
                    {a.connected ? (
                      <Group gap={4} wrap="nowrap">
                        <IconPlugConnected size={16} color="var(--mantine-color-green-7)" aria-hidden />
                        <Text size="sm">Open</Text>
                      </Group>
                    ) : (
                      <Group gap={4} wrap="nowrap" c="dimmed">
                        <IconPlugConnectedX size={16} aria-hidden />
                        <Text size="sm">Closed</Text>
                      </Group>
                    )}
                  </Table.Td>
                  {channelIds.map((id) => {
                    const off = a.channels.find((c) => c.channelId === id)?.available === false;
                    return (
                      <Table.Td key={id} style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {capacityLabel(a, id)}
                        {off && (
                          <Tooltip label={`${a.name} turned ${id.toUpperCase()} off: no new ${id.toUpperCase()} work`}>
                            <Badge ml={6} size="xs" color="gray" variant="outline">
                              off
                            </Badge>
                          </Tooltip>
                        )}
                      </Table.Td>
                    );
                  })}
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{universalLabel(a)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {history && (
        <PresenceHistoryDialog
          agent={history}
          refreshKey={agents?.find((a) => a.id === history.id)?.presenceSince}
          onClose={() => setHistory(null)}
        />
      )}
    </section>
  );
}
