import { Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { routingApi, supervisorApi } from '../api';
import { messageOf } from '../report-error';
import { useLatestRead } from '../use-latest-read';
import { DialogActions } from './DialogActions';
import { capacityLabel, PRESENCE_LABELS } from './routing-words';

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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const assign = async () => {
    if (!agentId) return;
    setBusy(true);
    setError(null);
    try {
      await routingApi.assign(interactionId, agentId);
      onAssigned();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
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
