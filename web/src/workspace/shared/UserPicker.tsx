import { Group, Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { requesterApi, type UserMatch } from './api';
import { messageOf } from '../../report-error';

export const GUEST = 'guest';

interface Props {
  label: string;
  /** A user id, GUEST, or null for nothing chosen. */
  value: string | null;
  onChange: (value: string | null, user: UserMatch | null) => void;
  /** Offer "Guest (no user)" as a choice (the requester panel), or not (Compose's "writing for"). */
  withGuest?: boolean;
  description?: string;
  autoFocus?: boolean;
}

/** Users found by name, email or mobile number as one types (GET /api/users?query=, debounced). */
export function UserPicker({ label, value, onChange, withGuest = false, description, autoFocus }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [answer, setAnswer] = useState<{ query: string; users: UserMatch[]; error: string | null }>({ query: '', users: [], error: null });
  const [chosen, setChosen] = useState<UserMatch | null>(null);
  // The label of the chosen option becomes the search text: no need to look it up again.
  const wanted = !debounced || (chosen && debounced === optionLabel(chosen)) ? null : debounced;
  const loading = wanted !== null && wanted !== answer.query;
  const found = answer.users;
  const error = answer.error;

  useEffect(() => {
    if (wanted === null) return;
    let current = true;
    requesterApi.searchUsers(wanted).then(
      (users) => {
        if (current) setAnswer({ query: wanted, users, error: null });
      },
      (err: unknown) => {
        if (current) setAnswer((a) => ({ ...a, query: wanted, error: messageOf(err) }));
      },
    );
    return () => {
      current = false;
    };
  }, [wanted]);

  const users = chosen && !found.some((u) => u.id === chosen.id) ? [chosen, ...found] : found;
  const data = [...(withGuest ? [{ value: GUEST, label: 'Guest (no user)' }] : []), ...users.map((u) => ({ value: u.id, label: optionLabel(u) }))];
  const byId = new Map(users.map((u) => [u.id, u]));

  return (
    <Select
      label={label}
      description={description}
      placeholder="Type a name, email or mobile number"
      searchable
      clearable
      autoFocus={autoFocus}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(v) => {
        const user = v && v !== GUEST ? (byId.get(v) ?? null) : null;
        setChosen(user);
        onChange(v, user);
      }}
      nothingFoundMessage={debounced ? (loading ? 'Searching…' : 'No user matches') : 'Type to search users'}
      rightSection={loading ? <Loader size={14} aria-hidden /> : undefined}
      error={error}
      renderOption={({ option }) => {
        const u = byId.get(option.value);
        if (!u) return <Text size="sm">{option.label}</Text>;
        return (
          <Group gap={6} wrap="nowrap" justify="space-between" w="100%">
            <div>
              <Text size="sm">{u.name}</Text>
              <Text size="xs" c="dimmed">
                {u.email}
              </Text>
            </div>
            {u.mobilePhone && (
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {u.mobilePhone}
              </Text>
            )}
          </Group>
        );
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

const optionLabel = (u: UserMatch) => u.name;
