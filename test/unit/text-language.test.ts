import assert from 'node:assert/strict';
import { countryLanguage, localizedText, requesterLanguage, type TextLanguage, type Translations } from '../../src/domain/text-language';

// SYS-6: which language a requester reads a system text in, and which text that is.
describe('system text language (SYS-6)', () => {
  const choices: [string, string, string | null, TextLanguage][] = [
    ['SYS-6 a Spanish (+34) requester reads Spanish whatever the company number says', '+34612345678', 'en', 'es'],
    ['SYS-6 a Mexican (+52) requester reads Spanish', '+525512345678', 'en', 'es'],
    ['SYS-6 a French (+33) requester reads French', '+33612345678', 'de', 'fr'],
    ['SYS-6 a German (+49) requester reads German', '+4915112345678', 'en', 'de'],
    ['SYS-6 a Brazilian (+55) requester reads Portuguese', '+5511912345678', 'en', 'pt'],
    ['SYS-6 a US requester reads the company number’s language (English by default)', '+14155550123', 'en', 'en'],
    ['SYS-6 a US requester on a Spanish company number reads Spanish (the US has no single language)', '+14155550123', 'es', 'es'],
    ['SYS-6 a number with no country (+1 555) reads the company number’s language', '+15553000001', 'fr', 'fr'],
    ['SYS-6 a company number without a language falls back to English', '+15553000001', null, 'en'],
    ['SYS-6 a company language Parley does not translate into falls back to English', '+15553000001', 'it', 'en'],
    ['SYS-6 a short code has no country: the company number’s language', '72345', 'pt', 'pt'],
  ];
  for (const [title, requester, company, expected] of choices) {
    it(title, () => assert.equal(requesterLanguage(requester, company), expected));
  }

  it('SYS-6 countries with several languages in common use are not mapped', () => {
    assert.equal(countryLanguage('+14165550123'), null, 'Canada');
    assert.equal(countryLanguage('+3225551234'), null, 'Belgium');
    assert.equal(countryLanguage('+41445551234'), null, 'Switzerland');
  });

  const global = { body: 'Hi, this is {{agentName}}.', translations: { es: 'Hola, soy {{agentName}}.' } as Translations };
  const own = { body: 'Billing here.', translations: { fr: 'Ici la facturation.' } as Translations };
  const texts: [string, TextLanguage, typeof own | null, { body: string; translation: TextLanguage | null }][] = [
    ['SYS-6 the translation for the requester’s language', 'es', null, { body: 'Hola, soy {{agentName}}.', translation: 'es' }],
    ['SYS-6 a language with no translation gets the default text', 'de', null, { body: 'Hi, this is {{agentName}}.', translation: null }],
    ['SYS-2 a queue’s own text replaces the global one', 'de', own, { body: 'Billing here.', translation: null }],
    ['SYS-2/SYS-6 a queue’s own translation', 'fr', own, { body: 'Ici la facturation.', translation: 'fr' }],
    ['SYS-2/SYS-6 a queue text without that language keeps the queue’s words, not the global translation', 'es', own, { body: 'Billing here.', translation: null }],
    ['SYS-2 a queue with an empty text sends the global text', 'es', { body: '', translations: {} }, { body: 'Hola, soy {{agentName}}.', translation: 'es' }],
  ];
  for (const [title, language, queue, expected] of texts) {
    it(title, () => assert.deepEqual(localizedText(language, global, queue), expected));
  }
});
