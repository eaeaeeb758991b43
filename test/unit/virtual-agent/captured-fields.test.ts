import assert from 'node:assert/strict';
import { capturedFields, fieldWords, handoffSummary } from '../../../src/virtual-agent/captured-fields';
import { DEMO_TOPICS } from '../../../src/virtual-agent/demo-topics';
import type { TopicDocument } from '../../../src/virtual-agent/topics-schema';

describe('issue 25: captured fields in the words the topics give them (VA-10)', () => {
  it('issue 25: a field with no label reads as its name in words', () => {
    for (const [field, words] of [['orderNumber', 'Order number'], ['zip_code', 'Zip code'], ['accountID2', 'Account id2'], ['name', 'Name']] as const) {
      assert.equal(fieldWords(field), words, field);
    }
  });

  it('issue 25: the capture step’s label wins; a field no step names falls back to words; order is kept', () => {
    assert.deepEqual(capturedFields(DEMO_TOPICS, { orderNumber: '10482', petName: 'Rex' }), [
      { field: 'orderNumber', label: 'Order number', value: '10482' },
      { field: 'petName', label: 'Pet name', value: 'Rex' },
    ]);
    assert.deepEqual(capturedFields(null, { orderNumber: '1' }), [{ field: 'orderNumber', label: 'Order number', value: '1' }]);
    assert.deepEqual(capturedFields(DEMO_TOPICS, {}), []);
  });

  it('issue 25: the first labelled capture step of a field names it', () => {
    const doc: TopicDocument = {
      ...DEMO_TOPICS,
      topics: [
        { id: 'a', title: 'A', keywords: [], steps: [{ id: 's', type: 'capture', text: 'Your ref?', field: 'ref', next: '@end' }] },
        { id: 'b', title: 'B', keywords: [], steps: [{ id: 's', type: 'capture', text: 'Your ref?', field: 'ref', label: 'Booking reference', next: '@end' }] },
        { id: 'c', title: 'C', keywords: [], steps: [{ id: 's', type: 'capture', text: 'Your ref?', field: 'ref', label: 'Other', next: '@end' }] },
      ],
    };
    assert.deepEqual(capturedFields(doc, { ref: 'X1' }), [{ field: 'ref', label: 'Booking reference', value: 'X1' }]);
  });
});

describe('issue 25: the virtual agent’s handoff summary (VA-10)', () => {
  const rows: [string, Parameters<typeof handoffSummary>[1], Parameters<typeof handoffSummary>[2], string][] = [
    ['asked for a person in a topic', { topicId: 'order_status', turns: 3 }, 'requested', 'The requester asked for a person during “Order status” after 3 texts.'],
    ['asked for a person at the picker', { topicId: null, turns: 1 }, 'requested', 'The requester asked for a person at the topic picker after 1 text.'],
    ['a topic hands off', { topicId: 'returns', turns: 2 }, 'topic', '“Returns and refunds” hands off to a person after 2 texts.'],
    ['a handoff topic from the picker', { topicId: null, turns: 2 }, 'topic', 'The requester chose to talk to a person after 2 texts.'],
    ['not understood', { topicId: null, turns: 3 }, 'fallback', 'The virtual agent did not understand the requester twice at the topic picker after 3 texts.'],
    ['an engine error', { topicId: 'order_status' }, 'error', 'The virtual agent failed during “Order status”.'],
  ];
  for (const [what, session, reason, summary] of rows) {
    it(`issue 25: ${what}`, () => assert.equal(handoffSummary(DEMO_TOPICS, session, reason), summary));
  }
});
