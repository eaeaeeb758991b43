import assert from 'node:assert/strict';
import { agentWrote, conditionHolds, emptyRuns, pendingActions, requesterWrote, takeDue, type ArmedAction } from '../../src/domain/messaging-actions';

// SPEC §7 (MA-1…13, ref Q3/Q4): the runs and their timers, pure.
const E1 = 'requester_message_without_agent_response' as const;
const E2 = 'agent_message_without_requester_response' as const;
const remind: ArmedAction = { id: 'remind', event: E1, durationMs: 30 * 60_000 };
const nudge: ArmedAction = { id: 'nudge', event: E1, durationMs: 60 * 60_000 };
const abandon: ArmedAction = { id: 'abandon', event: E2, durationMs: 2 * 86_400_000 };
const MIN = 60_000;

describe('messaging actions: runs and timers (SPEC §7)', () => {
  it('MA-2/Q3 the requester-waiting run is anchored at the FIRST unanswered requester text', () => {
    let r = requesterWrote(emptyRuns([remind]), 0);
    r = requesterWrote(r, 10 * MIN);
    assert.deepEqual(pendingActions(r).map((a) => [a.id, a.at]), [['remind', 30 * MIN]]);
  });
  it('MA-2/Q3 the agent-waiting run is anchored at the LAST agent message', () => {
    let r = agentWrote(emptyRuns([abandon]), 0);
    r = agentWrote(r, 5 * MIN);
    assert.equal(pendingActions(r)[0].at, 5 * MIN + 2 * 86_400_000);
  });
  it('MA-8 a message from the other side cancels the run', () => {
    const waiting = requesterWrote(emptyRuns([remind, abandon]), 0);
    const answered = agentWrote(waiting, 10 * MIN);
    assert.deepEqual(pendingActions(answered).map((a) => a.id), ['abandon'], 'the agent answered: only their own run is left');
    const replied = requesterWrote(answered, 20 * MIN);
    assert.deepEqual(pendingActions(replied).map((a) => [a.id, a.at]), [['remind', 50 * MIN]]);
  });
  it('MA-3 several actions on one event each fire on their own duration', () => {
    const r = requesterWrote(emptyRuns([nudge, remind]), 0);
    assert.deepEqual(pendingActions(r).map((a) => a.id), ['remind', 'nudge']);
    assert.deepEqual(takeDue(r, 30 * MIN).due.map((a) => a.id), ['remind']);
    assert.deepEqual(takeDue(r, 60 * MIN).due.map((a) => a.id), ['remind', 'nudge']);
  });
  it('Q3 each action fires at most once per run; a new run arms it again', () => {
    const r = requesterWrote(emptyRuns([remind]), 0);
    const { due, runs } = takeDue(r, 31 * MIN);
    assert.deepEqual(due.map((a) => a.id), ['remind']);
    assert.deepEqual(pendingActions(runs), []);
    assert.deepEqual(takeDue(runs, 90 * MIN).due, [], 'not again in this run');
    const next = requesterWrote(agentWrote(runs, 95 * MIN), 100 * MIN);
    assert.deepEqual(pendingActions(next).map((a) => [a.id, a.at]), [['remind', 130 * MIN]]);
  });
  it('MA-7 without armed (active) actions there is no timer', () => {
    assert.deepEqual(pendingActions(requesterWrote(emptyRuns([]), 0)), []);
  });
  it('MA-4 the filter (states, queues) is evaluated against the interaction when the timer fires; inactive never fires', () => {
    const def = { active: true, condition: { states: ['on_hold' as const], queueIds: ['sms'] } };
    assert.equal(conditionHolds(def, { state: 'on_hold', queueId: 'sms' }), true);
    assert.equal(conditionHolds(def, { state: 'work_in_progress', queueId: 'sms' }), false);
    assert.equal(conditionHolds(def, { state: 'on_hold', queueId: 'other' }), false);
    assert.equal(conditionHolds({ active: true, condition: {} }, { state: 'queued', queueId: null }), true);
    assert.equal(conditionHolds({ active: false, condition: {} }, { state: 'queued', queueId: null }), false);
  });
});
