import { Badge, Button, Card, Group, Progress, Text, Title } from '@mantine/core';
import { IconCheck, IconClockHour4, IconRobot, IconUserShare, IconX } from '@tabler/icons-react';
import { useId } from 'react';
import type { OfferWithRequester } from '../shared/api';
import { countdownLabel, elapsedLabel } from '../../time-labels';
import { CapturedContext } from '../conversations/CapturedContext';
import { RequesterName, VerifyIdentityBadge } from '../requester/RequesterIdentity';
import { WhyDisabled } from '../shared/WhyDisabled';
import classes from './OfferCard.module.css';

const EXPIRED = 'The time to accept ran out: the conversation goes back to its queue for another agent.';

interface Props {
  offer: OfferWithRequester;
  now: number;
  accepting: boolean;
  onAccept: () => void;
  onReject: () => void;
}

export function OfferCard({ offer, now, accepting, onAccept, onReject }: Props) {
  const titleId = useId();
  // MAN-1: a manager's offer may have no time limit (expiresAt null).
  const expiresAt = offer.expiresAt === null ? null : Date.parse(offer.expiresAt);
  const total = expiresAt === null ? 1 : Math.max(1, expiresAt - Date.parse(offer.offeredAt));
  // offeredAt is the database transaction's start, a little before the timeout was counted from.
  const left = expiresAt === null ? Infinity : Math.min(Math.floor(total / 1000) * 1000, expiresAt - now);
  const expired = left <= 0;
  return (
    <Card withBorder component="article" aria-labelledby={titleId} padding="md" shadow="xs">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="h4" id={titleId}>
              <RequesterName name={offer.requesterName} number={offer.requesterNumber} />
            </Title>
            {offer.verifyIdentity && <VerifyIdentityBadge />}
          </Group>
          <Text size="xs" c="dimmed">
            to {offer.companyNumber} · queue {offer.queueName}
          </Text>
        </div>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          waiting {elapsedLabel(offer.waitingSince, now)}
        </Text>
      </Group>
      {/* The latest text: a first "hi" says little, what they wrote since says what they need. */}
      <Text className={classes.latestMessage} mt="sm" lineClamp={4}>
        {offer.latestMessage || '(no text)'}
      </Text>
      {offer.vaSummary && (
        <Group gap={6} mt="xs" wrap="nowrap" align="flex-start" className={classes.summary}>
          <IconRobot size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm" c="grape.9">
            {offer.vaSummary}
          </Text>
        </Group>
      )}
      <CapturedContext captured={offer.captured} mt="xs" />
      {offer.offeredByName && (
        <Badge mt="xs" variant="light" color="grape" leftSection={<IconUserShare size={12} aria-hidden />}>
          Offered to you by {offer.offeredByName}
        </Badge>
      )}
      {expiresAt === null ? (
        <Group mt="sm" gap="xs" wrap="nowrap">
          <IconClockHour4 size={16} aria-hidden color="var(--mantine-color-dimmed)" />
          <Text size="sm" role="timer" c="dimmed">
            No time limit to accept
          </Text>
        </Group>
      ) : (
        <Group mt="sm" gap="xs" wrap="nowrap">
          <IconClockHour4 size={16} aria-hidden color="var(--mantine-color-dimmed)" />
          <Progress
            aria-hidden
            flex={1}
            size="sm"
            value={Math.max(0, Math.min(100, (left / total) * 100))}
            color={left < 20_000 ? 'red' : 'indigo'}
            transitionDuration={900}
          />
          <Text size="sm" role="timer" fw={500} c={left < 20_000 ? 'red.7' : undefined} style={{ whiteSpace: 'nowrap' }}>
            {expired ? 'Expired' : `${countdownLabel(left)} left to accept`}
          </Text>
        </Group>
      )}
      <Group mt="md" justify="flex-end" gap="sm">
        {/* ASG-3/MAN-1: a queue, or the manager who offered it, may not allow rejecting (the api would answer 409). */}
        {offer.allowReject && (
          <WhyDisabled reason={expired ? EXPIRED : null}>
            <Button variant="default" leftSection={<IconX size={16} aria-hidden />} onClick={onReject} disabled={expired}
              aria-label={`Reject offer from ${offer.requesterNumber}`}>
              Reject
            </Button>
          </WhyDisabled>
        )}
        <WhyDisabled reason={expired ? EXPIRED : null}>
          <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={onAccept} loading={accepting} disabled={expired}
            aria-label={`Accept offer from ${offer.requesterNumber}`}>
            Accept
          </Button>
        </WhyDisabled>
      </Group>
    </Card>
  );
}
