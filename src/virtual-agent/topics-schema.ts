import { SegmentedMessage } from 'sms-segments-calculator';
import { z } from 'zod';
import { SPECIAL_TARGETS } from './types';

// SPEC §6: topics are a versioned JSON document an admin edits. Every text must render well as plain SMS: no
// markup, and at most 3 segments per reply (numbered lists are built by the engine).
export const MAX_SEGMENTS = 3;

const smsText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => !/<\/?[a-z][^>]*>|\*\*|__|\]\(|^#{1,6} /im.test(s), 'must be plain SMS text (no HTML or Markdown)')
  .refine((s) => new SegmentedMessage(s).segmentsCount <= MAX_SEGMENTS, `must fit in ${MAX_SEGMENTS} SMS segments`);

const id = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (starting with a letter)');
const target = z.string().min(1);

const textStep = z.object({ id, type: z.literal('text'), text: smsText, next: target }).strict();
const choiceStep = z
  .object({
    id, type: z.literal('choice'), text: smsText,
    options: z.array(z.object({ label: z.string().trim().min(1).max(60), next: target }).strict()).min(2).max(9),
  })
  .strict();
const yesNoStep = z.object({ id, type: z.literal('yes_no'), text: smsText, yes: target, no: target }).strict();
const captureStep = z
  .object({
    id, type: z.literal('capture'), text: smsText,
    field: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'must be a name like orderNumber'),
    /** What agents read beside the captured value ("Order number"); absent: the field's name in words. */
    label: z.string().trim().min(1).max(40).optional(),
    pattern: z.string().max(200).refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression').optional(),
    invalidText: smsText.optional(),
    next: target,
  })
  .strict();
const handoffStep = z.object({ id, type: z.literal('handoff'), text: smsText.optional() }).strict();
const endStep = z.object({ id, type: z.literal('end'), text: smsText }).strict();

export const StepSchema = z.discriminatedUnion('type', [textStep, choiceStep, yesNoStep, captureStep, handoffStep, endStep]);
export type Step = z.infer<typeof StepSchema>;

const topic = z
  .object({
    id,
    title: z.string().trim().min(1).max(60),
    /** Words that pick this topic from the picker (besides its number and title). */
    keywords: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    /** VA-3: the company numbers this topic is offered on; absent or empty = every number. */
    companyNumbers: z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550100')).max(100).optional(),
    steps: z.array(StepSchema).min(1).max(50),
  })
  .strict();

export const TopicDocumentSchema = z
  .object({
    greeting: smsText,
    pickerPrompt: smsText.default('Reply with a number:'),
    help: smsText,
    fallback: smsText,
    /** Unrecognised replies in a row before the virtual agent hands off to a person. */
    maxUnrecognised: z.number().int().min(1).max(5).default(2),
    closing: smsText,
    topics: z.array(topic).min(1).max(9),
  })
  .strict();

/**
 * Ids and step targets that do not add up, read from the raw document, so they are listed beside the field errors
 * (a refinement would only run once every field is valid).
 */
function crossReferenceIssues(raw: unknown): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const topics = (raw as { topics?: unknown })?.topics;
  if (!Array.isArray(topics)) return issues;
  const topicIds = new Set<unknown>();
  topics.forEach((t: { id?: unknown; steps?: unknown }, ti) => {
    if (topicIds.has(t?.id)) issues.push({ path: ['topics', ti, 'id'], message: `duplicate topic id "${String(t.id)}"` });
    topicIds.add(t?.id);
    if (!Array.isArray(t?.steps)) return;
    const steps = t.steps as Step[];
    const stepIds = new Set(steps.map((x) => x?.id));
    if (stepIds.size !== steps.length) issues.push({ path: ['topics', ti, 'steps'], message: 'step ids must be unique within a topic' });
    steps.forEach((x, si) => {
      for (const [key, value] of targetsOf(x)) {
        if (typeof value === 'string' && !stepIds.has(value) && !(SPECIAL_TARGETS as readonly string[]).includes(value)) {
          issues.push({ path: ['topics', ti, 'steps', si, ...key], message: `"${value}" is not a step of topic "${String(t.id)}" nor one of ${SPECIAL_TARGETS.join(', ')}` });
        }
      }
    });
  });
  return issues;
}

export type TopicDocument = z.infer<typeof TopicDocumentSchema>;
export type Topic = TopicDocument['topics'][number];

function targetsOf(s: Step): [(string | number)[], string][] {
  switch (s?.type) {
    case 'text':
    case 'capture':
      return [[['next'], s.next]];
    case 'choice':
      return Array.isArray(s.options) ? s.options.map((o, i) => [['options', i, 'next'], o?.next]) : [];
    case 'yes_no':
      return [[['yes'], s.yes], [['no'], s.no]];
    default:
      return [];
  }
}

/** Every validation error with its JSON path (`topics[1].steps[0].next`), for the admin's 400. */
export function validateTopicDocument(input: unknown): { ok: true; document: TopicDocument } | { ok: false; errors: { path: string; message: string }[] } {
  const r = TopicDocumentSchema.safeParse(input);
  const issues = [...(r.success ? [] : r.error.issues), ...crossReferenceIssues(input)];
  if (r.success && issues.length === 0) return { ok: true, document: r.data };
  return {
    ok: false,
    errors: issues.map((i) => ({
      path: i.path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${String(k)}` : String(k)), '') || '(document)',
      message: i.message,
    })),
  };
}
