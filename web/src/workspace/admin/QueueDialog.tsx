import { ActionIcon, Alert, Button, Fieldset, Group, JsonInput, Modal, MultiSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { adminApi, routingAdminApi, type AgentGroup, type Queue } from '../shared/api';
import { DialogActions } from '../shared/DialogActions';
import { conditionWords } from '../routing/routing-words';
import { BLANK_QUEUE, EXAMPLE_CONDITION, formOf, inputOf, WEEK_ORDER, WEEKDAYS, type QueueForm } from './queue-form';
import classes from './AdminPage.module.css';
import { useDialogSubmit } from '../shared/use-dialog-submit';
import { TranslatedTextField } from './TranslatedTextField';

interface Props {
  /** null: a new queue. */
  editing: Queue | null;
  groups: AgentGroup[];
  /** Where a new queue goes: after the others. */
  nextPosition: number;
  onClose: () => void;
  onSaved: () => void;
}

const TIMEOUT_PRESENCES = [
  { value: 'away', label: 'Away (default)' },
  { value: 'offline', label: 'Offline' },
  { value: 'available', label: 'Still Available' },
];
const RULES = [
  { value: 'most_capacity', label: 'Most spare capacity (ties: idle longest)' },
  { value: 'last_assigned', label: 'Idle longest (last assigned first)' },
];

/** Q-1…15: one queue's condition, schedule, waits, rule and pools; the api's 400 message shows under the form. */
export function QueueDialog({ editing, groups, nextPosition, onClose, onSaved }: Props) {
  // a new queue starts with the default groups for new agents; the admin may change or remove them.
  const [form, setForm] = useState<QueueForm>(() => {
    if (editing) return formOf(editing);
    const defaults = groups.filter((g) => g.defaultForNewAgents).map((g) => g.id);
    return { ...BLANK_QUEUE, position: nextPosition, pools: defaults.length ? [{ groupIds: defaults, eligibleAfterSeconds: 0 }] : [] };
  });
  const { busy, error, setError, submit } = useDialogSubmit();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  // A change answers the last refusal: it no longer applies to the form as it is.
  const set = <K extends keyof QueueForm>(key: K, value: QueueForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setError(null);
  };
  const groupOptions = groups.map((g) => ({ value: g.id, label: g.name }));
  // VA-14: the virtual agent's topics a wait trigger may start (none listed if they cannot be read).
  const [topicOptions, setTopicOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    adminApi
      .topics()
      .then((t) => {
        const topics = ((t.document as { topics?: { id: string; title: string }[] }).topics ?? []).map((x) => ({ value: x.id, label: x.title }));
        if (live) setTopicOptions(topics);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const r = inputOf(form, editing?.channelId ?? 'sms');
    if (!r.ok) setError(r.error);
    else if (await submit(() => (editing ? routingAdminApi.replaceQueue(editing.id, r.input) : routingAdminApi.createQueue(r.input)))) onSaved();
  };

  let conditionPreview: string | null = null;
  if (form.conditionJson !== null) {
    try {
      conditionPreview = conditionWords(JSON.parse(form.conditionJson) as Queue['condition']);
    } catch {
      conditionPreview = null;
    }
  }

  return (
    <Modal opened onClose={onClose} size="xl" title={editing ? `Edit the queue “${editing.name}”` : 'New queue'}>
      <form onSubmit={(e) => void save(e)}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} />
            <TextInput
              label="Id"
              description={editing ? 'Cannot change' : 'Optional: lower-case letters, digits, - and _'}
              disabled={!!editing}
              value={form.id}
              onChange={(e) => set('id', e.currentTarget.value)}
            />
            <NumberInput label="Position" description="Lower positions are tried first" min={0} value={form.position} onChange={(v) => set('position', Number(v) || 0)} />
          </SimpleGrid>
          <TextInput label="Description" value={form.description} onChange={(e) => set('description', e.currentTarget.value)} />
          <Switch label="Active" checked={form.active} onChange={(e) => set('active', e.currentTarget.checked)} />

          <Fieldset legend="Which conversations it takes">
            <SegmentedControl
              aria-label="Receives"
              value={form.conditionJson === null ? 'none' : 'condition'}
              onChange={(v) => set('conditionJson', v === 'none' ? null : (editing?.condition ? JSON.stringify(editing.condition, null, 2) : EXAMPLE_CONDITION))}
              data={[
                { value: 'none', label: 'Only its company numbers and transfers' },
                { value: 'condition', label: 'Conversations matching a condition' },
              ]}
              mb="xs"
            />
            {form.conditionJson !== null && (
              <>
                <JsonInput
                  label="Condition (JSON)"
                  description="{always: true}, {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}. Fields: channel, companyNumber, requesterNumber, requesterUserId, fromVirtualAgent, context.<key>. Ops: eq, ne, in, not_in, contains, starts_with, exists, not_exists."
                  autosize
                  minRows={4}
                  classNames={{ input: classes.json }}
                  validationError="Not JSON yet"
                  value={form.conditionJson}
                  onChange={(v) => set('conditionJson', v)}
                />
                <Text size="xs" c="dimmed" mt={4}>
                  {conditionPreview ? `Reads: ${conditionPreview}` : 'Reads: —'}
                </Text>
              </>
            )}
          </Fieldset>

          <Fieldset legend="Opening hours">
            <Switch
              label="Open 24×7"
              checked={form.schedule === null}
              onChange={(e) => set('schedule', e.currentTarget.checked ? null : { timeZone: 'UTC', days: ['', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', ''], holidays: [] })}
              mb="xs"
            />
            {form.schedule && (
              <Stack gap="xs">
                <Select
                  label="Time zone"
                  searchable
                  data={zones}
                  value={form.schedule.timeZone}
                  onChange={(v) => form.schedule && set('schedule', { ...form.schedule, timeZone: v ?? 'UTC' })}
                  comboboxProps={{ withinPortal: true }}
                />
                <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
                  {WEEK_ORDER.map((day) => (
                    <TextInput
                      key={day}
                      label={WEEKDAYS[day]}
                      placeholder="Closed"
                      value={form.schedule?.days[day] ?? ''}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setForm((f) => (f.schedule ? { ...f, schedule: { ...f.schedule, days: f.schedule.days.map((d, i) => (i === day ? value : d)) } } : f));
                      }}
                    />
                  ))}
                </SimpleGrid>
                <TagsInput
                  label="Holidays"
                  description="Whole days closed, YYYY-MM-DD; press Enter after each"
                  value={form.schedule.holidays}
                  onChange={(v) => form.schedule && set('schedule', { ...form.schedule, holidays: v })}
                />
              </Stack>
            )}
          </Fieldset>

          <Fieldset legend="Waiting and offers">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput label="Target wait (seconds)" description="Longer waits are flagged" min={0} value={form.targetWaitSeconds} onChange={(v) => set('targetWaitSeconds', Number(v) || 0)} />
              <NumberInput label="Max wait (seconds)" description="0: wait indefinitely" min={0} value={form.maxWaitSeconds} onChange={(v) => set('maxWaitSeconds', Number(v) || 0)} />
              <NumberInput
                label="Offer timeout (seconds)"
                description="Empty: the server default"
                min={5}
                value={form.offerTimeoutSeconds}
                onChange={(v) => set('offerTimeoutSeconds', v === '' ? '' : Number(v))}
              />
            </SimpleGrid>
            <Textarea
              mt="xs"
              label="Max-wait text"
              description="Sent once when the max wait passes; empty: the system text"
              autosize
              minRows={1}
              value={form.maxWaitText}
              onChange={(e) => set('maxWaitText', e.currentTarget.value)}
            />
            <Select
              mt="xs"
              // VA-14
              label="After the max wait, a topic"
              description={form.maxWaitSeconds > 0 ? 'The requester leaves the queue and the virtual agent starts it' : 'Needs a max wait'}
              placeholder="None: keep waiting in the queue"
              clearable
              disabled={form.maxWaitSeconds === 0}
              w={420}
              data={topicOptions}
              value={form.maxWaitTopicId || null}
              onChange={(v) => set('maxWaitTopicId', v ?? '')}
              comboboxProps={{ withinPortal: true }}
            />
            <Group mt="xs" align="flex-end">
              <Select
                label="Assignment rule"
                data={RULES}
                value={form.assignmentRule}
                onChange={(v) => set('assignmentRule', (v ?? 'most_capacity') as QueueForm['assignmentRule'])}
                w={320}
                comboboxProps={{ withinPortal: true }}
              />
              <Switch label="Auto-accept (assign without an offer)" checked={form.autoAccept} onChange={(e) => set('autoAccept', e.currentTarget.checked)} mb={8} />
            </Group>
            <Group mt="xs" align="flex-end">
              <Select
                label="An agent who lets an offer time out becomes"
                data={TIMEOUT_PRESENCES}
                value={form.offerTimeoutPresence}
                onChange={(v) => set('offerTimeoutPresence', (v ?? 'away') as QueueForm['offerTimeoutPresence'])}
                w={320}
                comboboxProps={{ withinPortal: true }}
              />
              <Switch label="Agents may reject offers" checked={form.allowReject} onChange={(e) => set('allowReject', e.currentTarget.checked)} mb={8} />
            </Group>
            <Stack gap="xs" mt="xs">
              <Text size="sm" fw={500}>
                {/* */}
                Texts while still waiting
              </Text>
              {form.waitTriggers.map((t, i) => (
                <Stack key={i} gap={4}>
                  <Group align="flex-end" wrap="nowrap">
                    <NumberInput
                      label={`Text ${i + 1} after (seconds)`}
                      min={1}
                      w={170}
                      value={t.afterSeconds}
                      onChange={(v) => set('waitTriggers', form.waitTriggers.map((x, j) => (j === i ? { ...x, afterSeconds: Number(v) || 1 } : x)))}
                    />
                    <TextInput
                      label={`Text ${i + 1}`}
                      flex={1}
                      value={t.text}
                      onChange={(e) => {
                        const text = e.currentTarget.value;
                        set('waitTriggers', form.waitTriggers.map((x, j) => (j === i ? { ...x, text } : x)));
                      }}
                    />
                    <Button variant="subtle" color="red" onClick={() => set('waitTriggers', form.waitTriggers.filter((_, j) => j !== i))}>
                      Remove
                    </Button>
                  </Group>
                  <Group align="center" wrap="nowrap" gap="xs">
                    <Select
                      aria-label={`Text ${i + 1}: then a topic`}
                      placeholder="None: keep waiting in the queue"
                      clearable
                      w={300}
                      data={topicOptions}
                      value={t.topicId ?? null}
                      onChange={(topicId) => set('waitTriggers', form.waitTriggers.map((x, j) => (j === i ? { ...x, topicId } : x)))}
                      comboboxProps={{ withinPortal: true }}
                    />
                    <Text size="xs" c="dimmed">
                      With a topic, the requester leaves the queue and the virtual agent starts it.
                    </Text>
                  </Group>
                </Stack>
              ))}
              {form.waitTriggers.length < 5 && (
                <Button variant="light" w="fit-content" onClick={() => set('waitTriggers', [...form.waitTriggers, { afterSeconds: 300, text: '' }])}>
                  Add a text while waiting
                </Button>
              )}
            </Stack>
          </Fieldset>

          <Fieldset legend="When an agent accepts">
            <TranslatedTextField
              label="Initial agent response"
              description="Texted to the requester when an agent accepts; {{agentName}} is the agent’s name. Empty: the system text “Agent accepted”, when it is switched on."
              defaultPlaceholder="Empty: the system text"
              value={form.initialResponseText}
              translations={form.initialResponseTranslations}
              onChange={(v) => set('initialResponseText', v)}
              onTranslationsChange={(t) => set('initialResponseTranslations', t)}
            />
          </Fieldset>

          <Fieldset legend="Who is offered it (pools)">
            <Text size="xs" c="dimmed" mb="xs">
              Each pool’s groups join once the conversation has waited that long; earlier pools stay.
            </Text>
            {!form.pools.some((p) => p.groupIds.length > 0) && (
              <Alert color="orange" variant="light" mb="xs" icon={<IconAlertTriangle size={16} aria-hidden />} role="alert">
                No agent groups: nobody will be offered this queue’s work
              </Alert>
            )}
            <Stack gap="xs">
              {form.pools.map((p, i) => (
                <Group key={i} align="flex-end" wrap="nowrap">
                  <MultiSelect
                    label={`Pool ${i + 1} groups`}
                    placeholder="Type a group’s name"
                    searchable
                    nothingFoundMessage="No group matches"
                    data={groupOptions}
                    value={p.groupIds}
                    onChange={(v) => set('pools', form.pools.map((x, j) => (j === i ? { ...x, groupIds: v } : x)))}
                    flex={1}
                    comboboxProps={{ withinPortal: true }}
                  />
                  <NumberInput
                    label={`Pool ${i + 1} after (seconds)`}
                    min={0}
                    w={170}
                    value={p.eligibleAfterSeconds}
                    onChange={(v) => set('pools', form.pools.map((x, j) => (j === i ? { ...x, eligibleAfterSeconds: Number(v) || 0 } : x)))}
                  />
                  <ActionIcon variant="subtle" color="red" size="lg" mb={4} aria-label={`Remove pool ${i + 1}`} onClick={() => set('pools', form.pools.filter((_, j) => j !== i))}>
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="light"
                size="xs"
                w="fit-content"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => set('pools', [...form.pools, { groupIds: [], eligibleAfterSeconds: form.pools.length ? 60 : 0 }])}
              >
                Add pool
              </Button>
            </Stack>
          </Fieldset>

          <DialogActions error={error} errorTitle="Not saved" confirm={editing ? 'Save' : 'Create'} busy={busy} disabled={!form.name.trim()} onConfirm={() => void save()} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
