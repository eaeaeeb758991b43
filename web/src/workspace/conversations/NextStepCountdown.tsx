import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlarm } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo } from 'react';
import { messagingActionsApi, type Me, type MessagingAction } from '../shared/api';
import { useLatestRead } from '../../use-latest-read';
import { useNow } from '../../use-now';
import { timerDetail, timerLabel } from './messaging-action-words';

interface Props {
  interactionId: string;
  me: Me;
  /** Bumped when the server says this interaction changed: its timers may have moved. */
  refreshKey: number;
}

// After a timer's due time the workflow needs a moment to fire it and arm the next one.
const REREAD_AFTER_DUE_MS = 1_500;
const GIVE_UP_AFTER_DUE_MS = 30_000;
const noActions = () => Promise.resolve([] as MessagingAction[]);

/** The conversation's next automatic step, read from its workflow (GET …/live), counting down each second. */
export function NextStepCountdown({ interactionId, me, refreshKey }: Props) {
  const read = useCallback(() => messagingActionsApi.live(interactionId), [interactionId]);
  const live = useLatestRead(read, refreshKey);
  // Only admins may read the list; the others see the event's wording instead of the action's effect.
  const actions = useLatestRead(me.role === 'admin' ? messagingActionsApi.list : noActions);
  const now = useNow(1000);

  const view = live.data?.interactionId === interactionId ? live.data : null;
  const timers = useMemo(() => [...(view?.timers ?? [])].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)), [view]);
  const next = timers[0];
  const reload = live.reload;

  useEffect(() => {
    if (!next) return;
    const left = Date.parse(next.dueAt) - Date.now();
    if (left < -GIVE_UP_AFTER_DUE_MS) return;
    const timer = setTimeout(reload, Math.max(0, left) + REREAD_AFTER_DUE_MS);
    return () => clearTimeout(timer);
  }, [next, reload]);

  if (!view || !next) return null;
  const actionOf = (id: string | undefined) => actions.data?.find((a) => a.id === id);
  const mine = view.assignedAgentId === me.id;

  return (
    <Tooltip
      multiline
      maw={360}
      position="bottom-start"
      withArrow
      label={
        <Stack gap={2}>
          <Text size="xs" fw={600}>
            Pending automatic steps
          </Text>
          {timers.map((t, i) => (
            <Text size="xs" key={`${t.kind}-${t.actionId ?? i}`}>
              {timerDetail(t, actionOf(t.actionId), mine, now)}
            </Text>
          ))}
        </Stack>
      }
    >
      <Badge
        role="timer"
        tabIndex={0}
        variant="light"
        color={Date.parse(next.dueAt) - now < 60_000 ? 'orange' : 'gray'}
        size="lg"
        tt="none"
        fw={500}
        leftSection={<IconAlarm size={14} aria-hidden />}
        style={{ flexShrink: 0, fontVariantNumeric: 'tabular-nums' }}
      >
        {timerLabel(next, actionOf(next.actionId), mine, now)}
      </Badge>
    </Tooltip>
  );
}
