/**
 * SPEC §4 metrics of one interaction, computed from its timestamps and transcript (ref INT-13).
 *
 * Pure: the read side hands it the rows it already loaded. Durations are whole seconds, null when the interaction
 * has not reached the point that ends them (never accepted, still open, nobody answered yet).
 */

export type MetricSide = 'requester' | 'agent' | 'other';

export interface MetricMessage {
  side: MetricSide;
  at: number; // epoch ms
}

export interface MetricTimes {
  queuedAt: number | null;
  acceptedAt: number | null;
  closedAt: number | null;
}

export interface InteractionMetrics {
  /** Queued for live agents → accepted by one. */
  waitSeconds: number | null;
  /** Accepted → the first message an agent wrote after that. */
  firstResponseSeconds: number | null;
  /** INT-13: mean over (first unanswered requester message → next agent message). */
  agentAverageResponseSeconds: number | null;
  agentResponses: number;
  /** INT-13 mirrored: mean over (first unanswered agent message → next requester message). */
  requesterAverageResponseSeconds: number | null;
  requesterResponses: number;
  /** Accepted → closed. */
  handleSeconds: number | null;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));
const mean = (xs: number[]) => (xs.length === 0 ? null : seconds(xs.reduce((a, b) => a + b, 0) / xs.length));

/**
 * Pairs of (first message of one side's run → the other side's next message). Consecutive messages of the asking
 * side count from the first of them (INT-13). Virtual-agent and system messages neither open nor close a pair, as
 * for messaging-action timers (SPEC §7).
 */
function responseTimes(messages: MetricMessage[], asker: MetricSide, answerer: MetricSide, notBefore: number | null): number[] {
  const out: number[] = [];
  let waitingSince: number | null = null;
  for (const m of messages) {
    if (m.side === asker) {
      waitingSince ??= m.at;
    } else if (m.side === answerer && waitingSince !== null) {
      // Time before a live agent held the conversation is the queue's wait, not the agent's response time.
      const from = notBefore !== null && asker === 'requester' ? Math.max(waitingSince, notBefore) : waitingSince;
      if (notBefore === null || m.at >= notBefore) out.push(m.at - from);
      waitingSince = null;
    }
  }
  return out;
}

export function interactionMetrics(times: MetricTimes, transcript: MetricMessage[]): InteractionMetrics {
  const messages = [...transcript].sort((a, b) => a.at - b.at);
  const { queuedAt, acceptedAt, closedAt } = times;
  const firstAgent = acceptedAt === null ? undefined : messages.find((m) => m.side === 'agent' && m.at >= acceptedAt);
  const agent = responseTimes(messages, 'requester', 'agent', acceptedAt);
  const requester = responseTimes(messages, 'agent', 'requester', null);
  return {
    waitSeconds: queuedAt !== null && acceptedAt !== null ? seconds(acceptedAt - queuedAt) : null,
    firstResponseSeconds: firstAgent && acceptedAt !== null ? seconds(firstAgent.at - acceptedAt) : null,
    agentAverageResponseSeconds: mean(agent),
    agentResponses: agent.length,
    requesterAverageResponseSeconds: mean(requester),
    requesterResponses: requester.length,
    handleSeconds: acceptedAt !== null && closedAt !== null ? seconds(closedAt - acceptedAt) : null,
  };
}
