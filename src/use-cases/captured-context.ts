import type { Knex } from 'knex';
import { capturedFields, type CapturedField } from '../virtual-agent/captured-fields';
import { TopicDocumentSchema, type TopicDocument } from '../virtual-agent/topics-schema';

/** The topics in force, for their capture labels; null when none can be read (labels then come from field names). */
async function topicsInForce(db: Knex): Promise<TopicDocument | null> {
  const row = await db('va_topic_versions').orderBy('version', 'desc').first('document');
  const parsed = TopicDocumentSchema.safeParse(row?.document);
  return parsed.success ? parsed.data : null;
}

/** VA-10: a reader of captured context for many interactions, reading the topics once. */
export async function capturedLabeller(db: Knex): Promise<(context: Record<string, string> | null | undefined) => CapturedField[]> {
  const document = await topicsInForce(db);
  return (context) => capturedFields(document, context ?? {});
}
