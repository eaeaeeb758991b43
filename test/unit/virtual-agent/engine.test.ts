import assert from 'node:assert/strict';
import { DEMO_TOPICS } from '../../../src/virtual-agent/demo-topics';
import { respond, startTopic } from '../../../src/virtual-agent/engine';
import { newSession, type VaSession, type VaTurn } from '../../../src/virtual-agent/types';

/** Plays a conversation; returns every turn. */
function play(...texts: string[]): VaTurn[] {
  let s: VaSession = newSession();
  return texts.map((t) => {
    const turn = respond(DEMO_TOPICS, s, t);
    s = turn.session;
    return turn;
  });
}
const last = (turns: VaTurn[]) => turns[turns.length - 1];

describe('virtual agent engine (SPEC §6)', () => {
  it('VA-4 the first text gets the greeting with a numbered topic picker', () => {
    const [t] = play('hello');
    assert.equal(t.replies.length, 1);
    assert.match(t.replies[0], /^Hi! You're texting Parley Support's virtual agent\.\nReply with a number:\n1\. Order status\n2\. Opening hours\n3\. Returns and refunds\n4\. Talk to a person$/);
    assert.deepEqual(t.outcome, { kind: 'continue' });
  });
  it('a first text that names a topic goes straight into it after the greeting', () => {
    const [t] = play('where is my order?');
    assert.deepEqual(t.replies, ["Hi! You're texting Parley Support's virtual agent.", 'What is your order number? (digits only)']);
    assert.equal(t.session.topicId, 'order_status');
  });
  it('VA-1/VA-5 the picker takes the number or the words; each text is the next answer to the current step', () => {
    const turns = play('hi', '1', '10482');
    assert.deepEqual(turns[1].replies, ['What is your order number? (digits only)']);
    assert.deepEqual(last(turns).replies, ['Thanks! Order 10482 is on its way. Tracking details are in your shipping email.', 'Can I help with anything else? Reply YES or NO.']);
    assert.deepEqual(last(turns).session.context, { orderNumber: '10482' });
    assert.equal(play('hi', 'opening hours')[1].session.topicId, 'opening_hours');
  });
  it('INT-8/VA-16 "Anything else?" → no: the topic’s end step closes the conversation (auto_closed, no live agent)', () => {
    const t = last(play('hours', 'no'));
    assert.deepEqual(t.outcome, { kind: 'end', reason: 'auto_closed' });
    assert.deepEqual(t.replies, ['Great. Have a nice day!']);
  });
  const facts: [string, string[], { turns: number; topicDone: boolean | undefined }][] = [
    ['INT-6 the first text alone: one turn, no topic done', ['hello'], { turns: 1, topicDone: undefined }],
    ['INT-9 an answer after the greeting: two turns (engaged), the topic not done', ['hi', '1'], { turns: 2, topicDone: false }],
    ['INT-10/VA-16 waiting at "anything else?" after the topic: topic done', ['hi', '1', '10482'], { turns: 3, topicDone: true }],
    ['INT-10 a first text that names a topic runs it to "anything else?": topic done', ['what are your opening hours'], { turns: 1, topicDone: true }],
    ['INT-10 "anything else?" → yes: back at the picker, the topic still done', ['hours', 'yes'], { turns: 2, topicDone: true }],
    ['INT-10 a new topic picked after that is not done', ['hours', 'yes', '1'], { turns: 3, topicDone: false }],
    ['INT-9 restart keeps counting turns and forgets the topic', ['hours', 'restart'], { turns: 2, topicDone: undefined }],
  ];
  for (const [name, texts, expected] of facts) {
    it(name, () => {
      const { session } = last(play(...texts));
      assert.deepEqual({ turns: session.turns, topicDone: session.topicDone }, expected);
    });
  }
  it('VA-4 fallback: an unrecognised reply gets the fallback and the question again; the second in a row hands off', () => {
    const turns = play('hi', 'purple', 'banana');
    assert.match(turns[1].replies[0], /^Sorry, I didn't get that\.\nReply with a number:/);
    assert.deepEqual(turns[1].outcome, { kind: 'continue' });
    assert.deepEqual(turns[2].outcome, { kind: 'handoff', reason: 'fallback' });
  });
  it('a recognised reply resets the fallback count', () => {
    const t = last(play('hi', 'purple', '1', 'abc'));
    assert.deepEqual(t.outcome, { kind: 'continue' });
  });
  it('a step’s own hint replaces the fallback text (capture with an invalid value)', () => {
    assert.match(last(play('order', '12')).replies[0], /^That doesn't look like an order number/);
  });
  const commands: [string, string[], VaTurn['outcome']][] = [
    ['VA-6/VA-8 "agent" hands off at any point', ['hi', '1', 'AGENT'], { kind: 'handoff', reason: 'requested' }],
    ['VA-6 "bye" ends the conversation with the closing text', ['hi', 'Bye'], { kind: 'end', reason: 'user_ended' }],
    ['VA-6 "help" lists the commands and asks the current question again', ['hi', '1', 'help'], { kind: 'continue' }],
    ['VA-6 "restart" starts over with the greeting, forgetting captured context', ['hi', '1', '10482', 'restart'], { kind: 'continue' }],
    ['VA-6 "hi" starts again from the greeting', ['hi', '2', 'hi'], { kind: 'continue' }],
  ];
  for (const [name, texts, outcome] of commands) {
    it(name, () => assert.deepEqual(last(play(...texts)).outcome, outcome));
  }
  it('commands match the whole message only, case-insensitively', () => {
    assert.deepEqual(last(play('hi', 'I want an agent please')).outcome, { kind: 'continue' });
    assert.match(last(play('hi', '1', 'help')).replies[0], /Commands: AGENT/);
    assert.deepEqual(last(play('hi', '1', '10482', 'restart')).session.context, {});
    assert.equal(last(play('hi', '1', '10482', 'restart')).session.topicId, null);
    assert.equal(last(play('hi', 'bye')).replies[0], 'Thanks for texting Parley Support. Text us any time.');
  });
  it('VA-8 a handoff step in a topic hands off', () => {
    assert.deepEqual(last(play('hi', '4')).outcome, { kind: 'handoff', reason: 'topic' });
    assert.deepEqual(last(play('hi', '3', '2')).outcome, { kind: 'handoff', reason: 'topic' });
  });
  it('VA-10 a step the document no longer has is an unrecoverable error: hand off', () => {
    const s = { ...newSession(), greeted: true, topicId: 'returns', stepId: 'kind' };
    const broken = { ...DEMO_TOPICS, topics: DEMO_TOPICS.topics.map((t) => (t.id === 'returns' ? { ...t, steps: [{ id: 'kind', type: 'choice' as const, text: 'Pick', options: [{ label: 'a', next: 'gone' }, { label: 'b', next: 'gone' }] }] } : t)) };
    assert.deepEqual(respond(broken, s, '1').outcome, { kind: 'handoff', reason: 'error' });
  });
  it('a loop of text steps is cut and handed off instead of texting for ever', () => {
    const loop = { ...DEMO_TOPICS, topics: [{ id: 'loop', title: 'Loop', keywords: [], steps: [{ id: 'a', type: 'text' as const, text: 'A', next: 'b' }, { id: 'b', type: 'text' as const, text: 'B', next: 'a' }] }] };
    const t = respond(loop, { ...newSession(), greeted: true }, '1');
    assert.deepEqual(t.outcome, { kind: 'handoff', reason: 'error' });
    assert.ok(t.replies.length <= 20);
  });
  it('every reply of the demo topics fits in 3 SMS segments and carries no markup', async () => {
    const { SegmentedMessage } = await import('sms-segments-calculator');
    for (const texts of [['hi'], ['hi', '1', '10482'], ['hi', '3'], ['hi', 'help'], ['hi', 'x']]) {
      for (const r of play(...texts).flatMap((t) => t.replies)) {
        assert.ok(new SegmentedMessage(r).segmentsCount <= 3, r);
        assert.doesNotMatch(r, /<|\*\*|\]\(/);
      }
    }
  });
  it('VA-14 a wait trigger starts a topic: its first step is said, with no greeting, and its answers go on as usual', () => {
    const waiting = { ...newSession(7), greeted: true, turns: 2, context: { name: 'Ana' } };
    const t = startTopic(DEMO_TOPICS, waiting, 'order_status');
    assert.deepEqual(t.replies, ['What is your order number? (digits only)']);
    assert.deepEqual([t.session.topicId, t.session.stepId, t.session.cursor, t.session.turns, t.session.context], ['order_status', 'ask_number', 7, 2, { name: 'Ana' }]);
    assert.match(respond(DEMO_TOPICS, t.session, '10482').replies[0], /^Thanks! Order 10482/);
  });
  it('VA-14 a topic the document no longer has: the topic picker instead', () => {
    const t = startTopic(DEMO_TOPICS, newSession(), 'gone');
    assert.match(t.replies[0], /^Reply with a number:/);
    assert.deepEqual(t.outcome, { kind: 'continue' });
  });
});
