import { ActionIcon, Badge, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { usersAdminApi, type User } from '../shared/api';
import { useLatestRead } from '../../use-latest-read';
import { ReadStatus } from '../shared/ReadStatus';
import { PRESENCE_COLOR } from '../manager/PresenceHistoryDialog';
import { PRESENCE_LABELS } from '../routing/routing-words';
import { AdminSectionHeader } from './AdminSectionHeader';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { ROLE_LABELS, UserDialog } from './UserDialog';

type Editing = { user: User | null } | null;

/** Issue 24: who can sign in, with which role, mobile phone and SMS capacity; every change is audited. */
export function Users() {
  const users = useLatestRead(usersAdminApi.list);
  const [editing, setEditing] = useState<Editing>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  return (
    <section aria-labelledby="users-title">
      <AdminSectionHeader id="users-title" title="Users" newLabel="New user" onNew={() => setEditing({ user: null })}>
        Agents answer conversations, managers also supervise them, admins also change these settings. An inactive user
        cannot sign in. You cannot deactivate yourself or give up your own admin role: ask another admin.
      </AdminSectionHeader>
      <ReadStatus read={users} what="the users" />
      {users.data && (
        <Table striped verticalSpacing="sm" aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Mobile phone</Table.Th>
              <Table.Th>SMS capacity</Table.Th>
              <Table.Th>Active</Table.Th>
              <Table.Th>Presence</Table.Th>
              <Table.Th>
                <VisuallyHidden>Edit or reset password</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((u) => (
              <Table.Tr key={u.id} c={u.active ? undefined : 'dimmed'}>
                <Table.Td fw={500}>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{ROLE_LABELS[u.role]}</Table.Td>
                <Table.Td>{u.mobilePhone ?? <Text c="dimmed" size="sm">None</Text>}</Table.Td>
                <Table.Td>{u.smsCapacity ?? <Text c="dimmed" size="sm">Channel default</Text>}</Table.Td>
                <Table.Td>
                  {u.active ? (
                    'Active'
                  ) : (
                    <Badge variant="light" color="red">
                      Inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={PRESENCE_COLOR[u.presence]}>
                    {PRESENCE_LABELS[u.presence]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label="Edit">
                      <ActionIcon variant="subtle" color="gray" onClick={() => setEditing({ user: u })} aria-label={`Edit ${u.name}`}>
                        <IconPencil size={18} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Reset password">
                      <ActionIcon variant="subtle" color="gray" onClick={() => setResetting(u)} aria-label={`Reset the password of ${u.name}`}>
                        <IconKey size={18} aria-hidden />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <UserDialog
          editing={editing.user}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            users.reload();
          }}
        />
      )}
      {resetting && (
        <ResetPasswordDialog
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            notifications.show({ color: 'green', title: `Password reset for ${resetting.name}`, message: 'They are signed out and sign in with the new password.' });
            setResetting(null);
          }}
        />
      )}
    </section>
  );
}
