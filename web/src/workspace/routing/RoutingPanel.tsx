import { Group, List, Text, Timeline, Title } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { routingApi, type RoutingEvent } from '../shared/api';
import { fullTimeLabel, messageTimeLabel } from '../../time-labels';
import { useLatestRead } from '../../use-latest-read';
import { useNow } from '../../use-now';
import { ReadStatus } from '../shared/ReadStatus';
import { candidateLabel, namesIn, orderedCandidates, routingEventLabel, type RoutingWords } from './routing-words';
import classes from '../requester/RequesterPanel.module.css';

interface Props {
  interactionId: string;
  /** Bumped when the server says this interaction changed. */
  refreshKey: number;
}

/** EV-1 "Why not Ana?": the conversation's routing events, each with the agents considered and why they were passed over. */
export function RoutingPanel({ interactionId, refreshKey }: Props) {
  const read = useCallback(() => routingApi.events(interactionId), [interactionId]);
  const events = useLatestRead(read, refreshKey);
  const targets = useLatestRead(routingApi.transferTargets);
  const words = useMemo<RoutingWords>(() => {
    const queues = new Map((targets.data?.queues ?? []).map((q) => [q.id, q.name]));
    return { names: namesIn(events.data ?? []), queueName: (id) => queues.get(id) ?? id };
  }, [events.data, targets.data]);
  const now = useNow(60_000);

  return (
    <aside className={classes.panel} aria-label="Routing">
      <Title order={3} size="h5" mb="xs">
        Routing
      </Title>
      <ReadStatus read={events} what="the routing events" />
      {events.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          Not routed yet: the conversation has not been queued for a live agent.
        </Text>
      )}
      {events.data && events.data.length > 0 && (
        <Timeline bulletSize={12} lineWidth={2} active={events.data.length - 1} aria-label="Routing events">
          {events.data.map((e, i) => (
            <Timeline.Item key={`${e.at}-${i}`} title={<Text size="sm" fw={500}>{routingEventLabel(e, words)}</Text>}>
              <Text size="xs" c="dimmed" title={fullTimeLabel(e.at)}>
                {messageTimeLabel(e.at, now)}
              </Text>
              <Candidates event={e} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </aside>
  );
}

function Candidates({ event }: { event: RoutingEvent }) {
  if (!event.candidates?.length) return null;
  const passedOver = event.candidates.filter((c) => !c.eligible).length;
  return (
    <>
      <Group gap={4} mt={4}>
        <Text size="xs" c="dimmed">
          {event.candidates.length} considered, {passedOver} passed over
        </Text>
      </Group>
      <List size="xs" spacing={2} aria-label="Agents considered">
        {orderedCandidates(event.candidates).map((c) => (
          <List.Item key={c.agentId} c={c.eligible ? undefined : 'dimmed'}>
            {candidateLabel(c)}
          </List.Item>
        ))}
      </List>
    </>
  );
}
