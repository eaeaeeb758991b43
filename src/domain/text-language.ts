// SYS-6: system texts are localizable. Pure: which language a requester reads, from their number's country or else
// the company number's language (docs/decisions.md, "SYS-6: the requester's language").
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export const TEXT_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];
export const DEFAULT_TEXT_LANGUAGE: TextLanguage = 'en';

export function isTextLanguage(s: unknown): s is TextLanguage {
  return typeof s === 'string' && (TEXT_LANGUAGES as readonly string[]).includes(s);
}

/**
 * Countries where one of our languages is the language people text in. Countries with more than one in common use
 * (the US, Canada, Belgium, Switzerland…) are left out on purpose: their requesters get the company number's
 * language, which the admin chose for the people that number serves.
 */
const COUNTRY_LANGUAGE: Readonly<Record<string, TextLanguage>> = {
  GB: 'en', IE: 'en', AU: 'en', NZ: 'en',
  ES: 'es', MX: 'es', AR: 'es', CO: 'es', CL: 'es', PE: 'es', VE: 'es', EC: 'es', GT: 'es', CU: 'es', BO: 'es', DO: 'es',
  HN: 'es', PY: 'es', SV: 'es', NI: 'es', CR: 'es', PA: 'es', UY: 'es',
  FR: 'fr', MC: 'fr',
  DE: 'de', AT: 'de', LI: 'de',
  BR: 'pt', PT: 'pt', AO: 'pt', MZ: 'pt',
};

/** The language a requester's country speaks, when the number names one country with one language; else null. */
export function countryLanguage(requesterNumber: string): TextLanguage | null {
  const country = parsePhoneNumberFromString(requesterNumber)?.country;
  return (country && COUNTRY_LANGUAGE[country]) || null;
}

/** SYS-6: the requester's country's language, else the company number's (itself `en` unless an admin set it). */
export function requesterLanguage(requesterNumber: string, companyLanguage: string | null | undefined): TextLanguage {
  return countryLanguage(requesterNumber) ?? (isTextLanguage(companyLanguage) ? companyLanguage : DEFAULT_TEXT_LANGUAGE);
}

export type Translations = Partial<Record<TextLanguage, string>>;

/**
 * SYS-6 and SYS-2: the text in `language`, else the default (`translation` says which it is). A queue's own text (with its translations) replaces the
 * global one as a whole: its default beats the global translation, so one queue's words never mix with another's.
 */
export function localizedText(
  language: TextLanguage,
  global: { body: string; translations: Translations },
  own?: { body: string | null; translations: Translations } | null,
): { body: string; translation: TextLanguage | null } {
  const source = own?.body ? { body: own.body, translations: own.translations } : global;
  const translated = source.translations[language];
  return translated ? { body: translated, translation: language } : { body: source.body, translation: null };
}
