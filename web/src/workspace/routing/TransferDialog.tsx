import { Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { routingApi } from '../shared/api';
import { useLatestRead } from '../../use-latest-read';
import { DialogActions } from '../shared/DialogActions';
import { useDialogSubmit } from '../shared/use-dialog-submit';

interface Props {
  interactionId: string;
  /** Who the conversation is with, for the title. */
  requester: string;
  onClose: () => void;
  onTransferred: () => void;
}

type Target = 'queue' | 'agent';

/** TRF-1…3: to a queue (anyone eligible but me) or to one Available agent, with a note for them. */
export function TransferDialog({ interactionId, requester, onClose, onTransferred }: Props) {
  const targets = useLatestRead(routingApi.transferTargets);
  const [kind, setKind] = useState<Target>('queue');
  const [queueId, setQueueId] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const { busy, error, submit } = useDialogSubmit();
  const chosen = kind === 'queue' ? queueId : agentId;

  const transfer = async () => {
    if (!chosen) return;
    if (await submit(() => routingApi.transfer(interactionId, kind === 'queue' ? { queueId: chosen } : { agentId: chosen }, note.trim() || undefined))) onTransferred();
    else targets.reload(); // an agent who stopped being Available leaves the list
  };

  return (
    <Modal opened onClose={onClose} title={`Transfer the conversation with ${requester}`}>
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Transfer to"
          value={kind}
          onChange={(v) => setKind(v as Target)}
          data={[
            { value: 'queue', label: 'A queue' },
            { value: 'agent', label: 'An agent' },
          ]}
        />
        {kind === 'queue' ? (
          <Select
            label="Queue"
            placeholder="Choose a queue"
            data={(targets.data?.queues ?? []).map((q) => ({ value: q.id, label: q.name }))}
            value={queueId}
            onChange={setQueueId}
            nothingFoundMessage="No active queue"
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <Select
            label="Agent"
            description="Only agents who are Available now"
            placeholder={targets.data && targets.data.agents.length === 0 ? 'Nobody else is Available' : 'Choose an agent'}
            data={(targets.data?.agents ?? []).map((a) => ({ value: a.id, label: a.name }))}
            value={agentId}
            onChange={setAgentId}
            searchable
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Textarea label="Note for the next agent" placeholder="Optional" maxLength={500} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Text size="xs" c="dimmed">
          {kind === 'queue'
            ? 'The conversation leaves you now; you will not be offered it back.'
            : 'The conversation leaves you now; if they reject it or let the offer expire, it comes back to you.'}
        </Text>
        <DialogActions error={error} errorTitle="Not transferred" confirm="Transfer" busy={busy} disabled={!chosen} why="Choose a queue or an agent first." onConfirm={() => void transfer()} onCancel={onClose} />
      </Stack>
    </Modal>
  );
}
