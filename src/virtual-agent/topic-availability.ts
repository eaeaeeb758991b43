// VA-3: a topic may be offered on some company numbers only (ServiceNow's "available on this channel"). Pure.
import type { Topic, TopicDocument } from './topics-schema';

export function isTopicAvailableOn(topic: Topic, companyNumber: string): boolean {
  return !topic.companyNumbers?.length || topic.companyNumbers.includes(companyNumber);
}

/**
 * The document as a requester texting `companyNumber` meets it: the picker numbers, topic matching and a session's
 * current topic see only the topics available there (a session inside a topic no longer offered goes to the picker).
 */
export function topicsAvailableOn(doc: TopicDocument, companyNumber: string): TopicDocument {
  return { ...doc, topics: doc.topics.filter((t) => isTopicAvailableOn(t, companyNumber)) };
}

/** Company numbers a topic names that are not ours, with their JSON paths (for the admin's 400). */
export function unknownTopicNumbers(doc: TopicDocument, companyNumbers: readonly string[]): { path: string; message: string }[] {
  const ours = new Set(companyNumbers);
  return doc.topics.flatMap((t, ti) =>
    (t.companyNumbers ?? []).flatMap((n, ni) => (ours.has(n) ? [] : [{ path: `topics[${ti}].companyNumbers[${ni}]`, message: `${n} is not one of our company numbers` }])),
  );
}
