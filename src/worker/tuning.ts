import type { WorkerOptions } from '@temporalio/worker';

/**
 * Worker settings, shared with the benchmark's baseline worker so both are measured alike. Every new conversation's
 * first workflow task comes from the normal (non-sticky) queue, which the SDK's defaults serve with just 2 of 10
 * pollers: under a burst of new conversations the tasks waited seconds for a poller (measured: 11.9 s p50 from
 * acknowledgement to the first workflow task at ~25 texts/s, with the worker mostly idle). Autoscaling pollers,
 * driven by the server's backlog hints, remove that wait.
 */
export const WORKER_TUNING: Pick<WorkerOptions, 'maxConcurrentWorkflowTaskPolls' | 'nonStickyToStickyPollRatio'> = {
  maxConcurrentWorkflowTaskPolls: 10,
  nonStickyToStickyPollRatio: 1,
};
