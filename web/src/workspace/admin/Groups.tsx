import { Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { routingAdminApi, usersAdminApi, type AgentGroup } from '../shared/api';
import { useLatestRead } from '../../use-latest-read';
import { ReadStatus } from '../shared/ReadStatus';
import { ConfirmDelete } from './ConfirmDelete';
import { useConfirmedDelete } from './use-confirmed-delete';
import { GroupDialog } from './GroupDialog';
import { EditDeleteButtons } from './EditDeleteButtons';
import { AdminSectionHeader } from './AdminSectionHeader';

type Editing = { group: AgentGroup | null } | null;

/** ELG-1/CAP-2: groups of agents that queues' pools offer to, with capacity overrides for their members. */
export function Groups() {
  const groups = useLatestRead(routingAdminApi.groups);
  const del = useConfirmedDelete((g: AgentGroup) => routingAdminApi.removeGroup(g.id), (g) => g.name, () => groups.reload());
  const users = useLatestRead(usersAdminApi.list);
  const channels = useLatestRead(routingAdminApi.channels);
  const queues = useLatestRead(routingAdminApi.queues);
  const queueNames = new Map((queues.data ?? []).map((q) => [q.id, q.name]));
  const [editing, setEditing] = useState<Editing>(null);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));


  return (
    <section aria-labelledby="groups-title">
      <AdminSectionHeader id="groups-title" title="Groups" newLabel="New group" onNew={() => setEditing({ group: null })}>
        A queue’s pools name groups: only their members are offered its conversations.
      </AdminSectionHeader>
      <ReadStatus read={groups} what="the groups" />
      {groups.data && (
        <Table striped verticalSpacing="sm" aria-label="Groups">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Capacity for members</Table.Th>
              <Table.Th>Queue priorities</Table.Th>
              <Table.Th>
                <VisuallyHidden>Edit or delete</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.data.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed" size="sm">
                    No groups yet: a queue offers only to its groups, so nobody is offered work.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {groups.data.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td fw={500}>
                  <Group gap={4} wrap="wrap">
                    {g.name}
                    {g.defaultForNewAgents && (
                      <Badge size="xs" variant="light" style={{ flexShrink: 0, overflow: 'visible' }} title="Agents and managers created without choosing groups join it">
                        new agents join
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{g.memberIds.length ? g.memberIds.map((id) => names.get(id) ?? 'a user').join(', ') : <Text c="dimmed" size="sm">Nobody</Text>}</Table.Td>
                <Table.Td>
                  {Object.keys(g.capacities).length
                    ? Object.entries(g.capacities)
                        .map(([c, n]) => `${c.toUpperCase()} ${n}`)
                        .join(', ')
                    : 'Channel defaults'}
                </Table.Td>
                <Table.Td>
                  {Object.keys(g.queuePriorities).length
                    ? Object.entries(g.queuePriorities)
                        .sort((a, b) => a[1] - b[1])
                        .map(([q, n]) => `${queueNames.get(q) ?? q}: ${n}`)
                        .join(', ')
                    : 'All 100'}
                </Table.Td>
                <Table.Td>
                  <EditDeleteButtons name={g.name} onEdit={() => setEditing({ group: g })} onDelete={() => del.ask(g)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <GroupDialog
          editing={editing.group}
          users={(users.data ?? []).filter((u) => u.active)}
          channels={channels.data ?? []}
          queues={queues.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            groups.reload();
          }}
        />
      )}
      <ConfirmDelete
        what={del.deleting ? `the group “${del.deleting.name}”` : null}
        consequence="Queue pools that name it will no longer do so."
        onCancel={del.cancel}
        onConfirm={del.confirm}
      />
    </section>
  );
}
