import assert from 'node:assert/strict';
import {
  decide, initialSnapshot, RejectedCommand, validate, type Decision, type DecisionEvent, type Effect,
} from '../../../src/domain/interaction-decider';
import type { InteractionState } from '../../../src/domain/interaction-state';
import type { ActorInput, InteractionSnapshot } from '../../../src/workflows/definitions';

// The decider's tests per family (issue 26) are tables: each row an input, the state before, the effects expected
// and the state after, and the SPEC rule it shows (its title starts with the rule's ID). One loop runs them all.

export const agent: ActorInput = { interactionId: 'i-1', agentId: 'a-1' };
export const manager: ActorInput = { interactionId: 'i-1', agentId: 'm-1', asSupervisor: true };
export const offer = { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-1', expiresAt: 5_000 };

let ids = 0;
/** A fake clock and id source (ids count up across the suite; rows that check ids pass their own `newId`). */
export const ctx = (now = 1_000, extra: { vaIdleCloseMs?: number; newId?: () => string } = {}) => ({ now, newId: () => `id-${++ids}`, ...extra });

/** A snapshot of interaction i-1 in `state` (assigned to a-1 where that state has an assignee; offered to a-1). */
export function at(state: InteractionState, extra: Partial<InteractionSnapshot> = {}): InteractionSnapshot {
  return {
    ...initialSnapshot(), interactionId: 'i-1', state, queueId: 'q', workItemId: 'w-1', inboundPending: false, version: 3,
    assignedAgentId: ['work_in_progress', 'on_hold', 'wrap_up', 'closed_complete', 'closed_abandoned'].includes(state) ? 'a-1' : null,
    offer: state === 'offered' ? offer : null,
    ...extra,
  };
}

/**
 * An effect as a row names it: its type, and for a note its kind (`note:accepted`), for a system text its key
 * (`system_text:agent_accepted`).
 */
export function label(e: Effect): string {
  if (e.type === 'note') return `note:${e.note.kind}`;
  if (e.type === 'system_text') return `system_text:${e.key}`;
  return e.type;
}
export const labels = (es: Effect[]) => es.map(label);
export const types = (es: Effect[]) => es.map((e) => e.type);
export const find = <T extends Effect['type']>(es: Effect[], type: T) => es.find((e) => e.type === type) as Extract<Effect, { type: T }>;

export interface Row {
  /** The SPEC rule this row shows (an ID such as `INT-5`; `§4` where the SPEC names the rule by section only). */
  rule: string;
  title: string;
  before: InteractionSnapshot;
  input: DecisionEvent;
  /** The clock and options of the decision (default: `ctx()`). */
  ctx?: Parameters<typeof decide>[2];
  /** Refused: a RejectedCommand whose message matches (and `validate` refuses it too). */
  refused?: RegExp;
  /** Nothing applies: the very snapshot back, and no effect. */
  unchanged?: true;
  /** The effects in order, as `label` names them. */
  effects?: string[];
  /** Fields of the snapshot after (each compared deeply). */
  after?: Partial<InteractionSnapshot>;
  /** What the row shows beyond its effects and fields. */
  also?: (d: Decision, before: InteractionSnapshot) => void;
}

export function check(row: Row): void {
  const c = row.ctx ?? ctx();
  if (row.refused) {
    const message = row.refused;
    assert.throws(() => decide(row.before, row.input, c), (err: Error) => err instanceof RejectedCommand && message.test(err.message));
    assert.throws(() => validate(row.before, row.input), RejectedCommand);
    return;
  }
  const frozen = JSON.stringify(row.before);
  const d = decide(row.before, row.input, c);
  assert.equal(JSON.stringify(row.before), frozen, 'decide never changes the snapshot it is given');
  if (row.unchanged) {
    assert.equal(d.snapshot, row.before);
    assert.deepEqual(d.effects, []);
  }
  if (row.effects) assert.deepEqual(labels(d.effects), row.effects);
  for (const [k, v] of Object.entries(row.after ?? {})) assert.deepEqual(d.snapshot[k as keyof InteractionSnapshot], v, k);
  row.also?.(d, row.before);
}

/** A SPEC rule ID (`INT-5`, `WI-2/WI-3`), or its section (`§9`) where the SPEC names the rule by section only. */
const RULE = /^(§\d+|[A-Z]+-\d+)(\/(§\d+|[A-Z]+-\d+))*$/;

/** One `describe` of rows, each titled by its rule ID. */
export function table(name: string, rows: Row[]): void {
  describe(name, () => {
    for (const row of rows) {
      if (!RULE.test(row.rule)) throw new Error(`a decider row names no SPEC rule: "${row.rule} ${row.title}"`);
      it(`${row.rule} ${row.title}`, () => check(row));
    }
  });
}

/** Each change projects one newer version, in the state decided (SPEC §4's states are what the read model shows). */
export function projectsOnce(d: Decision, before: InteractionSnapshot): void {
  for (const e of d.effects) {
    if (!('projection' in e)) continue;
    assert.equal(e.projection.state, d.snapshot.state);
    assert.equal(e.projection.version, (before.version ?? 0) + 1, 'each change projects a newer version');
  }
}
