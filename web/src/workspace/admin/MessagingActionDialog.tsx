import { Alert, Button, Group, Modal, MultiSelect, NumberInput, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { messagingActionsApi, type InteractionState, type MessagingAction, type MessagingActionInput } from '../shared/api';
import { messageOf } from '../../report-error';
import {
  ACTION_LABELS, EVENT_LABELS, splitDuration, STATE_LABELS, TARGET_STATE_LABELS, UNIT_SECONDS,
  type DurationUnit, type MaAction, type MaEvent, type MaTargetState,
} from '../conversations/messaging-action-words';

interface Props {
  /** null: a new action. */
  editing: MessagingAction | null;
  onClose: () => void;
  onSaved: (saved: MessagingAction) => void;
}

const options = <K extends string>(labels: Record<K, string>) => (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
const EVENT_OPTIONS = (Object.keys(EVENT_LABELS) as MaEvent[]).map((value) => ({ value, label: EVENT_LABELS[value].long }));
const ACTION_OPTIONS = options(ACTION_LABELS);
const TARGET_OPTIONS = options(TARGET_STATE_LABELS);
const STATE_OPTIONS = options(STATE_LABELS);
const UNIT_OPTIONS = (['seconds', 'minutes', 'hours', 'days'] as const).map((u) => ({ value: u, label: u }));

const BLANK: Omit<MessagingAction, 'id'> = {
  name: '',
  active: true,
  event: 'requester_message_without_agent_response',
  durationSeconds: 30 * 60,
  condition: {},
  action: 'prompt_agent',
  promptText: null,
  targetState: null,
};

/** Create or edit one messaging action; the api's 400 message (it names the field) shows under the form. */
export function MessagingActionDialog({ editing, onClose, onSaved }: Props) {
  const start = editing ?? BLANK;
  const [name, setName] = useState(start.name);
  const [active, setActive] = useState(start.active);
  const [event, setEvent] = useState<MaEvent>(start.event);
  const [amount, setAmount] = useState<number | string>(splitDuration(start.durationSeconds).amount);
  const [unit, setUnit] = useState<DurationUnit>(splitDuration(start.durationSeconds).unit);
  const [states, setStates] = useState<string[]>(start.condition.states ?? []);
  const [queueIds, setQueueIds] = useState<string[]>(start.condition.queueIds ?? []);
  const [action, setAction] = useState<MaAction>(start.action);
  const [promptText, setPromptText] = useState(start.promptText ?? '');
  const [targetState, setTargetState] = useState<MaTargetState | null>(start.targetState);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const prompts = action === 'prompt_agent' || action === 'prompt_requester';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: MessagingActionInput = {
      name,
      active,
      event,
      durationSeconds: Math.round(Number(amount) * UNIT_SECONDS[unit]),
      condition: {
        ...(states.length ? { states: states as InteractionState[] } : {}),
        ...(queueIds.length ? { queueIds } : {}),
      },
      action,
      promptText: prompts && promptText.trim() ? promptText : null,
      targetState: action === 'set_state' ? targetState : null,
    };
    setSaving(true);
    setError(null);
    try {
      onSaved(editing ? await messagingActionsApi.replace(editing.id, body) : await messagingActionsApi.create(body));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={editing ? `Edit “${editing.name}”` : 'New messaging action'} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
          <Select
            label="When"
            description="What starts the timer. A message from the other person stops it."
            data={EVENT_OPTIONS}
            value={event}
            onChange={(v) => v && setEvent(v as MaEvent)}
            allowDeselect={false}
          />
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NumberInput label="For" value={amount} onChange={setAmount} min={1} allowDecimal={false} w={120} />
            <Select aria-label="Unit" data={UNIT_OPTIONS} value={unit} onChange={(v) => v && setUnit(v as DurationUnit)} allowDeselect={false} w={140} />
          </Group>
          <MultiSelect
            label="Only in these states"
            description="Checked when the timer fires. Leave empty for any state."
            data={STATE_OPTIONS}
            value={states}
            onChange={setStates}
            clearable
          />
          <TagsInput
            label="Only in these queues"
            description="Queue ids; press Enter after each. Leave empty for any queue."
            value={queueIds}
            onChange={setQueueIds}
            clearable
          />
          <Select label="Then" data={ACTION_OPTIONS} value={action} onChange={(v) => v && setAction(v as MaAction)} allowDeselect={false} />
          {prompts && (
            <Textarea
              label={action === 'prompt_requester' ? 'Text to send the requester' : 'Prompt text'}
              description={action === 'prompt_agent' ? 'Shown to the assigned agent. Optional.' : 'Sent as an SMS from the company number.'}
              value={promptText}
              onChange={(e) => setPromptText(e.currentTarget.value)}
              required={action === 'prompt_requester'}
              autosize
              minRows={2}
            />
          )}
          {action === 'set_state' && (
            <Select label="New state" data={TARGET_OPTIONS} value={targetState} onChange={(v) => setTargetState(v as MaTargetState | null)} required />
          )}
          <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          {error && (
            <Alert color="red" title="Not saved" role="alert">
              {error}
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            Conversations already waiting use the saved action when their timer fires.
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {editing ? 'Save' : 'Create'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
