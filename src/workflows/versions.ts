// Workflow versions (issue 26). Workflow-safe and pure: imported by the workflow and by whoever starts a run.
//
// A run's version is in its start input, set by the starter (the api's signal-with-start and update-with-start) and
// passed on by continue-as-new. Absent is 0: a run started before versions existed. A run's version never changes;
// what a run of version N does is fixed when N ships, so its history replays on any later code.
//
// New behaviour for new runs: bump WORKFLOW_VERSION, gate the new code on `since(input, N)` and keep the old code for
// runs below N. Never add a new `patched()`: each call on a new run writes a marker and a TemporalChangeVersion
// search-attribute upsert into its history, and every later run pays for it again. The patch register and how an old
// branch is removed: docs/decisions.md, "Workflow versions".
//
// 0  runs started before versions: they ask `patched()` as they always did (one-decider, serial-local-activities,
//    continue-as-new-after-sends, serve-composed-while-draining), and a history without a marker takes the old branch.
// 1  (2026-12-08) every patch above is in: no `patched()` call, so no marker and no upsert.

/** The version every new run starts with. The one place it is set: bump it for new behaviour. */
export const WORKFLOW_VERSION = 1;

/** What a start input carries; the workflow's input type requires it, runs started before it lack it. */
export interface Versioned {
  version?: number;
}

/** The run's version: 0 for runs started before versions. */
export function versionOf(input: Versioned): number {
  return typeof input.version === 'number' && Number.isFinite(input.version) ? input.version : 0;
}

/** Whether the run started at `version` or later, i.e. whether it takes the behaviour `version` brought. */
export function since(input: Versioned, version: number): boolean {
  return versionOf(input) >= version;
}
