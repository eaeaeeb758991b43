import { Badge, Modal, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import { supervisorApi, type Presence } from '../shared/api';
import { fullTimeLabel, secondsLabel } from '../../time-labels';
import { useLatestRead } from '../../use-latest-read';
import { useNow } from '../../use-now';
import { ReadStatus } from '../shared/ReadStatus';
import { PRESENCE_LABELS, presenceReasonLabel, presenceSpans } from '../routing/routing-words';

export const PRESENCE_COLOR: Record<Presence, string> = { available: 'green', away: 'yellow', offline: 'gray' };

interface Props {
  agent: { id: string; name: string };
  /** Bumped when the agent's presence changes, so an open history gains the new row. */
  refreshKey: unknown;
  onClose: () => void;
}

/** PRS-4: an agent's presence changes, newest first, with why and how long each state lasted. */
export function PresenceHistoryDialog({ agent, refreshKey, onClose }: Props) {
  const read = useLatestRead(useCallback(() => supervisorApi.presenceHistory(agent.id), [agent.id]), refreshKey);
  const now = useNow(1000);
  const rows = read.data ? presenceSpans(read.data, now) : null;
  return (
    <Modal opened onClose={onClose} size="lg" title={`Presence history of ${agent.name}`}>
      <ReadStatus read={read} what="the presence history" />
      {rows && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No changes recorded yet.
        </Text>
      )}
      {rows && rows.length > 0 && (
        <Table striped verticalSpacing="xs" aria-label={`Presence history of ${agent.name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Presence</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>Time in state</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={`${r.at}-${i}`}>
                <Table.Td>
                  <Badge variant="light" color={PRESENCE_COLOR[r.status]}>
                    {PRESENCE_LABELS[r.status]}{r.awayReason ? ` · ${r.awayReason}` : ''}
                  </Badge>
                </Table.Td>
                <Table.Td>{fullTimeLabel(r.at)}</Table.Td>
                <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{r.current ? `${secondsLabel(r.seconds)} so far` : secondsLabel(r.seconds)}</Table.Td>
                <Table.Td>{presenceReasonLabel(r.reason)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}
