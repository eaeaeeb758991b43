import { z } from 'zod';
import { isClockTime, isTimeZone } from '../../domain/quiet-hours';
import { TEXT_LANGUAGES, type Translations } from '../../domain/text-language';
import { SYSTEM_TEXT_KEYS } from '../../system-texts/defaults';
import { named, timestamp } from './registry';

/** The topic document as stored (validated on save; see src/virtual-agent/topics-schema.ts for its fields). */
export const VaTopics = named('VaTopics', z.strictObject({ version: z.int().min(1), document: z.record(z.string(), z.unknown()), savedAt: timestamp() }));

export const VaSession = named(
  'VaSession',
  z.strictObject({
    topicId: z.string().nullable(), stepId: z.string().nullable(), unrecognised: z.int().min(0), context: z.record(z.string(), z.string()),
    greeted: z.boolean(), cursor: z.number(),
    /** INT-9: the requester's texts answered so far (absent in older sessions). */
    turns: z.int().min(0).optional(),
    /** INT-10: a topic is done and "anything else?" was asked (absent in older sessions). */
    topicDone: z.boolean().optional(),
  }),
);
export const VaOutcome = named(
  'VaOutcome',
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('continue') }),
    z.strictObject({ kind: z.literal('handoff'), reason: z.enum(['requested', 'topic', 'fallback', 'error']) }),
    z.strictObject({ kind: z.literal('end'), reason: z.enum(['user_ended', 'auto_closed', 'topic_complete']) }),
  ]),
);
export const VaTryTurn = named('VaTryTurn', z.strictObject({ replies: z.array(z.string()), session: VaSession, outcome: VaOutcome }));

export const SystemTextKey = named('SystemTextKey', z.enum(SYSTEM_TEXT_KEYS));
/** SYS-6: the languages a text may be translated into. */
export const TextLanguage = named('TextLanguage', z.enum(TEXT_LANGUAGES));
/** SYS-6: a text per language (a language left out gets the default text). */
export const TextTranslations = named('TextTranslations', z.partialRecord(TextLanguage, z.string()));
/** SYS-6: a text per language; an empty text removes that language's translation. */
export const TranslationsInput = z
  .partialRecord(z.enum(TEXT_LANGUAGES), z.string().trim().max(1600), { error: `languages are ${TEXT_LANGUAGES.join(', ')}` })
  .transform((t) => Object.fromEntries(Object.entries(t).filter(([, body]) => body !== '')) as Translations);

export const SystemText = named(
  'SystemText',
  z.strictObject({
    key: SystemTextKey, body: z.string(), enabled: z.boolean(), description: z.string(),
    /** SYS-6: requesters whose language is listed get its text; everyone else gets `body`. */
    translations: TextTranslations,
  }),
);
export const SystemTextList = named('SystemTextList', z.array(SystemText));

export const CompanyNumber = named(
  'CompanyNumber',
  z.strictObject({
    number: z.string(), displayName: z.string(), queueId: z.string(), liveAgentOnly: z.boolean(), active: z.boolean(),
    /** RI-9/VA-13: requesters stay with the virtual agent; live agents are never offered its conversations. */
    virtualAgentOnly: z.boolean(),
    /** SPEC §9: when unsolicited automated texts are held (the requester's local time); null = never held. */
    quietHours: z.strictObject({ start: z.string(), end: z.string() }).nullable(),
    /** The zone for requesters whose own number does not settle one (null: the number's country, else UTC). */
    timeZone: z.string().nullable(),
    /** SPEC §9: texts per second this number may send through the provider. */
    ratePerSecond: z.number(),
    /** SYS-6: the language of system texts for requesters whose number's country does not settle one. */
    language: TextLanguage,
  }),
);
export const CompanyNumberList = named('CompanyNumberList', z.array(CompanyNumber));

const clockTime = z.string().refine(isClockTime, 'must be a time of day HH:MM (24 h), such as 21:00');

/** SPEC §9 and RI-2: what an admin may change on a company number (every field optional). */
export const CompanyNumberChange = z
  .object({
    liveAgentOnly: z.boolean(),
    virtualAgentOnly: z.boolean(),
    displayName: z.string().trim().min(1).max(100),
    quietHours: z
      .strictObject({ start: clockTime, end: clockTime })
      .refine((w) => w.start !== w.end, { message: 'start and end must differ (null turns quiet hours off)', path: ['end'] })
      .nullable(),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago').nullable(),
    ratePerSecond: z.number().positive('must be more than 0').max(1000, 'must be at most 1000'),
    language: z.enum(TEXT_LANGUAGES, { error: `must be one of ${TEXT_LANGUAGES.join(', ')}` }),
  })
  .partial()
  .strict();
