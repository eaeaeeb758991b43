import { Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { routingApi, supervisorApi } from '../api';
import { useLatestRead } from '../use-latest-read';
import { DialogActions } from './DialogActions';
import { capacityLabel, PRESENCE_LABELS } from './routing-words';
import { useDialogSubmit } from './use-dialog-submit';

interface Props {
  interactionId: string;
  requester: string;
  /** The current assignee, left out of the choices. */
  assigneeId: string | null;
  onClose: () => void;
  onAssigned: () => void;
}

/** MAN-1: a manager gives the conversation to any agent at once, whatever their presence (REG-4). */
export function AssignDialog({ interactionId, requester, assigneeId, onClose, onAssigned }: Props) {
  const agents = useLatestRead(supervisorApi.agents);
  const [agentId, setAgentId] = useState<string | null>(null);
  const { busy, error, submit } = useDialogSubmit();

  const assign = async () => {
    if (agentId && (await submit(() => routingApi.assign(interactionId, agentId)))) onAssigned();
  };

  const data = (agents.data ?? [])
    .filter((a) => a.id !== assigneeId)
    .map((a) => ({ value: a.id, label: `${a.name} · ${PRESENCE_LABELS[a.presence]} · SMS ${capacityLabel(a, 'sms')}` }));

  return (
    <Modal opened onClose={onClose} title={`Assign the conversation with ${requester}`}>
      <Stack gap="sm">
        <Select
          label="Agent"
          placeholder="Choose an agent"
          data={data}
          value={agentId}
          onChange={setAgentId}
          searchable
          nothingFoundMessage="No agent matches"
          comboboxProps={{ withinPortal: true }}
        />
        <Text size="xs" c="dimmed">
          They have it at once, whatever their presence and capacity; any offer waiting is withdrawn.
        </Text>
        <DialogActions error={error} errorTitle="Not assigned" confirm="Assign" busy={busy} disabled={!agentId} onConfirm={() => void assign()} onCancel={onClose} />
      </Stack>
    </Modal>
  );
}
