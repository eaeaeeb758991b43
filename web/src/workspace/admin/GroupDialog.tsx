import { Checkbox, Modal, MultiSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { routingAdminApi, type AgentGroup, type Channel, type Queue } from '../shared/api';
import { DialogActions } from '../shared/DialogActions';
import { filledNumbers } from './capacity-fields';
import { CapacityFields } from './CapacityFields';
import { QueuePriorityFields } from './QueuePriorityFields';
import { useDialogSubmit } from '../shared/use-dialog-submit';

interface Props {
  editing: AgentGroup | null;
  users: { id: string; name: string; email: string }[];
  channels: Channel[];
  queues: Queue[];
  onClose: () => void;
  onSaved: () => void;
}

/**
 * ELG-1, CAP-2, GQP-1…3: a group's name, members, capacity per channel for its members (empty: the channel default) and
 * its priority per queue (empty: 100).
 */
export function GroupDialog({ editing, users, channels, queues, onClose, onSaved }: Props) {
  const [name, setName] = useState(editing?.name ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(editing?.memberIds ?? []);
  const [capacities, setCapacities] = useState<Record<string, number | ''>>(editing?.capacities ?? {});
  const [queuePriorities, setQueuePriorities] = useState<Record<string, number | ''>>(editing?.queuePriorities ?? {});
  const [defaultForNewAgents, setDefaultForNewAgents] = useState(editing?.defaultForNewAgents ?? false);
  const { busy, error, submit } = useDialogSubmit();

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = { name, memberIds, capacities: filledNumbers(capacities), queuePriorities: filledNumbers(queuePriorities), defaultForNewAgents };
    if (await submit(() => (editing ? routingAdminApi.replaceGroup(editing.id, body) : routingAdminApi.createGroup(body)))) onSaved();
  };

  return (
    <Modal opened onClose={onClose} size="lg" title={editing ? `Edit the group “${editing.name}”` : 'New group'}>
      <form onSubmit={(e) => void save(e)}>
        <Stack gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <MultiSelect
            label="Members"
            placeholder="Type a name"
            searchable
            data={users.map((u) => ({ value: u.id, label: u.name }))}
            value={memberIds}
            onChange={setMemberIds}
            nothingFoundMessage="No user matches"
            comboboxProps={{ withinPortal: true }}
          />
          <Checkbox
            label="New agents join this group"
            description="An agent or manager created without choosing groups becomes a member: a queue offers only to its groups."
            checked={defaultForNewAgents}
            onChange={(e) => setDefaultForNewAgents(e.currentTarget.checked)}
          />
          <Text size="sm" fw={500} mb={-8}>
            Capacity for members
          </Text>
          <Text size="xs" c="dimmed">
            Empty: the channel’s default. An agent in several groups gets the most generous; their own override beats any group’s.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <CapacityFields channels={channels} values={capacities} onChange={setCapacities} />
          </SimpleGrid>
          <Text size="sm" fw={500} mb={-8}>
            Queue priorities
          </Text>
          <Text size="xs" c="dimmed">
            Lower first; empty: 100. Members take the waiting conversations of their group’s first-priority queues before the next ones’.
          </Text>
          <QueuePriorityFields groupId={editing?.id ?? null} queues={queues} values={queuePriorities} onChange={setQueuePriorities} />
          <DialogActions error={error} errorTitle="Not saved" confirm={editing ? 'Save' : 'Create'} busy={busy} disabled={!name.trim()} onConfirm={() => void save()} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
