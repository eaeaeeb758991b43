import { Alert, Button, EmptyState, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconHistory, IconSearch } from '@tabler/icons-react';
import { useCallback, useMemo, useState } from 'react';
import { historyApi, type HistoryFilter, type HistoryInteraction } from '../shared/api';
import { messageOf } from '../../report-error';
import { fullTimeLabel } from '../../time-labels';
import { closedLabel } from '../conversations/close-reason-words';
import { historyFilterOf } from './history-search';
import { RequesterName } from '../requester/RequesterIdentity';
import { useHistoryPages } from './use-history-pages';
import classes from './HistoryList.module.css';

/**
 * Issue 25, History: the conversations that ended — the agent's own, every one for a manager — newest first, found by
 * number, name and date. Opening one shows it read-only; the list is read when the tab is shown and on each search.
 */
export function HistoryList({ openId, onOpen }: { openId: string | null; onOpen: (interactionId: string) => void }) {
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [typed] = useDebouncedValue(text, 300);
  const wanted = useMemo(() => historyFilterOf(typed, from, to), [typed, from, to]);
  // While the fields are half typed ("12"), the last search that could run stays on screen.
  const [activeKey, setActiveKey] = useState('{}');
  const filterKey = 'filter' in wanted ? JSON.stringify(wanted.filter) : null;
  if (filterKey !== null && filterKey !== activeKey) setActiveKey(filterKey);
  const read = useCallback((cursor: string | null) => historyApi.list(JSON.parse(activeKey) as HistoryFilter, cursor), [activeKey]);
  const pages = useHistoryPages(read);
  const searching = activeKey !== '{}';

  return (
    <Stack gap={0}>
      <div role="search" aria-label="Search closed conversations" className={classes.search}>
        <Stack gap={6}>
          <TextInput
            label="Number or name"
            placeholder="e.g. 555 0123 or Ana"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            size="xs"
          />
          <Group grow gap="xs">
            <TextInput label="Closed from" type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.currentTarget.value)} size="xs" />
            <TextInput label="Closed to" type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} size="xs" />
          </Group>
          {'problem' in wanted && (
            <Text size="xs" c="orange.9" role="status">
              {wanted.problem}
            </Text>
          )}
        </Stack>
      </div>
      <HistoryRows pages={pages} searching={searching} openId={openId} onOpen={onOpen} />
    </Stack>
  );
}

function HistoryRows({ pages, searching, openId, onOpen }: { pages: ReturnType<typeof useHistoryPages>; searching: boolean; openId: string | null; onOpen: (id: string) => void }) {
  const { rows, error } = pages;
  if (rows === null) {
    return error ? (
      <Alert color="red" m="sm" title="History cannot be shown">
        {messageOf(error)}
      </Alert>
    ) : (
      <Loader m="md" size="sm" aria-label="Loading closed conversations" />
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState
        py="xl"
        px="md"
        icon={<IconHistory size={28} stroke={1.5} aria-hidden />}
        title={searching ? 'No closed conversation matches' : 'No closed conversations yet'}
        description={searching ? 'Try fewer digits, another name or a wider date range.' : 'Conversations that end are kept here.'}
      />
    );
  }
  return (
    <>
      <ul className={classes.list} aria-label="Closed conversations" aria-busy={pages.loading || undefined} data-loading={pages.loading || undefined}>
        {rows.map((r) => (
          <li key={r.id}>
            <HistoryRow row={r} selected={r.id === openId} onOpen={() => onOpen(r.id)} />
          </li>
        ))}
      </ul>
      {error !== null && (
        <Text size="xs" c="red.8" px="sm">
          {messageOf(error)}
        </Text>
      )}
      {pages.hasMore && (
        <Button variant="subtle" size="xs" mx="sm" mb="sm" onClick={pages.more} loading={pages.loadingMore}>
          Show older conversations
        </Button>
      )}
    </>
  );
}

function HistoryRow({ row, selected, onOpen }: { row: HistoryInteraction; selected: boolean; onOpen: () => void }) {
  return (
    <UnstyledButton className={classes.row} onClick={onOpen} aria-current={selected ? 'true' : undefined}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" truncate>
          <RequesterName name={row.requesterName} number={row.requesterNumber} />
        </Text>
        <Text size="xs" c="gray.7" style={{ whiteSpace: 'nowrap' }}>
          <time dateTime={row.closedAt}>{fullTimeLabel(row.closedAt)}</time>
        </Text>
      </Group>
      <Text size="xs" c="gray.7" truncate>
        to {row.companyNumberName ? `${row.companyNumberName} (${row.companyNumber})` : row.companyNumber}
      </Text>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs">{closedLabel(row.state, row.closeReason)}</Text>
        <Text size="xs" c="gray.7" truncate>
          {row.assignedAgentName ?? 'No agent'}
        </Text>
      </Group>
    </UnstyledButton>
  );
}
