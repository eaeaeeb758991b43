import { Alert, Badge, Group, Loader, NumberInput, Select, Switch, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { adminApi, type CompanyNumber, type CompanyNumberChange } from '../../api';
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
 * does not settle one, and the provider's sending rate.
 */
export function CompanyNumbers() {
  const [numbers, setNumbers] = useState<CompanyNumber[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    adminApi.companyNumbers().then(setNumbers, (err: unknown) => setError(messageOf(err)));
  }, []);

  const update = async (n: CompanyNumber, change: CompanyNumberChange) => {
    try {
      const next = await adminApi.updateCompanyNumber(n.number, change);
      setNumbers((all) => all?.map((x) => (x.number === next.number ? next : x)) ?? null);
    } catch (err) {
      reportError(`${n.number} not changed`, err);
    }
  };

  if (!numbers) return error ? <Alert color="red" title="The company numbers cannot be shown">{error}</Alert> : <Loader size="sm" aria-label="Loading the company numbers" />;

  return (
    <div>
      <Text size="sm" c="dimmed" mb="sm">
        Who answers first applies to conversations that start after the change; quiet hours apply to automated texts
        written after it (one already held keeps its time); the rate applies at once. A requester whose number has
        one time zone (UK, India…) keeps their own night; US, Canadian or Australian numbers use the zone set here.
        System texts go in the requester’s country’s language (Spain, Mexico: Spanish…); the Language here is for numbers
        that do not name one (US, Canadian, no country).
      </Text>
      <Table verticalSpacing="sm" maw={1280} aria-label="Company numbers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Number</Table.Th>
            <Table.Th>Display name</Table.Th>
            <Table.Th>Who answers</Table.Th>
            <Table.Th>Language</Table.Th>
            <Table.Th>Quiet hours (requester’s local time)</Table.Th>
            <Table.Th>Time zone when the requester’s number has several</Table.Th>
            <Table.Th>Texts per second</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {numbers.map((n) => (
            <Table.Tr key={n.number}>
              <Table.Td>
                {n.number}
                {!n.active && (
                  <Badge ml="xs" color="gray" variant="light">
                    inactive
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  Queue {n.queueId}
                </Text>
              </Table.Td>
              <Table.Td>
                <DisplayName key={n.displayName} number={n} onSave={(displayName) => void update(n, { displayName })} />
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Who answers ${n.number}`}
                  data={ANSWERERS}
                  value={answererOf(n)}
                  onChange={(v) => v && void update(n, ANSWERER_CHANGE[v as Answerer])}
                  allowDeselect={false}
                  w={175}
                  comboboxProps={{ withinPortal: true }}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs" w={115} data={TEXT_LANGUAGES} value={n.language} allowDeselect={false} aria-label={`Language of ${n.number}`}
                  onChange={(v) => v && void update(n, { language: v as CompanyNumber['language'] })} comboboxProps={{ withinPortal: true }}
                />
              </Table.Td>
              <Table.Td>
                <QuietHours key={JSON.stringify(n.quietHours)} number={n} onSave={(quietHours) => void update(n, { quietHours })} />
              </Table.Td>
              <Table.Td>
                <TimeZone number={n} onSave={(timeZone) => void update(n, { timeZone })} />
              </Table.Td>
              <Table.Td>
                <Rate key={n.ratePerSecond} number={n} onSave={(ratePerSecond) => void update(n, { ratePerSecond })} />
              </Table.Td>

            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** Saved when the field is left or Enter is pressed, if it changed (keyed by the saved name, so a save resets it). */
function DisplayName({ number, onSave }: { number: CompanyNumber; onSave: (name: string) => void }) {
  const [value, setValue] = useState(number.displayName);
  const commit = () => {
    const name = value.trim();
    if (name && name !== number.displayName) onSave(name);
    else setValue(number.displayName);
  };
  return (
    <TextInput
      size="xs"
      aria-label={`Display name of ${number.number}`}
      value={value}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}

const DEFAULT_QUIET = { start: '21:00', end: '08:00' };

/** On/off, and the window's start and end (saved when a time is left, if both are set and differ). */
function QuietHours({ number, onSave }: { number: CompanyNumber; onSave: (w: CompanyNumber['quietHours']) => void }) {
  const [hours, setHours] = useState(number.quietHours ?? DEFAULT_QUIET);
  const commit = () => {
    if (!number.quietHours || (hours.start === number.quietHours.start && hours.end === number.quietHours.end)) return;
    if (hours.start && hours.end && hours.start !== hours.end) onSave(hours);
    else setHours(number.quietHours);
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <Switch
        checked={number.quietHours !== null}
        onChange={(e) => onSave(e.currentTarget.checked ? hours : null)}
        aria-label={`Quiet hours for ${number.number}`}
      />
      <TextInput
        type="time" size="xs" w={110} disabled={!number.quietHours} aria-label={`Quiet hours of ${number.number} start`}
        value={hours.start} onChange={(e) => setHours({ ...hours, start: e.currentTarget.value })} onBlur={commit}
      />
      <Text size="xs" c="dimmed">to</Text>
      <TextInput
        type="time" size="xs" w={110} disabled={!number.quietHours} aria-label={`Quiet hours of ${number.number} end`}
        value={hours.end} onChange={(e) => setHours({ ...hours, end: e.currentTarget.value })} onBlur={commit}
      />
    </Group>
  );
}

function TimeZone({ number, onSave }: { number: CompanyNumber; onSave: (zone: string | null) => void }) {
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  return (
    <Select
      size="xs" w={190} searchable clearable data={zones} value={number.timeZone}
      placeholder="The number’s country, else UTC" aria-label={`Time zone of ${number.number}`}
      onChange={(zone) => onSave(zone)}
    />
  );
}

function Rate({ number, onSave }: { number: CompanyNumber; onSave: (rate: number) => void }) {
  const [value, setValue] = useState<string | number>(number.ratePerSecond);
  const commit = () => {
    const rate = Number(value);
    if (rate > 0 && rate <= 1000 && rate !== number.ratePerSecond) onSave(rate);
    else setValue(number.ratePerSecond);
  };
  return (
    <NumberInput
      size="xs" w={90} min={0.1} max={1000} step={1} decimalScale={2} aria-label={`Texts per second from ${number.number}`}
      value={value} onChange={setValue} onBlur={commit}
    />
  );
}
