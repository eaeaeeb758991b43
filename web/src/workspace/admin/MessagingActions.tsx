import { Alert, Button, Group, Loader, Modal, Switch, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { messagingActionsApi, type MessagingAction } from '../shared/api';
import { messageOf, reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { conditionLabel, effectLabel, whenLabel } from '../conversations/messaging-action-words';
import { MessagingActionDialog } from './MessagingActionDialog';
import { EditDeleteButtons } from './EditDeleteButtons';

type Editing = { action: MessagingAction | null } | null;

/** SPEC §7: the admin's list of timed messaging actions. */
export function MessagingActions() {
  const list = useLatestRead(messagingActionsApi.list);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<MessagingAction | null>(null);
  const [busy, setBusy] = useState(false);

  const setActive = async (a: MessagingAction, active: boolean) => {
    const { id, ...rest } = a;
    try {
      await messagingActionsApi.replace(id, { ...rest, active });
    } catch (err) {
      reportError(`“${a.name}” not changed`, err);
    }
    list.reload();
  };

  const remove = async (a: MessagingAction) => {
    setBusy(true);
    try {
      await messagingActionsApi.remove(a.id);
      setDeleting(null);
    } catch (err) {
      reportError(`“${a.name}” not deleted`, err);
    } finally {
      setBusy(false);
      list.reload();
    }
  };

  return (
    <section aria-labelledby="messaging-actions-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="messaging-actions-title">
          Messaging actions
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ action: null })}>
          New action
        </Button>
      </Group>
      <Text c="dimmed" size="sm" mb="sm" maw={820}>
        Automatic steps when a conversation with a live agent goes quiet: a timer starts at the requester’s first unanswered
        text, or at the agent’s last message, and a reply from the other person stops it.
      </Text>
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} aria-hidden />} mb="md" maw={820}>
        A change applies to conversations already waiting too: each one reads this list when its timer fires.
      </Alert>
      {list.error !== null && !list.data && (
        <Alert color="red" title="The messaging actions cannot be shown">
          {messageOf(list.error)}
        </Alert>
      )}
      {!list.data && list.error === null && <Loader size="sm" aria-label="Loading the messaging actions" />}
      {list.data && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Messaging actions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Condition</Table.Th>
                <Table.Th>What it does</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Edit or delete</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>
                    <Text c="dimmed">No messaging actions: conversations never change by themselves.</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {list.data.map((a) => (
                <Table.Tr key={a.id} c={a.active ? undefined : 'dimmed'}>
                  <Table.Td fw={500}>{a.name}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{whenLabel(a)}</Table.Td>
                  <Table.Td>{conditionLabel(a.condition)}</Table.Td>
                  <Table.Td>{effectLabel(a)}</Table.Td>
                  <Table.Td>
                    <Switch checked={a.active} onChange={(e) => void setActive(a, e.currentTarget.checked)} aria-label={`${a.name} is active`} />
                  </Table.Td>
                  <Table.Td>
                    <EditDeleteButtons name={a.name} onEdit={() => setEditing({ action: a })} onDelete={() => setDeleting(a)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <MessagingActionDialog
          editing={editing.action}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={deleting ? `Delete “${deleting.name}”?` : ''}>
        <Text size="sm">Conversations already waiting will not run it. This cannot be undone.</Text>
        <Group justify="flex-end" gap="sm" mt="md">
          <Button variant="default" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => deleting && void remove(deleting)}>
            Delete
          </Button>
        </Group>
      </Modal>
    </section>
  );
}
