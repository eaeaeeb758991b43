import { Checkbox, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { routingApi, supervisorApi, type InteractionState, type ManualOfferInput, type Presence } from '../shared/api';
import { useLatestRead } from '../../use-latest-read';
import { DialogActions } from '../shared/DialogActions';
import { capacityLabel, PRESENCE_LABELS } from './routing-words';
import { useDialogSubmit } from '../shared/use-dialog-submit';

interface Props {
  interactionId: string;
  requester: string;
  /** The current assignee, left out of the choices. */
  assigneeId: string | null;
  /** MAN-1: only a waiting conversation (queued or offered) can be offered; one in progress is assigned at once. */
  state: InteractionState;
  onClose: () => void;
  onAssigned: () => void;
}

type Mode = 'assign' | 'offer';

const TIMEOUT_PRESENCES: { value: Presence; label: string }[] = [
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
  { value: 'available', label: 'Unchanged' },
];

/**
 * MAN-1: a manager gives the conversation to an agent at once, whatever their presence (REG-4), or offers it to one
 * Available agent with the reference's options: allowed to decline, a timeout and the presence they take on timeout.
 */
export function AssignDialog({ interactionId, requester, assigneeId, state, onClose, onAssigned }: Props) {
  const agents = useLatestRead(supervisorApi.agents);
  const waiting = state === 'queued' || state === 'offered';
  const [mode, setMode] = useState<Mode>('assign');
  const [agentId, setAgentId] = useState<string | null>(null);
  const [allowedToDecline, setAllowedToDecline] = useState(true);
  const [timeoutSeconds, setTimeoutSeconds] = useState<number | ''>('');
  const [timeoutPresence, setTimeoutPresence] = useState<Presence>('away');
  const [overCapacity, setOverCapacity] = useState(false);
  const { busy, error, submit } = useDialogSubmit();
  const offering = mode === 'offer';

  const assign = async () => {
    if (!agentId) return;
    const offer: ManualOfferInput | undefined = offering
      ? { allowedToDecline, timeoutSeconds: timeoutSeconds === '' ? null : timeoutSeconds, timeoutPresence, overCapacity }
      : undefined;
    if (await submit(() => routingApi.assign(interactionId, agentId, offer))) onAssigned();
    else agents.reload(); // a presence that changed meanwhile shows in the list
  };

  const data = (agents.data ?? [])
    .filter((a) => a.id !== assigneeId)
    .map((a) => ({
      value: a.id,
      label: `${a.name} · ${PRESENCE_LABELS[a.presence]} · SMS ${capacityLabel(a, 'sms')}`,
      // An offer needs someone who can take it now; at once goes to anyone.
      disabled: offering && a.presence !== 'available',
    }));
  const chosen = data.find((a) => a.value === agentId);

  return (
    <Modal opened onClose={onClose} title={`Assign the conversation with ${requester}`}>
      <Stack gap="sm">
        <SegmentedControl
          aria-label="How"
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          data={[
            { value: 'assign', label: 'Assign now' },
            { value: 'offer', label: 'Offer to them', disabled: !waiting },
          ]}
        />
        {!waiting && (
          <Text size="xs" c="dimmed">
            Only a waiting conversation can be offered; this one is assigned at once.
          </Text>
        )}
        <Select
          label="Agent"
          description={offering ? 'Only agents who are Available now can be offered it' : undefined}
          placeholder="Choose an agent"
          data={data}
          value={chosen && !chosen.disabled ? agentId : null}
          onChange={setAgentId}
          searchable
          nothingFoundMessage="No agent matches"
          comboboxProps={{ withinPortal: true }}
        />
        {offering && (
          <>
            <Switch
              label="Allowed to decline"
              description="Off: the agent sees Accept only"
              checked={allowedToDecline}
              onChange={(e) => setAllowedToDecline(e.currentTarget.checked)}
            />
            <NumberInput
              label="Timeout (seconds)"
              description="Empty: the offer expires after 24 hours"
              placeholder="24 hours"
              min={1}
              max={7 * 24 * 3600}
              allowDecimal={false}
              allowNegative={false}
              value={timeoutSeconds}
              onChange={(v) => setTimeoutSeconds(typeof v === 'number' && v > 0 ? v : '')}
            />
            <Select
              label="Presence on timeout"
              description="What the agent becomes if they let the offer expire (never raised: Offline stays Offline)"
              data={TIMEOUT_PRESENCES}
              value={timeoutPresence}
              onChange={(v) => v && setTimeoutPresence(v as Presence)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Checkbox
              label="Over capacity"
              description="Offer it even if their SMS is turned off or full"
              checked={overCapacity}
              onChange={(e) => setOverCapacity(e.currentTarget.checked)}
            />
          </>
        )}
        <Text size="xs" c="dimmed">
          {offering
            ? 'Only they are offered it, in their inbox like any offer. Declined or expired, it goes back to the queue for routing.'
            : 'They have it at once, whatever their presence and capacity; any offer waiting is withdrawn.'}
        </Text>
        <DialogActions
          error={error}
          errorTitle={offering ? 'Not offered' : 'Not assigned'}
          confirm={offering ? 'Offer' : 'Assign'}
          busy={busy}
          disabled={!agentId || Boolean(chosen?.disabled)}
          why={!agentId ? 'Choose an agent first.' : 'This agent is not Available: only an Available agent can be offered it.'}
          onConfirm={() => void assign()}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
