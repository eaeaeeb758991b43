import assert from 'node:assert/strict';
import { interactionMetrics, type MetricMessage, type MetricSide } from '../../src/domain/interaction-metrics';

const min = (m: number) => m * 60_000;
/** A transcript written as `R 0, A 1, …` (side and minute). */
const script = (...steps: [MetricSide, number][]): MetricMessage[] => steps.map(([side, m]) => ({ side, at: min(m) }));
const R = 'requester' as const;
const A = 'agent' as const;
const O = 'other' as const;

describe('interaction metrics (SPEC §4)', () => {
  const accepted = { queuedAt: null, acceptedAt: 0, closedAt: null };

  it('INT-13: the reference example R 0, A 1, R 4, R 5, A 7 averages 2 minutes (pairs of 1 and 3)', () => {
    const m = interactionMetrics(accepted, script([R, 0], [A, 1], [R, 4], [R, 5], [A, 7]));
    assert.equal(m.agentAverageResponseSeconds, 120);
    assert.equal(m.agentResponses, 2);
  });

  it('INT-13: the requester average is the mirror image, from the first of consecutive agent messages', () => {
    // A 1 → R 4 (3 min); A 7, A 8 → R 12 (5 min from the first of them).
    const m = interactionMetrics(accepted, script([R, 0], [A, 1], [R, 4], [A, 7], [A, 8], [R, 12]));
    assert.equal(m.requesterAverageResponseSeconds, 240);
    assert.equal(m.requesterResponses, 2);
  });

  const table: { name: string; times: { queuedAt: number | null; acceptedAt: number | null; closedAt: number | null }; messages: MetricMessage[]; expect: Partial<ReturnType<typeof interactionMetrics>> }[] = [
    {
      name: 'INT-13: virtual-agent and system messages neither answer a requester nor start a pair',
      times: accepted,
      messages: script([R, 0], [O, 1], [O, 2], [A, 3]),
      expect: { agentAverageResponseSeconds: 180, agentResponses: 1, requesterResponses: 0 },
    },
    {
      name: 'INT-13: a text written while queued counts for the agent from the accept, not from the text',
      times: { queuedAt: min(1), acceptedAt: min(10), closedAt: min(30) },
      messages: script([R, 0], [O, 1], [R, 5], [A, 12]),
      expect: { waitSeconds: 540, firstResponseSeconds: 120, agentAverageResponseSeconds: 120, handleSeconds: 1200 },
    },
    {
      name: 'never accepted: no wait, first response or handle time',
      times: { queuedAt: min(1), acceptedAt: null, closedAt: min(5) },
      messages: script([R, 0], [O, 1]),
      expect: { waitSeconds: null, firstResponseSeconds: null, handleSeconds: null, agentAverageResponseSeconds: null },
    },
    {
      name: 'still open: handle time waits for the close',
      times: { queuedAt: 0, acceptedAt: min(2), closedAt: null },
      messages: script([R, 0], [A, 3]),
      expect: { waitSeconds: 120, firstResponseSeconds: 60, handleSeconds: null },
    },
    {
      name: 'an unanswered requester run at the end is not a pair',
      times: accepted,
      messages: script([R, 0], [A, 2], [R, 3], [R, 4]),
      expect: { agentAverageResponseSeconds: 120, agentResponses: 1, requesterAverageResponseSeconds: 60, requesterResponses: 1 },
    },
    {
      name: 'messages out of order in the input are ordered by time',
      times: accepted,
      messages: script([A, 7], [R, 5], [R, 4], [A, 1], [R, 0]),
      expect: { agentAverageResponseSeconds: 120 },
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const m = interactionMetrics(row.times, row.messages);
      for (const [k, v] of Object.entries(row.expect)) assert.equal(m[k as keyof typeof m], v, k);
    });
  }
});
