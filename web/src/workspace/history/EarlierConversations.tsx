import { Anchor, Button, Loader, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { historyApi, type Me } from '../shared/api';
import { messageOf } from '../../report-error';
import { fullTimeLabel } from '../../time-labels';
import { closedLabel } from '../conversations/close-reason-words';
import { useHistoryPages } from './use-history-pages';
import classes from '../requester/RequesterPanel.module.css';

interface Props {
  interactionId: string;
  me: Me;
  /** Opens one read-only in place of this conversation. */
  onOpen: (interactionId: string) => void;
}

/**
 * Issue 25: the requester's other closed conversations (the same user, or the same number as a guest), newest first.
 * An agent is listed those they may open: the ones they handled, and every one of a requester they work with now.
 */
export function EarlierConversations({ interactionId, me, onOpen }: Props) {
  const read = useCallback((cursor: string | null) => historyApi.requesterHistory(interactionId, cursor), [interactionId]);
  const pages = useHistoryPages(read);
  const { rows, error } = pages;
  return (
    <section aria-label="Earlier conversations">
      <Title order={3} size="h6" mt="md" mb={4}>
        Earlier conversations
      </Title>
      {rows === null ? (
        error ? (
          <Text size="xs" c="red.8">
            {messageOf(error)}
          </Text>
        ) : (
          <Loader size="xs" aria-label="Loading earlier conversations" />
        )
      ) : rows.length === 0 ? (
        <Text size="xs" c="gray.7">
          {me.role === 'agent' ? 'None you can open: while you work with a requester all their earlier conversations are listed, otherwise the ones you handled.' : 'None.'}
        </Text>
      ) : (
        <ul className={classes.earlier}>
          {rows.map((r) => (
            <li key={r.id}>
              <Anchor component="button" type="button" size="sm" c="indigo.8" onClick={() => onOpen(r.id)} aria-label={`Open the conversation closed ${fullTimeLabel(r.closedAt)}`}>
                <time dateTime={r.closedAt}>{fullTimeLabel(r.closedAt)}</time>
              </Anchor>
              <Text size="xs" c="gray.7">
                {closedLabel(r.state, r.closeReason)} · {r.assignedAgentName ?? 'no agent'} · to {r.companyNumberName ?? r.companyNumber}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {pages.hasMore && (
        <Button variant="subtle" size="compact-xs" mt={4} onClick={pages.more} loading={pages.loadingMore}>
          Show older
        </Button>
      )}
    </section>
  );
}
