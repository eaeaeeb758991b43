import { ActionIcon, Alert, Badge, Group, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useState } from 'react';
import { routingAdminApi, type Queue } from '../shared/api';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { ReadStatus } from '../shared/ReadStatus';
import { conditionWords, scheduleWords } from '../routing/routing-words';
import { ConfirmDelete } from './ConfirmDelete';
import { QueueDialog } from './QueueDialog';
import { formOf, inputOf, reorder } from './queue-form';
import { EditDeleteButtons } from './EditDeleteButtons';
import { AdminSectionHeader } from './AdminSectionHeader';

type Editing = { queue: Queue | null } | null;

const RULE_WORDS: Record<string, string> = { most_capacity: 'Most capacity', last_assigned: 'Idle longest' };

/** Saves a queue as it is but for `change` (PUT takes the whole queue). */
async function saveQueue(q: Queue, change: Partial<Pick<Queue, 'active' | 'position'>>): Promise<void> {
  const r = inputOf({ ...formOf(q), ...change }, q.channelId);
  if (!r.ok) throw new Error(r.error);
  const { id: _id, ...input } = r.input;
  await routingAdminApi.replaceQueue(q.id, input);
}

/** Q-1…15: the queues in evaluation order; the first active queue whose condition holds takes a conversation. */
export function Queues() {
  const queues = useLatestRead(routingAdminApi.queues);
  const groups = useLatestRead(routingAdminApi.groups);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Queue | null>(null);
  const groupNames = new Map((groups.data ?? []).map((g) => [g.id, g.name]));
  const list = queues.data ?? [];

  const run = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (err) {
      reportError(what, err);
    }
    queues.reload();
  };
  const move = (from: number, to: number) =>
    run('Order not changed', async () => {
      for (const { queue, position } of reorder(list, from, to)) await saveQueue(queue, { position });
    });

  return (
    <section aria-labelledby="queues-title">
      <AdminSectionHeader id="queues-title" title="Queues" newLabel="New queue" onNew={() => setEditing({ queue: null })}>
        A conversation waiting for a live agent goes to the first active queue, top to bottom, whose condition holds; when
        none does, to its company number’s queue. Changes apply to conversations already waiting at the next offer.
      </AdminSectionHeader>
      <ReadStatus read={queues} what="the queues" />
      {queues.data && (
        <Table.ScrollContainer minWidth={980}>
          <Table striped verticalSpacing="sm" aria-label="Queues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Order</Table.Th>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Condition</Table.Th>
                <Table.Th>Hours</Table.Th>
                <Table.Th>Waits</Table.Th>
                <Table.Th>Offered to</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Edit or delete</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((q, i) => (
                <Table.Tr key={q.id} c={q.active ? undefined : 'dimmed'}>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => void move(i, i - 1)} aria-label={`Move ${q.name} up`}>
                        <IconArrowUp size={16} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="gray" disabled={i === list.length - 1} onClick={() => void move(i, i + 1)} aria-label={`Move ${q.name} down`}>
                        <IconArrowDown size={16} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {q.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {q.id} · {RULE_WORDS[q.assignmentRule] ?? q.assignmentRule}
                      {q.autoAccept ? ' · auto-accept' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text size="sm">{conditionWords(q.condition)}</Text>
                  </Table.Td>
                  <Table.Td maw={220}>
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      <Text size="sm">{scheduleWords(q.schedule)}</Text>
                      {!q.openNow && (
                        <Badge size="xs" color="gray" variant="outline">
                          closed now
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">Target {q.targetWaitSeconds ? `${q.targetWaitSeconds} s` : '—'}</Text>
                    <Text size="xs" c="dimmed">
                      Max {q.maxWaitSeconds ? `${q.maxWaitSeconds} s` : 'none'}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={220}>
                    {q.noAgentGroups ? (
                      <Alert color="orange" variant="light" p={6} icon={<IconAlertTriangle size={16} aria-hidden />} role="alert">
                        <Text size="sm">No agent groups: nobody will be offered this queue’s work</Text>
                      </Alert>
                    ) : (
                      <Text size="sm">
                        {q.pools
                          .filter((p) => p.groupIds.length > 0)
                          .map((p) => `${p.groupIds.map((g) => groupNames.get(g) ?? 'a deleted group').join(', ')}${p.eligibleAfterSeconds ? ` after ${p.eligibleAfterSeconds} s` : ''}`)
                          .join('; then ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Switch checked={q.active} onChange={(e) => void run(`“${q.name}” not changed`, () => saveQueue(q, { active: e.currentTarget.checked }))} aria-label={`${q.name} is active`} />
                  </Table.Td>
                  <Table.Td>
                    <EditDeleteButtons name={q.name} onEdit={() => setEditing({ queue: q })} onDelete={() => setDeleting(q)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <QueueDialog
          editing={editing.queue}
          groups={groups.data ?? []}
          nextPosition={(list.at(-1)?.position ?? 0) + 10}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            queues.reload();
          }}
        />
      )}
      <ConfirmDelete
        what={deleting ? `the queue “${deleting.name}”` : null}
        consequence="A queue that conversations or company numbers use cannot be deleted: turn it off instead."
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const q = deleting;
          setDeleting(null);
          if (q) void run(`“${q.name}” not deleted`, () => routingAdminApi.removeQueue(q.id));
        }}
      />
    </section>
  );
}
