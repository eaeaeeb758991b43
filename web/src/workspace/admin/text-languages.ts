// SYS-6: the languages a system text (or a queue's initial response) may be translated into, as the api lists them.
import type { TextLanguage } from '../shared/api';

/** `label` as its speakers write it (the selectors), `name` in English (the sentences around them). */
export const TEXT_LANGUAGES: { value: TextLanguage; label: string; name: string }[] = [
  { value: 'en', label: 'English', name: 'English' },
  { value: 'es', label: 'Español', name: 'Spanish' },
  { value: 'fr', label: 'Français', name: 'French' },
  { value: 'de', label: 'Deutsch', name: 'German' },
  { value: 'pt', label: 'Português', name: 'Portuguese' },
];

export const languageLabel = (language: TextLanguage) => TEXT_LANGUAGES.find((l) => l.value === language)?.label ?? language;
export const languageName = (language: TextLanguage) => TEXT_LANGUAGES.find((l) => l.value === language)?.name ?? language;
