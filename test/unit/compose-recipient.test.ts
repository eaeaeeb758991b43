import assert from 'node:assert/strict';
import { decideRecipient, defaultRecipientRules, type RecipientDecision, type RecipientFacts } from '../../src/domain/compose-recipient';

const to = '+14155550123';
const other = '+14155550199';
const typingOn = { allowManualTo: true, checkActiveProfile: false };
const typingOff = { allowManualTo: false, checkActiveProfile: false };
const gina = (number: string | null) => ({ name: 'Gina', number });

const rows: [string, Omit<RecipientFacts, 'to'>, RecipientDecision][] = [
  ['AI-2 defaults (typing on, no profile check): a typed number is sent to', { settings: typingOn, writingFor: null }, { send: true }],
  ['AI-2 with manual recipient entry off, a number with nobody chosen is refused', { settings: typingOff, writingFor: null }, { refuse: 'typing a recipient is switched off: choose the person you are writing for' }],
  ['AI-2 with manual recipient entry off, the chosen user’s own number is sent to', { settings: typingOff, writingFor: gina(to) }, { send: true }],
  ['AI-2 with manual recipient entry off, a typed number that is not the chosen user’s is refused', { settings: typingOff, writingFor: gina(other) }, { refuse: `${to} is not Gina’s number, and typing a recipient is switched off` }],
  ['AI-2 with manual recipient entry off, a chosen user without a number is refused', { settings: typingOff, writingFor: gina(null) }, { refuse: 'Gina has no mobile number to send to' }],
  ['AI-2 with the profile check on, the profile is asked for first', { settings: { ...typingOn, checkActiveProfile: true }, writingFor: null }, { check: 'active_profile' }],
  ['AI-2 with the profile check on, a number with an active profile is sent to', { settings: { ...typingOn, checkActiveProfile: true }, writingFor: null, hasActiveProfile: true }, { send: true }],
  [
    'AI-2 with the profile check on, a number without an active profile is refused',
    { settings: { ...typingOn, checkActiveProfile: true }, writingFor: null, hasActiveProfile: false },
    { refuse: `${to} has no active messaging profile, and compose on this channel sends only to numbers that have one` },
  ],
  ['AI-2 typing off and the profile check on: a typed number is refused before any profile is read', { settings: { allowManualTo: false, checkActiveProfile: true }, writingFor: gina(other) }, { refuse: `${to} is not Gina’s number, and typing a recipient is switched off` }],
];

describe('Compose recipient decision (SPEC §3)', () => {
  for (const [title, facts, expected] of rows) {
    it(title, () => assert.deepEqual(decideRecipient({ to, ...facts }), expected));
  }

  const rules = defaultRecipientRules('US');
  const normalised: [string, string, ReturnType<typeof rules.normalise>][] = [
    ['AI-12 the default rules normalise a national number in the default region', '(415) 555-0123', { e164: to }],
    ['AI-12 the default rules keep an international number', '+44 7911 123456', { e164: '+447911123456' }],
    ['AI-12 the default rules refuse a number not valid in the default region, saying which region', '07911 123456', { refuse: '"07911 123456" is not a valid phone number (region US)' }],
  ];
  for (const [title, typed, expected] of normalised) {
    it(title, () => assert.deepEqual(rules.normalise(typed), expected));
  }
  it('AI-12 the default rules point a user record at its mobile phone', () => {
    assert.equal(rules.numberOf({ id: 'u', name: 'Gina', mobilePhone: to }), to);
    assert.equal(rules.numberOf({ id: 'u', name: 'Gina', mobilePhone: null }), null);
  });
});
