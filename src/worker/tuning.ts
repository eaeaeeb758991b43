import type { WorkerOptions } from '@temporalio/worker';

/**
 * Worker settings, shared with the benchmark's baseline worker so both are measured alike. Every new conversation's
 * first workflow task comes from the normal (non-sticky) queue, which the SDK's defaults serve with just 2 of 10
 * pollers: under a burst of new conversations tasks waited ~12 s (p50) for a poller while the worker was mostly
 * idle. Texts into open conversations go to the sticky queue instead. 16 pollers split ~6 normal / ~10 sticky
 * measured best of those tried on the SQLite dev server (npm run bench): defaults 2/8, 5/5, and autoscaling up to
 * 40, which loaded the single-connection server with polls.
 */
export const WORKER_TUNING: Pick<WorkerOptions, 'maxConcurrentWorkflowTaskPolls' | 'nonStickyToStickyPollRatio'> = {
  maxConcurrentWorkflowTaskPolls: 16,
  nonStickyToStickyPollRatio: 0.6,
};
