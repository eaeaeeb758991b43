import type { TopicDocument } from './topics-schema';
import type { VaOutcome, VaSession } from './types';

export interface CapturedField {
  field: string;
  /** The capture step's label, or the field's name in words ("orderNumber" → "Order number"). */
  label: string;
  value: string;
}

/** "orderNumber" → "Order number", "zip_code" → "Zip code": what a field without a label reads as. */
export function fieldWords(field: string): string {
  const words = field
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : field;
}

/**
 * VA-10: the captured context in the words the topics give it. The first capture step of the document that names a
 * field (and has a label) wins; a field no step names any more (the topic was edited) reads as its name in words.
 */
export function capturedFields(document: TopicDocument | null, context: Record<string, string>): CapturedField[] {
  const labels = new Map<string, string>();
  for (const topic of document?.topics ?? []) {
    for (const step of topic.steps) {
      if (step.type === 'capture' && step.label && !labels.has(step.field)) labels.set(step.field, step.label);
    }
  }
  return Object.entries(context).map(([field, value]) => ({ field, label: labels.get(field) ?? fieldWords(field), value }));
}

type Handoff = Extract<VaOutcome, { kind: 'handoff' }>['reason'];

/**
 * What the virtual agent tells the receiving agent at a handoff (SPEC §6, VA-10): the topic the requester was in and
 * why it handed off, in one sentence. Captured values are shown beside it, so they are not repeated here.
 */
export function handoffSummary(document: TopicDocument, session: Pick<VaSession, 'topicId' | 'turns'>, reason: Handoff): string {
  const title = document.topics.find((t) => t.id === session.topicId)?.title ?? null;
  const during = title ? ` during “${title}”` : ' at the topic picker';
  const turns = session.turns ?? 0;
  const after = turns > 0 ? ` after ${turns} ${turns === 1 ? 'text' : 'texts'}` : '';
  switch (reason) {
    case 'requested':
      return `The requester asked for a person${during}${after}.`;
    case 'topic':
      return title ? `“${title}” hands off to a person${after}.` : `The requester chose to talk to a person${after}.`;
    case 'fallback':
      return `The virtual agent did not understand the requester twice${during}${after}.`;
    case 'error':
      return `The virtual agent failed${during}${after}.`;
  }
}
