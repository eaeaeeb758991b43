import type { Knex } from 'knex';
import { TopicDocumentSchema, type TopicDocument } from './topics-schema';

/** The topics in force: the newest saved version (SPEC §6: every save is a new version; the previous are kept). */
export async function currentTopics(db: Knex): Promise<{ version: number; document: TopicDocument }> {
  const row = await db('va_topic_versions').orderBy('version', 'desc').first('version', 'document');
  return { version: row.version, document: TopicDocumentSchema.parse(row.document) };
}
