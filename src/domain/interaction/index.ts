// The interaction decider (issue 26): its vocabulary, `decide`, and the pure reads the workflow and the api share.
export * from './types';
export type { Note, NoteKind, VaHandoffReason, VaIdleReason } from './notes';
export { decide, validate } from './decide';
export { projectionOf } from './draft';
export { composeOutcome } from './compose';
export { deadlines, liveView } from './deadlines';
export { VA_IDLE_CLOSE_MS, vaIdleReason } from './virtual-agent';
export { initialSnapshot } from './initial-snapshot';
