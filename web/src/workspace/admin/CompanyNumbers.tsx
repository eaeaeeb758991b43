import { Alert, Badge, Loader, Switch, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { adminApi, type CompanyNumber } from '../../api';
import { messageOf, reportError } from '../../report-error';

/** SPEC §6 (RI-2): whether the virtual agent answers a company number's new conversations first. */
export function CompanyNumbers() {
  const [numbers, setNumbers] = useState<CompanyNumber[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    adminApi.companyNumbers().then(setNumbers, (err: unknown) => setError(messageOf(err)));
  }, []);

  const update = async (n: CompanyNumber, change: { liveAgentOnly?: boolean; displayName?: string }) => {
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
        A change applies to conversations that start after it; open ones keep going as they started.
      </Text>
      <Table verticalSpacing="sm" maw={860} aria-label="Company numbers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Number</Table.Th>
            <Table.Th>Display name</Table.Th>
            <Table.Th>Queue</Table.Th>
            <Table.Th>Virtual agent answers first</Table.Th>
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
              </Table.Td>
              <Table.Td>
                <DisplayName key={n.displayName} number={n} onSave={(displayName) => void update(n, { displayName })} />
              </Table.Td>
              <Table.Td>{n.queueId}</Table.Td>
              <Table.Td>
                <Switch
                  checked={!n.liveAgentOnly}
                  onChange={(e) => void update(n, { liveAgentOnly: !e.currentTarget.checked })}
                  aria-label={`Virtual agent answers ${n.number} first`}
                  label={n.liveAgentOnly ? 'Live agents only' : 'Virtual agent first'}
                />
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
