// The baseline: the least a workflow can do with Parley's inbound signal — count it. Same signal name and payload
// shape as the interaction workflow, same start arguments. No timers or other commands, so it is the engine's own
// floor; with BENCH_TEMPORAL_ADDRESS these runs stay open on their own task queue until terminated.
import { condition, defineSignal, proxySinks, setHandler, type Sinks } from '@temporalio/workflow';

export const countSignal = defineSignal<[{ messageId: string }]>('inbound');

/** When a signal was handled (capacity at SLO's signal → handled time): a sink, so nothing enters the history. */
export interface BaselineSinks extends Sinks {
  bench: { handled(messageId: string): void };
}
const { bench } = proxySinks<BaselineSinks>();

export async function countingWorkflow(_input: unknown): Promise<number> {
  let count = 0;
  setHandler(countSignal, ({ messageId }) => {
    count++;
    bench.handled(messageId);
  });
  await condition(() => false);
  return count;
}
