// The baseline: the least a workflow can do with Parley's inbound signal — count it. Same signal name and payload
// shape as the interaction workflow, same start arguments. No timers or other commands, so it is the engine's own
// floor; with BENCH_TEMPORAL_ADDRESS these runs stay open on their own task queue until terminated.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const countSignal = defineSignal<[{ messageId: string }]>('inbound');

export async function countingWorkflow(_input: unknown): Promise<number> {
  let count = 0;
  setHandler(countSignal, () => {
    count++;
  });
  await condition(() => false);
  return count;
}
