import { Button, Group, Text } from '@mantine/core';
import { IconClockHour4, IconInbox } from '@tabler/icons-react';
import type { OfferWithRequester } from '../shared/api';
import { countdownLabel } from '../../time-labels';
import { useNow } from '../../use-now';
import classes from './OfferNotice.module.css';

/** The offer that runs out first (one without a time limit comes last): the one the notice counts down. */
function mostUrgent(offers: OfferWithRequester[]): OfferWithRequester {
  const due = (o: OfferWithRequester) => (o.expiresAt === null ? Infinity : Date.parse(o.expiresAt));
  return offers.reduce((a, b) => (due(b) < due(a) ? b : a));
}

/**
 * WI-5: an offer left to time out makes the agent Away. While the Inbox is out of sight (Ongoing, Colleagues, a
 * manager's or admin's page), the header says an offer waits, counts its time down and takes the agent to it.
 */
export function OfferNotice({ offers, onShowInbox }: { offers: OfferWithRequester[]; onShowInbox: () => void }) {
  const now = useNow(1000);
  const first = mostUrgent(offers);
  const who = `${first.requesterName ?? 'Guest'} ${first.requesterNumber}`;
  const left = first.expiresAt === null ? null : Date.parse(first.expiresAt) - now;
  const urgent = left !== null && left < 20_000;
  return (
    <Group className={classes.notice} data-urgent={urgent || undefined} justify="space-between" wrap="nowrap" gap="sm" px="md" role="region" aria-label="Waiting offers">
      <Group gap="xs" wrap="nowrap" miw={0}>
        <IconInbox size={18} aria-hidden />
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {offers.length === 1 ? `An offer is waiting: ${who}` : `${offers.length} offers are waiting · first: ${who}`}
        </Text>
        {first.latestMessage && (
          <Text size="sm" truncate>
            “{first.latestMessage}”
          </Text>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <IconClockHour4 size={16} aria-hidden />
          <Text size="sm" role="timer" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
            {left === null ? 'No time limit to accept' : left <= 0 ? 'Expired' : `${countdownLabel(left)} left to accept`}
          </Text>
        </Group>
        <Button size="compact-sm" color={urgent ? 'red.8' : 'indigo.8'} onClick={onShowInbox}>
          Go to the Inbox
        </Button>
      </Group>
    </Group>
  );
}
