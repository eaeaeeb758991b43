import assert from 'node:assert/strict';
import { DEMO_TOPICS } from '../../../src/virtual-agent/demo-topics';
import { pickerText, respond } from '../../../src/virtual-agent/engine';
import { topicsAvailableOn, unknownTopicNumbers } from '../../../src/virtual-agent/topic-availability';
import { TopicDocumentSchema, validateTopicDocument } from '../../../src/virtual-agent/topics-schema';
import { newSession } from '../../../src/virtual-agent/types';

const A = '+14155550100';
const B = '+14155550111';
// The demo topics with "Returns and refunds" offered on A only.
const doc = TopicDocumentSchema.parse({
  ...DEMO_TOPICS,
  topics: DEMO_TOPICS.topics.map((t) => (t.id === 'returns' ? { ...t, companyNumbers: [A] } : t)),
});

describe('topic availability per company number (VA-3)', () => {
  it('VA-3 the demo has a returns topic to limit', () => assert.ok(DEMO_TOPICS.topics.some((t) => t.id === 'returns')));

  const pickers: [string, string, string[]][] = [
    ['VA-3 a topic limited to a number is in that number’s picker', A, ['Order status', 'Opening hours', 'Returns and refunds', 'Talk to a person']],
    ['VA-3 a topic limited to another number is not in the picker (the rest renumbered)', B, ['Order status', 'Opening hours', 'Talk to a person']],
  ];
  for (const [title, number, titles] of pickers) {
    it(title, () => assert.equal(pickerText(topicsAvailableOn(doc, number)), ['Reply with a number:', ...titles.map((t, i) => `${i + 1}. ${t}`)].join('\n')));
  }

  it('VA-3 a topic with no numbers or an empty list is offered everywhere', () => {
    const empty = TopicDocumentSchema.parse({ ...DEMO_TOPICS, topics: DEMO_TOPICS.topics.map((t) => ({ ...t, companyNumbers: [] })) });
    assert.equal(topicsAvailableOn(empty, B).topics.length, DEMO_TOPICS.topics.length);
    assert.equal(topicsAvailableOn(DEMO_TOPICS, B).topics.length, DEMO_TOPICS.topics.length);
  });

  it('VA-3 topic matching does not find a topic the number does not offer', () => {
    const onB = respond(topicsAvailableOn(doc, B), newSession(), 'I want a refund');
    assert.equal(onB.session.topicId, null, 'greeted and shown the picker');
    const onA = respond(topicsAvailableOn(doc, A), newSession(), 'I want a refund');
    assert.equal(onA.session.topicId, 'returns');
  });

  it('VA-3 a session inside a topic the number no longer offers reads the next reply as a picker answer', () => {
    const inReturns = respond(topicsAvailableOn(doc, A), newSession(), 'I want a refund').session;
    assert.equal(inReturns.topicId, 'returns');
    const turn = respond(topicsAvailableOn(doc, B), inReturns, '1');
    assert.equal(turn.session.topicId, 'order_status');
    assert.deepEqual(turn.replies, ['What is your order number? (digits only)']);
  });

  it('VA-3 numbers must be E.164; ones that are not ours are listed with their paths', () => {
    const bad = validateTopicDocument({ ...DEMO_TOPICS, topics: [{ ...DEMO_TOPICS.topics[0], companyNumbers: ['415 555 0100'] }] });
    assert.equal(bad.ok, false);
    assert.deepEqual(!bad.ok && bad.errors.map((e) => e.path), ['topics[0].companyNumbers[0]']);
    assert.deepEqual(unknownTopicNumbers(doc, [B]), [{ path: 'topics[2].companyNumbers[0]', message: `${A} is not one of our company numbers` }]);
    assert.deepEqual(unknownTopicNumbers(doc, [A, B]), []);
  });
});
