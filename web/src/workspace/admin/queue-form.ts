// Pure: a queue as the admin's form holds it (text fields) and back. Unit-tested in
// test/unit/queue-form.test.ts; the api checks the result again and its message names the part to fix.
import type { Queue, QueueInput, QueueSchedule, TextTranslations } from '../shared/api';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Monday first, as opening hours are read. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

export interface QueueForm {
  id: string;
  name: string;
  description: string;
  active: boolean;
  position: number;
  /** null: receives nothing automatically. */
  conditionJson: string | null;
  /** null: 24×7. */
  schedule: { timeZone: string; days: string[]; holidays: string[] } | null;
  targetWaitSeconds: number;
  maxWaitSeconds: number;
  maxWaitText: string;
  /** VA-14: the topic the requester leaves the queue for when the max wait passes ('' none). */
  maxWaitTopicId: string;
  assignmentRule: QueueInput['assignmentRule'];
  autoAccept: boolean;
  offerTimeoutSeconds: number | '';
  /** ASG-3: what an agent who lets an offer time out becomes; whether offers may be rejected. */
  offerTimeoutPresence: QueueInput['offerTimeoutPresence'];
  allowReject: boolean;
  /** texts while still waiting; VA-14: each may then start a virtual agent topic (out of the queue). */
  waitTriggers: { afterSeconds: number; text: string; topicId?: string | null }[];
  pools: { groupIds: string[]; eligibleAfterSeconds: number }[];
  /** SYS-2: the queue's own initial agent response ('' = the system text); SYS-6: its translations. */
  initialResponseText: string;
  initialResponseTranslations: TextTranslations;
}

/** "09:00-12:00, 13:00-17:00" per day; empty = closed. */
export function dayHoursText(s: QueueSchedule, day: number): string {
  return s.weekly
    .filter((r) => r.day === day)
    .map((r) => `${r.start}-${r.end}`)
    .join(', ');
}

const RANGE = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/;
const hhmm = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;

/** A day's text back to ranges, or a sentence saying what is wrong. */
export function parseDayHours(day: number, text: string): { day: number; start: string; end: string }[] | string {
  if (!text.trim()) return [];
  const ranges = [];
  for (const part of text.split(',')) {
    const m = RANGE.exec(part);
    if (!m) return `${WEEKDAYS[day]}: write hours as 09:00-17:00, several separated by commas`;
    ranges.push({ day, start: hhmm(m[1], m[2]), end: hhmm(m[3], m[4]) });
  }
  return ranges;
}

export const BLANK_QUEUE: QueueForm = {
  id: '', name: '', description: '', active: true, position: 100, conditionJson: null, schedule: null,
  targetWaitSeconds: 0, maxWaitSeconds: 0, maxWaitText: '', maxWaitTopicId: '', assignmentRule: 'most_capacity', autoAccept: false, offerTimeoutSeconds: '',
  offerTimeoutPresence: 'away', allowReject: true, waitTriggers: [], pools: [], initialResponseText: '', initialResponseTranslations: {},
};

export const EXAMPLE_CONDITION = JSON.stringify({ field: 'context.language', op: 'eq', value: 'spanish' }, null, 2);

export function formOf(q: Queue): QueueForm {
  return {
    id: q.id, name: q.name, description: q.description ?? '', active: q.active, position: q.position,
    conditionJson: q.condition === null ? null : JSON.stringify(q.condition, null, 2),
    schedule: q.schedule ? { timeZone: q.schedule.timeZone, days: WEEKDAYS.map((_, d) => dayHoursText(q.schedule!, d)), holidays: q.schedule.holidays } : null,
    targetWaitSeconds: q.targetWaitSeconds, maxWaitSeconds: q.maxWaitSeconds, maxWaitText: q.maxWaitText ?? '', maxWaitTopicId: q.maxWaitTopicId ?? '',
    assignmentRule: q.assignmentRule, autoAccept: q.autoAccept, offerTimeoutSeconds: q.offerTimeoutSeconds ?? '',
    offerTimeoutPresence: q.offerTimeoutPresence, allowReject: q.allowReject, waitTriggers: q.waitTriggers.map((t) => ({ ...t })),
    pools: q.pools.map((p) => ({ ...p })),
    initialResponseText: q.initialResponseText ?? '', initialResponseTranslations: { ...q.initialResponseTranslations },
  };
}

/** The body for POST/PUT, or what the admin must fix first (JSON that does not parse, hours that do not read). */
export function inputOf(f: QueueForm, channelId: string): { ok: true; input: QueueInput } | { ok: false; error: string } {
  let condition: QueueInput['condition'] = null;
  if (f.conditionJson !== null) {
    try {
      condition = JSON.parse(f.conditionJson) as QueueInput['condition'];
    } catch (err) {
      return { ok: false, error: `The condition is not JSON: ${(err as Error).message}` };
    }
  }
  let schedule: QueueSchedule | null = null;
  if (f.schedule) {
    const weekly: QueueSchedule['weekly'] = [];
    for (const day of WEEK_ORDER) {
      const r = parseDayHours(day, f.schedule.days[day] ?? '');
      if (typeof r === 'string') return { ok: false, error: r };
      weekly.push(...r);
    }
    schedule = { timeZone: f.schedule.timeZone.trim(), weekly, holidays: f.schedule.holidays };
  }
  const translations = Object.fromEntries(
    Object.entries(f.initialResponseTranslations).map(([language, text]) => [language, text?.trim() ?? '']).filter(([, text]) => text),
  ) as TextTranslations;
  if (!f.initialResponseText.trim() && Object.keys(translations).length > 0) {
    return { ok: false, error: 'The initial agent response has translations but no default text: write the default (requesters in every other language get it).' };
  }
  return {
    ok: true,
    input: {
      ...(f.id.trim() ? { id: f.id.trim() } : {}),
      name: f.name, description: f.description.trim() || null, channelId, active: f.active, position: f.position, condition, schedule,
      targetWaitSeconds: f.targetWaitSeconds, maxWaitSeconds: f.maxWaitSeconds, maxWaitText: f.maxWaitText.trim() || null,
      ...(f.maxWaitSeconds > 0 && f.maxWaitTopicId ? { maxWaitTopicId: f.maxWaitTopicId } : {}),
      assignmentRule: f.assignmentRule, autoAccept: f.autoAccept, offerTimeoutSeconds: f.offerTimeoutSeconds === '' ? null : f.offerTimeoutSeconds,
      offerTimeoutPresence: f.offerTimeoutPresence, allowReject: f.allowReject,
      waitTriggers: f.waitTriggers
        .filter((t) => t.text.trim())
        .map((t) => ({ afterSeconds: t.afterSeconds, text: t.text.trim(), ...(t.topicId ? { topicId: t.topicId } : {}) })),
      pools: f.pools.filter((p) => p.groupIds.length > 0),
      initialResponseText: f.initialResponseText.trim() || null, initialResponseTranslations: translations,
    },
  };
}

/** the queues in a new order, each with the position it needs; only the changed ones are saved. */
export function reorder(queues: Queue[], from: number, to: number): { queue: Queue; position: number }[] {
  const list = [...queues];
  const [moved] = list.splice(from, 1);
  list.splice(to, 0, moved);
  return list.map((queue, i) => ({ queue, position: (i + 1) * 10 })).filter((x) => x.queue.position !== x.position);
}
