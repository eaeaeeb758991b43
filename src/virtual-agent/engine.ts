// Pure: the rule-based virtual agent (SPEC §6). (topic document, session, inbound text) → replies, the next session
// and whether to go on, hand off or end. The workflow reaches it through an activity, so an LLM-backed engine can
// replace it behind the same interface.
import { normalise, render } from './steps/step-type';
import { stepType } from './steps';
import type { Topic, TopicDocument } from './topics-schema';
import { newSession, type Target, type VaOutcome, type VaSession, type VaTurn } from './types';

/** Global commands, whole message, case-insensitive (SPEC §6). Opt-out keywords never get here (SPEC §9). */
export const GLOBAL_COMMANDS = ['agent', 'bye', 'help', 'restart', 'hi'] as const;

const CONTINUE: VaOutcome = { kind: 'continue' };
/** Text steps chained without a wait; more than this is a loop in the document. */
const MAX_HOPS = 20;

export function pickerText(doc: TopicDocument): string {
  return [doc.pickerPrompt, ...doc.topics.map((t, i) => `${i + 1}. ${t.title}`)].join('\n');
}

/** The picker's answer: the topic's number, its title, or one of its keywords. */
export function matchTopic(doc: TopicDocument, text: string, byNumber: boolean): Topic | undefined {
  const reply = normalise(text);
  if (byNumber && /^\d+$/.test(reply)) return doc.topics[Number(reply) - 1];
  const words = new Set(reply.split(' '));
  return (
    doc.topics.find((t) => normalise(t.title) === reply) ??
    doc.topics.find((t) => t.keywords.some((k) => (k.includes(' ') ? reply.includes(normalise(k)) : words.has(normalise(k))))) ??
    doc.topics.find((t) => reply.length >= 4 && normalise(t.title).includes(reply))
  );
}

/**
 * INT-10/VA-16: a step that only asks "anything else?": every answer leads back to the picker or to an end step of
 * the topic (or ends it). Waiting there, the topic's work is done.
 */
function asksAnythingElse(t: Topic, step: Topic['steps'][number]): boolean {
  const targets = step.type === 'yes_no' ? [step.yes, step.no] : step.type === 'choice' ? step.options.map((o) => o.next) : [];
  return targets.length > 0 && targets.every((x) => x === '@picker' || x === '@end' || t.steps.find((y) => y.id === x)?.type === 'end');
}

/**
 * VA-14: a queue's wait trigger starts topic `topicId` for a requester who was waiting (no text of theirs to answer):
 * its first steps are said. A topic the document no longer has: the topic picker instead.
 */
export function startTopic(doc: TopicDocument, current: VaSession, topicId: string): VaTurn {
  const t = doc.topics.find((x) => x.id === topicId);
  if (!t) {
    const session = { ...current, topicId: null, stepId: null, unrecognised: 0, greeted: true };
    return { replies: [pickerText(doc)], session, outcome: { kind: 'continue' } };
  }
  // The picker's own path into a topic, from a session that is already past the greeting.
  const turn = respond(doc, { ...current, topicId: null, stepId: null, unrecognised: 0, greeted: true }, String(doc.topics.indexOf(t) + 1));
  return { ...turn, session: { ...turn.session, turns: current.turns ?? 0 } };
}

export function respond(doc: TopicDocument, current: VaSession, text: string): VaTurn {
  let s: VaSession = { ...current, context: { ...current.context }, turns: (current.turns ?? 0) + 1 };
  const replies: string[] = [];
  const done = (outcome: VaOutcome): VaTurn => ({ replies, session: s, outcome });
  const atPicker = () => {
    s.topicId = null;
    s.stepId = null;
  };

  const topic = () => doc.topics.find((t) => t.id === s.topicId);
  const step = () => topic()?.steps.find((x) => x.id === s.stepId);
  /** What the requester is being asked now (after help or an unrecognised reply). */
  const currentPrompt = () => {
    const st = step();
    return (st && stepType(st).prompt(st, s.context)) || pickerText(doc);
  };

  /** Moves to `to`, saying each step's text, until a step waits for a reply or the topic hands off or ends. */
  const go = (t: Topic, to: Target): VaTurn => {
    let target = to;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (target === '@picker') {
        atPicker();
        s.topicDone = true; // the topic led back to the picker: it is done
        replies.push(pickerText(doc));
        return done(CONTINUE);
      }
      if (target === '@handoff') return done({ kind: 'handoff', reason: 'topic' });
      // INT-8: the topic ended the conversation itself (no live agent involved).
      if (target === '@end') return done({ kind: 'end', reason: 'auto_closed' });
      const next = t.steps.find((x) => x.id === target);
      if (!next) return done({ kind: 'handoff', reason: 'error' }); // VA-10: an unrecoverable error hands off
      const type = stepType(next);
      const said = type.prompt(next, s.context);
      if (said) replies.push(said);
      if (!type.then) {
        s.topicId = t.id;
        s.stepId = next.id;
        s.topicDone = asksAnythingElse(t, next);
        return done(CONTINUE);
      }
      target = type.then(next);
    }
    return done({ kind: 'handoff', reason: 'error' });
  };
  const enter = (t: Topic) => go(t, t.steps[0].id);

  const unrecognised = (hint?: string): VaTurn => {
    s.unrecognised++;
    if (s.unrecognised >= doc.maxUnrecognised) return done({ kind: 'handoff', reason: 'fallback' });
    replies.push(`${hint ?? doc.fallback}\n${currentPrompt()}`);
    return done(CONTINUE);
  };

  const command = normalise(text);
  switch (command) {
    case 'agent':
      return done({ kind: 'handoff', reason: 'requested' });
    case 'bye':
      replies.push(render(doc.closing, s.context));
      return done({ kind: 'end', reason: 'user_ended' });
    case 'help':
      replies.push(doc.help);
      if (s.greeted) replies.push(currentPrompt());
      s.greeted = true;
      if (!step()) atPicker();
      return done(CONTINUE);
    case 'restart':
    case 'hi':
      // restart: end and start over (captured context forgotten); hi: start (keeping it).
      s = { ...newSession(s.cursor), greeted: true, context: command === 'hi' ? s.context : {}, turns: s.turns };
      replies.push(`${doc.greeting}\n${pickerText(doc)}`);
      return done(CONTINUE);
  }

  if (!s.greeted) {
    // The first text: greet, and go straight into a topic its words name ("where is my order?").
    s.greeted = true;
    const t = matchTopic(doc, text, false);
    if (!t) {
      replies.push(`${doc.greeting}\n${pickerText(doc)}`);
      return done(CONTINUE);
    }
    replies.push(doc.greeting);
    return enter(t);
  }

  const st = step();
  if (!st) {
    const t = matchTopic(doc, text, true);
    if (!t) return unrecognised();
    s.unrecognised = 0;
    return enter(t);
  }
  const answer = stepType(st).answer?.(st, text) ?? { kind: 'unrecognised' as const };
  if (answer.kind === 'unrecognised') return unrecognised(answer.reply);
  s.unrecognised = 0;
  if (answer.capture) s.context[answer.capture.field] = answer.capture.value;
  return go(topic()!, answer.to);
}
