import type { QuietWindow } from '../domain/quiet-hours';
import type { Knex } from 'knex';
import { InvalidInputError, NotFoundError } from '../domain/errors';
import type { TextLanguage, Translations } from '../domain/text-language';
import { DEFAULT_SYSTEM_TEXTS, SYSTEM_TEXT_KEYS, type SystemTextKey } from '../system-texts/defaults';
import { currentTopics } from '../virtual-agent/current-topics';
import { respond } from '../virtual-agent/engine';
import { topicsAvailableOn, unknownTopicNumbers } from '../virtual-agent/topic-availability';
import { validateTopicDocument, type TopicDocument } from '../virtual-agent/topics-schema';
import { newSession, type VaSession } from '../virtual-agent/types';

function checked(input: unknown): TopicDocument {
  const r = validateTopicDocument(input);
  if (!r.ok) throw new InvalidInputError(`invalid topics: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.document;
}

export async function getTopics(db: Knex) {
  const row = await db('va_topic_versions').orderBy('version', 'desc').first('version', 'document', 'created_at');
  return { version: row.version as number, document: row.document as TopicDocument, savedAt: (row.created_at as Date).toISOString() };
}

/** SPEC §6: the whole document replaces the topics as a new version; the previous versions are kept. */
export async function saveTopics(db: Knex, actorId: string, input: unknown) {
  const document = checked(input);
  // VA-3: a topic offered on some numbers names ours (a typo would hide it everywhere).
  const unknown = unknownTopicNumbers(document, await db('company_numbers').pluck('number'));
  if (unknown.length) throw new InvalidInputError(`invalid topics: ${unknown.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  await db.transaction(async (trx) => {
    await trx('va_topic_versions').insert({ document: JSON.stringify(document), created_by: actorId });
    await trx('audit_log').insert({ actor_user_id: actorId, action: 'virtual_agent.topics_saved', subject_type: 'va_topics', subject_id: 'topics', detail: '{}' });
  });
  return getTopics(db);
}

/**
 * The admin page's test box: the engine on a document (saved or not) without any SMS; with `companyNumber`, as a
 * requester texting that number meets it (VA-3).
 */
export async function tryTopics(db: Knex, input: { document?: unknown; session?: VaSession | null; text: string; companyNumber?: string }) {
  const all = input.document === undefined ? (await currentTopics(db)).document : checked(input.document);
  const document = input.companyNumber ? topicsAvailableOn(all, input.companyNumber) : all;
  const turn = respond(document, input.session ?? newSession(), input.text);
  return { replies: turn.replies, session: turn.session, outcome: turn.outcome };
}

export async function listSystemTexts(db: Knex) {
  const rows = await db('system_texts').select('key', 'body', 'enabled');
  const byKey = new Map(rows.map((r) => [r.key as SystemTextKey, r]));
  const translations = new Map<SystemTextKey, Translations>();
  for (const r of await db('system_text_translations').orderBy(['key', 'language']).select('key', 'language', 'body')) {
    translations.set(r.key, { ...translations.get(r.key), [r.language as TextLanguage]: r.body as string });
  }
  return SYSTEM_TEXT_KEYS.map((key) => ({
    key, body: (byKey.get(key)?.body as string) ?? DEFAULT_SYSTEM_TEXTS[key].body,
    enabled: (byKey.get(key)?.enabled as boolean) ?? DEFAULT_SYSTEM_TEXTS[key].enabled, description: DEFAULT_SYSTEM_TEXTS[key].description,
    translations: translations.get(key) ?? {},
  }));
}

/**
 * SYS-6: every text is admin-editable (and can be turned off) and localizable. `translations`, when given, replaces
 * the text's translations (a language left out has none: its requesters get the default text); absent keeps them.
 */
export async function saveSystemTexts(
  db: Knex, actorId: string, texts: { key: SystemTextKey; body: string; enabled: boolean; translations?: Translations }[],
) {
  await db.transaction(async (trx) => {
    for (const { translations, ...t } of texts) {
      await trx('system_texts').insert({ ...t, updated_by: actorId, updated_at: trx.fn.now() }).onConflict('key').merge();
      if (translations === undefined) continue;
      await trx('system_text_translations').where({ key: t.key }).delete();
      const rows = Object.entries(translations).filter(([, body]) => body).map(([language, body]) => ({ key: t.key, language, body, updated_by: actorId }));
      if (rows.length) await trx('system_text_translations').insert(rows);
    }
    const languages = Object.fromEntries(texts.filter((t) => t.translations).map((t) => [t.key, Object.keys(t.translations!).sort()]));
    await trx('audit_log').insert({
      actor_user_id: actorId, action: 'system_texts.saved', subject_type: 'system_texts', subject_id: texts.map((t) => t.key).join(','),
      detail: JSON.stringify(Object.keys(languages).length ? { translations: languages } : {}),
    });
  });
  return listSystemTexts(db);
}

export async function listCompanyNumbers(db: Knex) {
  const rows = await db('company_numbers')
    .orderBy('number')
    .select(
      'number', 'display_name', 'queue_id', 'live_agent_only', 'virtual_agent_only', 'active', 'quiet_hours_start', 'quiet_hours_end', 'time_zone',
      'rate_per_second', 'language',
    );
  return rows.map((r) => ({
    number: r.number as string, displayName: r.display_name as string, queueId: r.queue_id as string, liveAgentOnly: r.live_agent_only as boolean,
    virtualAgentOnly: r.virtual_agent_only as boolean, active: r.active as boolean,
    quietHours: r.quiet_hours_start ? { start: r.quiet_hours_start as string, end: r.quiet_hours_end as string } : null,
    timeZone: (r.time_zone as string | null) ?? null, ratePerSecond: Number(r.rate_per_second), language: r.language as TextLanguage,
  }));
}

export interface CompanyNumberChange {
  liveAgentOnly?: boolean;
  virtualAgentOnly?: boolean;
  displayName?: string;
  quietHours?: QuietWindow | null;
  timeZone?: string | null;
  ratePerSecond?: number;
  /** SYS-6: the language of requesters whose number's country does not settle one. */
  language?: TextLanguage;
}

/** RI-2/VA-12: whether the number's new conversations start with the virtual agent; SPEC §9 quiet hours and rate. */
export async function updateCompanyNumber(db: Knex, actorId: string, number: string, change: CompanyNumberChange) {
  const columns = {
    ...(change.liveAgentOnly !== undefined ? { live_agent_only: change.liveAgentOnly } : {}),
    ...(change.virtualAgentOnly !== undefined ? { virtual_agent_only: change.virtualAgentOnly } : {}),
    ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
    ...(change.quietHours !== undefined ? { quiet_hours_start: change.quietHours?.start ?? null, quiet_hours_end: change.quietHours?.end ?? null } : {}),
    ...(change.timeZone !== undefined ? { time_zone: change.timeZone } : {}),
    ...(change.ratePerSecond !== undefined ? { rate_per_second: change.ratePerSecond } : {}),
    ...(change.language !== undefined ? { language: change.language } : {}),
  };
  const exists = await db('company_numbers').where({ number }).first('number', 'live_agent_only', 'virtual_agent_only');
  if (!exists) throw new NotFoundError(`${number} is not one of our company numbers`);
  // RI-9/VA-13: live agents only and the virtual agent only at once would leave nobody to answer.
  if ((change.liveAgentOnly ?? exists.live_agent_only) && (change.virtualAgentOnly ?? exists.virtual_agent_only)) {
    throw new InvalidInputError('invalid body: virtualAgentOnly: a number cannot be both live-agent only and virtual-agent only (set liveAgentOnly to false)');
  }
  if (Object.keys(columns).length) await db('company_numbers').where({ number }).update(columns);
  await db('audit_log').insert({ actor_user_id: actorId, action: 'company_number.changed', subject_type: 'company_number', subject_id: number, detail: JSON.stringify(change) });
  return (await listCompanyNumbers(db)).find((c) => c.number === number)!;
}
