import assert from 'node:assert/strict';
import { decideSender, type SenderDecision, type SenderFacts } from '../../src/domain/compose-sender';

const number = '+14155550100';
const rows: [string, Omit<SenderFacts, 'number'>, SenderDecision][] = [
  ['AI-4 an active company number is sent from, typing allowed or not', { companyNumber: { active: true }, allowManualFrom: false }, { use: 'company_number' }],
  ['AI-6 with typing off, any other number is refused as not a company number', { companyNumber: null, allowManualFrom: false, owned: true }, { refuse: `${number} is not one of our company numbers` }],
  ['AI-6 with typing off, a switched-off company number is refused as not a company number', { companyNumber: { active: false }, allowManualFrom: false }, { refuse: `${number} is not one of our company numbers` }],
  ['AI-6 with typing on, a switched-off company number stays refused', { companyNumber: { active: false }, allowManualFrom: true, owned: true }, { refuse: `${number} is switched off in Admin → Company numbers` }],
  ['AI-6 with typing on, an unknown number needs the provider asked', { companyNumber: null, allowManualFrom: true }, { use: 'ask_provider' }],
  ['AI-6 with typing on, a number the account owns is registered and sent from', { companyNumber: null, allowManualFrom: true, owned: true }, { use: 'register' }],
  ['AI-6 with typing on, a number the account does not own is refused', { companyNumber: null, allowManualFrom: true, owned: false }, { refuse: `${number} is not a number the provider account owns` }],
];

describe('Compose sender decision (SPEC §3)', () => {
  for (const [title, facts, expected] of rows) {
    it(title, () => assert.deepEqual(decideSender({ number, ...facts }), expected));
  }
});
