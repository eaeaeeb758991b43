import { Anchor, Loader, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { workspaceApi } from '../shared/api';
import { agoLabel } from '../../time-labels';
import { useLatestRead } from '../../use-latest-read';
import { useNow } from '../../use-now';
import { STATE_LABELS } from './messaging-action-words';
import { ReadStatus } from '../shared/ReadStatus';
import { RequesterName } from '../requester/RequesterIdentity';

const POLL_MS = 10_000;

/** The interaction's number as people read it aloud: the start of its id. */
export const interactionNumber = (id: string) => `SMS-${id.slice(0, 8).toUpperCase()}`;

/**
 * ONG-6: SMS work in progress or on hold with other agents; opening a row shows it read-only to an agent (a manager
 * acts on it as on their own page). Agents are not sent other agents' changes, so the list re-reads while shown.
 */
export function ColleaguesList({ onOpen, openId }: { onOpen: (interactionId: string) => void; openId: string | null }) {
  const read = useLatestRead(workspaceApi.colleagues);
  const now = useNow(15_000);
  const { reload } = read;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const rows = read.data;
  if (rows === null) return read.error ? <ReadStatus read={read} what="colleagues’ conversations" /> : <Loader m="md" size="sm" aria-label="Loading colleagues’ conversations" />;
  if (rows.length === 0) {
    return (
      <Text c="dimmed" size="sm" p="md">
        No other agent has an SMS conversation in progress or on hold.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table highlightOnHover verticalSpacing={6} horizontalSpacing={6} fz="xs" aria-label="Colleagues’ conversations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Channel</Table.Th>
            <Table.Th>Interaction</Table.Th>
            <Table.Th>Assignee</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Last updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id} aria-current={r.id === openId ? 'true' : undefined} bg={r.id === openId ? 'indigo.0' : undefined}>
              <Table.Td>SMS</Table.Td>
              <Table.Td>
                <Anchor component="button" type="button" size="xs" fw={600} onClick={() => onOpen(r.id)} aria-label={`Open ${interactionNumber(r.id)} with ${r.requesterName ?? r.requesterNumber}`}>
                  {interactionNumber(r.id)}
                </Anchor>
                <Text size="xs" c="dimmed" truncate>
                  <RequesterName name={r.requesterName} number={r.requesterNumber} />
                </Text>
              </Table.Td>
              <Table.Td>{r.assignedAgentName}</Table.Td>
              <Table.Td>
                <Text span size="xs" fw={500} c={r.state === 'on_hold' ? 'yellow.9' : 'green.9'}>
                  {STATE_LABELS[r.state]}
                </Text>
              </Table.Td>
              <Table.Td>
                <time dateTime={r.updatedAt} style={{ whiteSpace: 'nowrap' }}>
                  {agoLabel(r.updatedAt, now)}
                </time>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
