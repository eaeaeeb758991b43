import assert from 'node:assert/strict';
import { DEMO_TOPICS } from '../../../src/virtual-agent/demo-topics';
import { validateTopicDocument } from '../../../src/virtual-agent/topics-schema';

describe('VA topic document validation', () => {
  it('accepts the demo topics', () => assert.equal(validateTopicDocument(DEMO_TOPICS).ok, true));
  it('lists every error with its JSON path', () => {
    const doc = structuredClone(DEMO_TOPICS) as unknown as Record<string, unknown> & { topics: Record<string, unknown>[] };
    doc.greeting = '<b>Hi</b>';
    doc.topics[0].steps = [{ id: 'a', type: 'text', text: 'x', next: 'nowhere' }];
    doc.topics[1].id = 'order_status';
    delete (doc as Record<string, unknown>).closing;
    const r = validateTopicDocument(doc);
    assert.equal(r.ok, false);
    const errors = !r.ok ? r.errors : [];
    const at = (path: string) => errors.find((e) => e.path === path)?.message ?? '';
    assert.match(at('greeting'), /plain SMS/);
    assert.match(at('closing'), /./);
    assert.match(at('topics[0].steps[0].next'), /"nowhere" is not a step/);
    assert.match(at('topics[1].id'), /duplicate topic id/);
  });
  it('refuses a text longer than 3 SMS segments', () => {
    const r = validateTopicDocument({ ...DEMO_TOPICS, fallback: 'x'.repeat(500) });
    assert.ok(!r.ok && r.errors.some((e) => e.path === 'fallback' && /3 SMS segments/.test(e.message)));
  });
});
