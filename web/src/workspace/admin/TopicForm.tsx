import { Accordion, ActionIcon, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';

/**
 * The topic document as forms (src/virtual-agent/topics-schema.ts is the schema): the document's own texts, then each
 * topic with its steps. It edits the same draft as the JSON view, so the api's errors, keyed by path, show beside
 * the field they are about.
 */

type Json = Record<string, unknown>;
type StepKind = 'text' | 'choice' | 'yes_no' | 'capture' | 'handoff' | 'end';

const KINDS: { value: StepKind; label: string }[] = [
  { value: 'text', label: 'Text, then go on' },
  { value: 'choice', label: 'Choice between options' },
  { value: 'yes_no', label: 'Yes or no question' },
  { value: 'capture', label: 'Capture an answer' },
  { value: 'handoff', label: 'Hand off to a person' },
  { value: 'end', label: 'End the conversation' },
];

const SPECIAL_TARGETS = [
  { value: '@picker', label: 'Back to the topic picker' },
  { value: '@handoff', label: 'Hand off to a person' },
  { value: '@end', label: 'End the conversation' },
];

/** What a step of a kind needs besides its id and text, when an admin switches to it. */
function reshape(step: Json, kind: StepKind): Json {
  const base = { id: step.id, type: kind, ...(typeof step.text === 'string' ? { text: step.text } : { text: '' }) };
  const next = typeof step.next === 'string' ? step.next : '@end';
  switch (kind) {
    case 'text':
      return { ...base, next };
    case 'choice':
      return { ...base, options: Array.isArray(step.options) ? step.options : [{ label: '', next }, { label: '', next: '@end' }] };
    case 'yes_no':
      return { ...base, yes: typeof step.yes === 'string' ? step.yes : next, no: typeof step.no === 'string' ? step.no : '@end' };
    case 'capture':
      return { ...base, field: typeof step.field === 'string' ? step.field : 'answer', ...(typeof step.label === 'string' ? { label: step.label } : {}), next };
    case 'handoff':
      return base.text ? base : { id: step.id, type: kind };
    case 'end':
      return base;
  }
}

function newStepId(steps: Json[]): string {
  const ids = new Set(steps.map((s) => s.id));
  let n = steps.length + 1;
  while (ids.has(`step_${n}`)) n += 1;
  return `step_${n}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

interface Props {
  draft: Json;
  /** The api's problems by path (`topics[0].steps[1].next`). */
  errors: Map<string, string>;
  onChange: (next: Json) => void;
}

export function TopicForm({ draft, errors, onChange }: Props) {
  const topics = asArray(draft.topics);
  const setTopic = (index: number, topic: Json) => onChange({ ...draft, topics: topics.map((t, i) => (i === index ? topic : t)) });
  const addTopic = () => {
    const ids = new Set(topics.map((t) => t.id));
    let n = topics.length + 1;
    while (ids.has(`topic_${n}`)) n += 1;
    onChange({ ...draft, topics: [...topics, { id: `topic_${n}`, title: `New topic ${n}`, keywords: [], steps: [{ id: 'handoff', type: 'handoff' }] }] });
  };
  const field = (key: string, label: string, description?: string) => (
    <Textarea
      label={label}
      description={description}
      autosize
      minRows={1}
      value={str(draft[key])}
      error={errors.get(key)}
      onChange={(e) => onChange({ ...draft, [key]: e.currentTarget.value })}
    />
  );

  return (
    <Stack gap="md">
      <Accordion variant="separated" multiple defaultValue={['topics']}>
        <Accordion.Item value="texts">
          <Accordion.Control>Greeting and the virtual agent’s own texts</Accordion.Control>
          <Accordion.Panel>
            <Stack gap="xs">
              {field('greeting', 'Greeting', 'The first text of every conversation, before the numbered topics.')}
              {field('pickerPrompt', 'Picker prompt', 'Above the numbered topics.')}
              {field('help', 'Help', 'The answer to HELP.')}
              {field('fallback', 'Fallback', 'When a reply matches nothing.')}
              <NumberInput
                label="Unrecognised replies before handing off"
                min={1}
                max={5}
                w={280}
                value={typeof draft.maxUnrecognised === 'number' ? draft.maxUnrecognised : 2}
                error={errors.get('maxUnrecognised')}
                onChange={(v) => onChange({ ...draft, maxUnrecognised: Number(v) || 1 })}
              />
              {field('closing', 'Closing', 'When the requester says bye.')}
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
      <Accordion variant="separated" multiple aria-label="Topics">
        {topics.map((t, ti) => (
          <TopicItem
            key={ti}
            topic={t}
            index={ti}
            errors={errors}
            onChange={(next) => setTopic(ti, next)}
            onRemove={topics.length > 1 ? () => onChange({ ...draft, topics: topics.filter((_, i) => i !== ti) }) : undefined}
          />
        ))}
      </Accordion>
      {errors.get('topics') && (
        <Text size="sm" c="red.8">
          {errors.get('topics')}
        </Text>
      )}
      <Group>
        <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={addTopic} disabled={topics.length >= 9}>
          Add topic
        </Button>
      </Group>
    </Stack>
  );
}

function TopicItem({ topic, index, errors, onChange, onRemove }: { topic: Json; index: number; errors: Map<string, string>; onChange: (t: Json) => void; onRemove?: () => void }) {
  const at = `topics[${index}]`;
  const steps = asArray(topic.steps);
  const title = str(topic.title) || `Topic ${index + 1}`;
  const setSteps = (next: Json[]) => onChange({ ...topic, steps: next });
  const move = (from: number, to: number) => {
    const next = [...steps];
    const [s] = next.splice(from, 1);
    next.splice(to, 0, s);
    setSteps(next);
  };
  const problems = [...errors.keys()].filter((k) => k === at || k.startsWith(`${at}.`)).length;
  const targets = [...steps.map((s) => ({ value: str(s.id), label: `Step ${str(s.id)}` })).filter((o) => o.value), ...SPECIAL_TARGETS];

  return (
    <Accordion.Item value={`topic-${index}`}>
      <Accordion.Control aria-label={`Topic ${title}`}>
        <Group gap="xs">
          <Text fw={500}>{title}</Text>
          <Text size="xs" c="dimmed">
            {steps.length === 1 ? '1 step' : `${steps.length} steps`}
          </Text>
          {problems > 0 && (
            <Text size="xs" c="red.8">
              {problems === 1 ? '1 problem' : `${problems} problems`}
            </Text>
          )}
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm" role="group" aria-label={`Topic ${title}`}>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <TextInput label="Title" value={str(topic.title)} error={errors.get(`${at}.title`)} onChange={(e) => onChange({ ...topic, title: e.currentTarget.value })} />
            <TextInput
              label="Id"
              description="Lower-case letters, digits and _"
              value={str(topic.id)}
              error={errors.get(`${at}.id`)}
              onChange={(e) => onChange({ ...topic, id: e.currentTarget.value })}
            />
          </SimpleGrid>
          <TagsInput
            label="Keywords"
            description="Words that pick this topic, besides its number and title (Enter after each)"
            value={Array.isArray(topic.keywords) ? topic.keywords.filter((k): k is string => typeof k === 'string') : []}
            error={errors.get(`${at}.keywords`)}
            onChange={(keywords) => onChange({ ...topic, keywords })}
          />
          {steps.map((s, si) => (
            <StepForm
              key={si}
              step={s}
              index={si}
              count={steps.length}
              at={`${at}.steps[${si}]`}
              targets={targets}
              errors={errors}
              onChange={(next) => setSteps(steps.map((x, i) => (i === si ? next : x)))}
              onMove={(to) => move(si, to)}
              onRemove={steps.length > 1 ? () => setSteps(steps.filter((_, i) => i !== si)) : undefined}
            />
          ))}
          {errors.get(`${at}.steps`) && (
            <Text size="sm" c="red.8">
              {errors.get(`${at}.steps`)}
            </Text>
          )}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setSteps([...steps, { id: newStepId(steps), type: 'text', text: '', next: '@end' }])}
              disabled={steps.length >= 50}
            >
              Add step to {title}
            </Button>
            {onRemove && (
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onRemove}>
                Remove topic {title}
              </Button>
            )}
          </Group>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

interface StepProps {
  step: Json;
  index: number;
  count: number;
  at: string;
  targets: { value: string; label: string }[];
  errors: Map<string, string>;
  onChange: (s: Json) => void;
  onMove: (to: number) => void;
  onRemove?: () => void;
}

function StepForm({ step, index, count, at, targets, errors, onChange, onMove, onRemove }: StepProps) {
  const kind = (KINDS.some((k) => k.value === step.type) ? step.type : 'text') as StepKind;
  const name = `Step ${index + 1}`;
  const set = (key: string, value: unknown) => onChange({ ...step, [key]: value });
  const target = (key: string, label: string, path = `${at}.${key}`, value = step[key], write = (v: string) => set(key, v)) => (
    <Select
      label={label}
      aria-label={`${name}: ${label}`}
      data={str(value) && !targets.some((t) => t.value === value) ? [...targets, { value: str(value), label: str(value) }] : targets}
      value={str(value) || null}
      allowDeselect={false}
      error={errors.get(path)}
      onChange={(v) => v && write(v)}
      comboboxProps={{ withinPortal: true }}
    />
  );
  const options = asArray(step.options);

  return (
    <Paper withBorder p="sm" component="fieldset" aria-label={name} style={{ margin: 0 }}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={500} size="sm">
          {name}
          {index === 0 && (
            <Text span size="xs" c="dimmed" ml="xs">
              the topic starts here
            </Text>
          )}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Move up">
            <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
              <IconArrowUp size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon variant="subtle" color="gray" aria-label={`Move ${name} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
              <IconArrowDown size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Remove the step">
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} disabled={!onRemove} onClick={onRemove}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      {errors.get(at) && (
        <Text size="sm" c="red.8" mb="xs">
          {errors.get(at)}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <TextInput label="Step id" aria-label={`${name}: id`} value={str(step.id)} error={errors.get(`${at}.id`)} onChange={(e) => set('id', e.currentTarget.value)} />
        <Select
          label="Kind"
          aria-label={`${name}: kind`}
          data={KINDS}
          value={kind}
          allowDeselect={false}
          error={errors.get(`${at}.type`)}
          onChange={(v) => v && onChange(reshape(step, v as StepKind))}
          comboboxProps={{ withinPortal: true }}
        />
      </SimpleGrid>
      <Textarea
        mt="xs"
        label={kind === 'handoff' ? 'Text before handing off (optional)' : 'Text'}
        aria-label={`${name}: text`}
        autosize
        minRows={1}
        value={str(step.text)}
        error={errors.get(`${at}.text`)}
        onChange={(e) => {
          const text = e.currentTarget.value;
          if (kind === 'handoff' && !text) {
            const { text: _gone, ...rest } = step;
            onChange(rest);
          } else set('text', text);
        }}
      />
      {(kind === 'text' || kind === 'capture') && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mt="xs">
          {kind === 'capture' && (
            <TextInput
              label="Save the answer as"
              description="A name like orderNumber; texts use it as {{orderNumber}}"
              aria-label={`${name}: field`}
              value={str(step.field)}
              error={errors.get(`${at}.field`)}
              onChange={(e) => set('field', e.currentTarget.value)}
            />
          )}
          {target('next', 'Then')}
        </SimpleGrid>
      )}
      {kind === 'capture' && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mt="xs">
          <TextInput
            label="Accept only answers matching (optional)"
            description="A regular expression, such as ^\d{4,12}$"
            aria-label={`${name}: pattern`}
            value={str(step.pattern)}
            error={errors.get(`${at}.pattern`)}
            onChange={(e) => {
              const pattern = e.currentTarget.value;
              const { pattern: _old, ...rest } = step;
              onChange(pattern ? { ...rest, pattern } : rest);
            }}
          />
          <TextInput
            label="Label for agents (optional)"
            description="How the offer card and the conversation name the answer, such as Order number"
            aria-label={`${name}: label`}
            value={str(step.label)}
            error={errors.get(`${at}.label`)}
            onChange={(e) => {
              const label = e.currentTarget.value;
              const { label: _old, ...rest } = step;
              onChange(label ? { ...rest, label } : rest);
            }}
          />
          <TextInput
            label="When it does not match (optional)"
            aria-label={`${name}: text when the answer does not match`}
            value={str(step.invalidText)}
            error={errors.get(`${at}.invalidText`)}
            onChange={(e) => {
              const invalidText = e.currentTarget.value;
              const { invalidText: _old, ...rest } = step;
              onChange(invalidText ? { ...rest, invalidText } : rest);
            }}
          />
        </SimpleGrid>
      )}
      {kind === 'yes_no' && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mt="xs">
          {target('yes', 'After yes')}
          {target('no', 'After no')}
        </SimpleGrid>
      )}
      {kind === 'choice' && (
        <Stack gap="xs" mt="xs">
          {options.map((o, oi) => (
            <Group key={oi} align="flex-end" wrap="nowrap" gap="xs">
              <TextInput
                flex={1}
                label={`Option ${oi + 1}`}
                aria-label={`${name}: option ${oi + 1}`}
                value={str(o.label)}
                error={errors.get(`${at}.options[${oi}].label`)}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  set('options', options.map((x, j) => (j === oi ? { ...x, label } : x)));
                }}
              />
              <div style={{ flex: 1 }}>
                {target('next', `Then, for option ${oi + 1}`, `${at}.options[${oi}].next`, o.next, (v) =>
                  set('options', options.map((x, j) => (j === oi ? { ...x, next: v } : x))),
                )}
              </div>
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={`Remove option ${oi + 1} of ${name}`}
                disabled={options.length <= 2}
                onClick={() => set('options', options.filter((_, j) => j !== oi))}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          {errors.get(`${at}.options`) && (
            <Text size="sm" c="red.8">
              {errors.get(`${at}.options`)}
            </Text>
          )}
          <Group>
            <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} disabled={options.length >= 9} onClick={() => set('options', [...options, { label: '', next: '@end' }])}>
              Add option
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
