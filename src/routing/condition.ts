// Pure: the routing condition language of queues. A condition is JSON data, validated by zod and
// evaluated by a small interpreter: no `eval`, no regular expressions from admins (no ReDoS), bounded depth.
import { z } from 'zod';

/** What a condition can read: the interaction's fields and the context the virtual agent captured. */
export interface RoutingFacts {
  channelId: string;
  companyNumber: string;
  requesterNumber: string;
  /** The requester's user id; null for a guest. */
  requesterUserId: string | null;
  /** VA-captured answers (e.g. orderNumber, language). */
  context: Record<string, string>;
  /** Whether the interaction came from the virtual agent (a handoff) rather than straight from a text. */
  fromVirtualAgent: boolean;
}

export const FIELD_NAMES = ['channel', 'companyNumber', 'requesterNumber', 'requesterUserId', 'fromVirtualAgent'] as const;
const FIELD = z.union([z.enum(FIELD_NAMES), z.string().regex(/^context\.[A-Za-z0-9_]{1,64}$/, 'context.<key> (letters, digits, _)')]);

export const COMPARISONS = ['eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'exists', 'not_exists'] as const;

export type Condition =
  | { always: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: (typeof COMPARISONS)[number]; value?: string | boolean | string[] };

const MAX_DEPTH = 6;
const MAX_NODES = 100;

const Comparison = z
  .strictObject({
    field: FIELD,
    op: z.enum(COMPARISONS),
    value: z.union([z.string().max(200), z.boolean(), z.array(z.string().max(200)).max(100)]).optional(),
  })
  .superRefine((c, ctx) => {
    const needs = c.op === 'in' || c.op === 'not_in' ? 'list' : c.op === 'exists' || c.op === 'not_exists' ? 'none' : 'scalar';
    if (needs === 'list' && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs a list of values` });
    if (needs === 'scalar' && (c.value === undefined || Array.isArray(c.value))) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} needs one value` });
    if (needs === 'none' && c.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.op} takes no value` });
  });

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ always: z.literal(true) }),
    z.strictObject({ all: z.array(ConditionSchema).min(1).max(20) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1).max(20) }),
    z.strictObject({ not: ConditionSchema }),
    Comparison,
  ]),
) as z.ZodType<Condition>;

const SHAPES = '{always: true}, {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}';

/** Validates a condition (shape, depth, size) one level at a time, so the message names the part to fix. */
export function parseCondition(input: unknown): { ok: true; condition: Condition } | { ok: false; error: string } {
  let nodes = 0;
  const walk = (node: unknown, path: string, depth: number): string | null => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return `a condition may nest at most ${MAX_DEPTH} levels and hold at most ${MAX_NODES} parts`;
    const at = path ? `${path}: ` : '';
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return `${at}must be one of ${SHAPES}`;
    const keys = Object.keys(node);
    const o = node as Record<string, unknown>;
    if ('field' in o) {
      const r = Comparison.safeParse(o);
      if (r.success) return null;
      const issue = r.error.issues[0];
      return `${at}${issue.path.join('.') || 'comparison'}: ${issue.message}`;
    }
    if (keys.length !== 1) return `${at}must be one of ${SHAPES}`;
    const [key] = keys;
    if (key === 'always') return o.always === true ? null : `${at}always must be true`;
    if (key === 'not') return walk(o.not, `${path ? path + '.' : ''}not`, depth + 1);
    if (key === 'all' || key === 'any') {
      const list = o[key];
      if (!Array.isArray(list) || list.length === 0 || list.length > 20) return `${at}${key} must be a list of 1 to 20 conditions`;
      for (let i = 0; i < list.length; i++) {
        const e = walk(list[i], `${path ? path + '.' : ''}${key}.${i}`, depth + 1);
        if (e) return e;
      }
      return null;
    }
    return `${at}must be one of ${SHAPES}`;
  };
  const error = walk(input, '', 1);
  return error ? { ok: false, error } : { ok: true, condition: input as Condition };
}

function read(facts: RoutingFacts, field: string): string | boolean | null {
  if (field.startsWith('context.')) {
    const key = field.slice('context.'.length);
    return Object.prototype.hasOwnProperty.call(facts.context, key) ? facts.context[key] : null;
  }
  switch (field) {
    case 'channel':
      return facts.channelId;
    case 'companyNumber':
      return facts.companyNumber;
    case 'requesterNumber':
      return facts.requesterNumber;
    case 'requesterUserId':
      return facts.requesterUserId;
    case 'fromVirtualAgent':
      return facts.fromVirtualAgent;
  }
  return null;
}

// Text compares case-insensitively: a VA answer "Spanish" should match a condition written "spanish".
const norm = (v: string | boolean | null) => (v === null ? null : typeof v === 'boolean' ? String(v) : v.trim().toLowerCase());

/** Whether the condition holds for these facts. */
export function evaluateCondition(c: Condition, facts: RoutingFacts): boolean {
  if ('always' in c) return true;
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, facts));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, facts));
  if ('not' in c) return !evaluateCondition(c.not, facts);
  const actual = norm(read(facts, c.field));
  const values = (Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value]).map((v) => norm(v)!);
  switch (c.op) {
    case 'exists':
      return actual !== null && actual !== '';
    case 'not_exists':
      return actual === null || actual === '';
    case 'eq':
      return actual === values[0];
    case 'ne':
      return actual !== values[0];
    case 'in':
      return actual !== null && values.includes(actual);
    case 'not_in':
      return actual === null || !values.includes(actual);
    case 'contains':
      return actual !== null && actual.includes(values[0]);
    case 'starts_with':
      return actual !== null && actual.startsWith(values[0]);
  }
}

export interface RoutableQueue {
  id: string;
  channelId: string;
  active: boolean;
  position: number;
  condition: Condition | null;
}

/**
 * the first active queue of the channel, in ascending position, whose condition holds; a queue without a
 * condition receives nothing automatically. `fallback` (the company number's queue) when none matches.
 */
export function chooseQueue(queues: RoutableQueue[], facts: RoutingFacts, fallback: string | null): { queueId: string | null; matched: boolean } {
  const ordered = queues
    .filter((q) => q.active && q.channelId === facts.channelId && q.condition !== null)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hit = ordered.find((q) => evaluateCondition(q.condition!, facts));
  return hit ? { queueId: hit.id, matched: true } : { queueId: fallback, matched: false };
}
