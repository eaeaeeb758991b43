import { Title } from '@mantine/core';
import type { InteractionDetail } from '../shared/api';
import { secondsLabel } from '../../time-labels';
import classes from '../requester/RequesterPanel.module.css';

const replies = (n: number) => (n === 1 ? '1 reply' : `${n} replies`);
const label = (s: number | null, pending: string) => (s === null ? pending : secondsLabel(s));

/** SPEC §4 (INT-13): how long the requester waited and how quickly each side answered, as the record keeps them. */
export function InteractionMetrics({ metrics }: { metrics: InteractionDetail['metrics'] }) {
  return (
    <section aria-label="Metrics">
      <Title order={3} size="h6" mt="md" mb={4}>
        Metrics
      </Title>
      <dl className={classes.facts}>
        <dt title="Queued for live agents until an agent accepted">Wait</dt>
        <dd>{label(metrics.waitSeconds, 'not accepted')}</dd>
        <dt title="Accepted until the first agent message">First response</dt>
        <dd>{label(metrics.firstResponseSeconds, '—')}</dd>
        <dt title="Mean time from the first unanswered requester message to the next agent message">Agent avg response</dt>
        <dd>
          {label(metrics.agentAverageResponseSeconds, '—')}
          {metrics.agentResponses > 0 && ` over ${replies(metrics.agentResponses)}`}
        </dd>
        <dt title="Mean time from the first unanswered agent message to the requester's next message">Requester avg response</dt>
        <dd>
          {label(metrics.requesterAverageResponseSeconds, '—')}
          {metrics.requesterResponses > 0 && ` over ${replies(metrics.requesterResponses)}`}
        </dd>
        <dt title="Accepted until closed">Handle time</dt>
        <dd>{label(metrics.handleSeconds, 'open')}</dd>
      </dl>
    </section>
  );
}
