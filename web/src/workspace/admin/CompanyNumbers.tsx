import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { adminApi, type CompanyNumber, type CompanyNumberChange } from '../shared/api';
import { messageOf, reportError } from '../../report-error';
import { TEXT_LANGUAGES } from './text-languages';

/** RI-2, VA-12, RI-9/VA-13: who answers a number's new conversations, as one choice (the api's two flags). */
type Answerer = 'live_agents' | 'virtual_agent_first' | 'virtual_agent_only';
const ANSWERERS: { value: Answerer; label: string }[] = [
  { value: 'virtual_agent_first', label: 'Virtual agent first' },
  { value: 'live_agents', label: 'Live agents only' },
  { value: 'virtual_agent_only', label: 'Virtual agent only' },
];
const ANSWERER_CHANGE: Record<Answerer, { liveAgentOnly: boolean; virtualAgentOnly: boolean }> = {
  virtual_agent_first: { liveAgentOnly: false, virtualAgentOnly: false },
  live_agents: { liveAgentOnly: true, virtualAgentOnly: false },
  virtual_agent_only: { liveAgentOnly: false, virtualAgentOnly: true },
};
const answererOf = (n: CompanyNumber): Answerer => (n.liveAgentOnly ? 'live_agents' : n.virtualAgentOnly ? 'virtual_agent_only' : 'virtual_agent_first');

/**
 * SPEC §6 (RI-2): whether the virtual agent answers a company number's new conversations first; SPEC §9: its quiet
 * hours (when unsolicited automated texts wait for the requester's morning), the zone for requesters whose own number
 * does not settle one, and the provider's sending rate. One card per number, saved by its own Save button: a change
 * is made on purpose and confirmed, never by leaving a field.
 */
export function CompanyNumbers() {
  const [numbers, setNumbers] = useState<CompanyNumber[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    adminApi.companyNumbers().then(setNumbers, (err: unknown) => setError(messageOf(err)));
  }, []);

  if (!numbers) return error ? <Alert color="red" title="The company numbers cannot be shown">{error}</Alert> : <Loader size="sm" aria-label="Loading the company numbers" />;

  return (
    <Stack gap="md" maw={1100}>
      <Title order={2} size="h3">
        Company numbers
      </Title>
      <Text size="sm" c="dimmed">
        Who answers first applies to conversations that start after the change; quiet hours apply to automated texts
        written after it (one already held keeps its time); the rate applies at once. A requester whose number has
        one time zone (UK, India…) keeps their own night; US, Canadian or Australian numbers use the zone set here.
        System texts go in the requester’s country’s language (Spain, Mexico: Spanish…); the Language here is for numbers
        that do not name one (US, Canadian, no country).
      </Text>
      {numbers.map((n) => (
        <NumberForm
          key={JSON.stringify(n)}
          number={n}
          onSaved={(next) => setNumbers((all) => all?.map((x) => (x.number === next.number ? next : x)) ?? null)}
        />
      ))}
    </Stack>
  );
}

const DEFAULT_QUIET = { start: '21:00', end: '08:00' };

interface Draft {
  displayName: string;
  answerer: Answerer;
  language: CompanyNumber['language'];
  quietOn: boolean;
  quiet: { start: string; end: string };
  timeZone: string | null;
  rate: string | number;
}

const draftOf = (n: CompanyNumber): Draft => ({
  displayName: n.displayName,
  answerer: answererOf(n),
  language: n.language,
  quietOn: n.quietHours !== null,
  quiet: n.quietHours ?? DEFAULT_QUIET,
  timeZone: n.timeZone,
  rate: n.ratePerSecond,
});

/** What the draft changes, as the api's PATCH body, or a sentence saying what to fix. */
function changeOf(n: CompanyNumber, d: Draft): { change: CompanyNumberChange; what: string[] } | { problem: string } {
  const change: CompanyNumberChange = {};
  const what: string[] = [];
  const name = d.displayName.trim();
  if (!name) return { problem: 'The display name cannot be empty.' };
  if (name !== n.displayName) {
    change.displayName = name;
    what.push('display name');
  }
  if (d.answerer !== answererOf(n)) {
    Object.assign(change, ANSWERER_CHANGE[d.answerer]);
    what.push('who answers');
  }
  if (d.language !== n.language) {
    change.language = d.language;
    what.push('language');
  }
  const quiet = d.quietOn ? d.quiet : null;
  if (quiet && (!quiet.start || !quiet.end || quiet.start === quiet.end)) return { problem: 'Quiet hours need a start and an end that differ.' };
  if (JSON.stringify(quiet) !== JSON.stringify(n.quietHours)) {
    change.quietHours = quiet;
    what.push('quiet hours');
  }
  if (d.timeZone !== n.timeZone) {
    change.timeZone = d.timeZone;
    what.push('time zone');
  }
  const rate = Number(d.rate);
  if (!(rate > 0 && rate <= 1000)) return { problem: 'Texts per second must be more than 0 and at most 1,000.' };
  if (rate !== n.ratePerSecond) {
    change.ratePerSecond = rate;
    what.push('texts per second');
  }
  return { change, what };
}

function NumberForm({ number: n, onSaved }: { number: CompanyNumber; onSaved: (next: CompanyNumber) => void }) {
  const [draft, setDraft] = useState(() => draftOf(n));
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const outcome = changeOf(n, draft);
  const dirty = 'problem' in outcome || outcome.what.length > 0;

  const save = async () => {
    if ('problem' in outcome || outcome.what.length === 0) return;
    setSaving(true);
    try {
      const next = await adminApi.updateCompanyNumber(n.number, outcome.change);
      notifications.show({ color: 'green', title: `${n.number} saved`, message: `Changed: ${outcome.what.join(', ')}.` });
      onSaved(next);
    } catch (err) {
      reportError(`${n.number} not changed`, err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-label={`Company number ${n.number}`}
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        void save();
      }}
    >
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <div>
          <Text fw={600}>
            {n.number}
            {!n.active && (
              <Badge ml="xs" color="gray" variant="light">
                inactive
              </Badge>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            Queue {n.queueId}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          {dirty && (
            <Button variant="default" onClick={() => setDraft(draftOf(n))} disabled={saving}>
              Undo changes
            </Button>
          )}
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} aria-hidden />} disabled={!dirty || 'problem' in outcome} loading={saving} aria-label={`Save ${n.number}`}>
            Save
          </Button>
        </Group>
      </Group>
      {'problem' in outcome && (
        <Text size="sm" c="red.8" mb="xs" role="alert">
          {outcome.problem}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <TextInput label="Display name" aria-label={`Display name of ${n.number}`} value={draft.displayName} onChange={(e) => set('displayName', e.currentTarget.value)} />
        <Select
          label="Who answers"
          aria-label={`Who answers ${n.number}`}
          data={ANSWERERS}
          value={draft.answerer}
          onChange={(v) => v && set('answerer', v as Answerer)}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Language"
          description="For requesters whose number names none"
          aria-label={`Language of ${n.number}`}
          data={TEXT_LANGUAGES}
          value={draft.language}
          allowDeselect={false}
          onChange={(v) => v && set('language', v as CompanyNumber['language'])}
          comboboxProps={{ withinPortal: true }}
        />
        <Stack gap={4}>
          <Switch
            label="Quiet hours (requester’s local time)"
            aria-label={`Quiet hours for ${n.number}`}
            checked={draft.quietOn}
            onChange={(e) => set('quietOn', e.currentTarget.checked)}
          />
          <Group gap="xs" wrap="nowrap">
            <TextInput
              type="time" flex={1} disabled={!draft.quietOn} aria-label={`Quiet hours of ${n.number} start`}
              value={draft.quiet.start} onChange={(e) => set('quiet', { ...draft.quiet, start: e.currentTarget.value })}
            />
            <Text size="sm" c="dimmed">
              to
            </Text>
            <TextInput
              type="time" flex={1} disabled={!draft.quietOn} aria-label={`Quiet hours of ${n.number} end`}
              value={draft.quiet.end} onChange={(e) => set('quiet', { ...draft.quiet, end: e.currentTarget.value })}
            />
          </Group>
        </Stack>
        <Select
          label="Time zone when the requester’s number has several"
          searchable clearable data={zones} value={draft.timeZone}
          placeholder="The number’s country, else UTC" aria-label={`Time zone of ${n.number}`}
          onChange={(zone) => set('timeZone', zone)}
          comboboxProps={{ withinPortal: true }}
        />
        <NumberInput
          label="Texts per second"
          min={0.1} max={1000} step={1} decimalScale={2} aria-label={`Texts per second from ${n.number}`}
          value={draft.rate} onChange={(v) => set('rate', v)}
        />
      </SimpleGrid>
    </Paper>
  );
}
