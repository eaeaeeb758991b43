import assert from 'node:assert/strict';
import type { LiveTimer, MessagingAction } from '../../web/src/workspace/shared/api';
import { timeLeftLabel } from '../../web/src/time-labels';
import { conditionLabel, durationLabel, effectLabel, splitDuration, timerDetail, timerLabel, whenLabel } from '../../web/src/workspace/conversations/messaging-action-words';

const NOW = Date.parse('2026-12-02T08:00:00Z');
const due = (ms: number) => new Date(NOW + ms).toISOString();
const action = (over: Partial<MessagingAction>): MessagingAction => ({
  id: '00000000-0000-4000-8000-000000000001', name: 'Nudge', active: true, event: 'requester_message_without_agent_response',
  durationSeconds: 1800, condition: {}, action: 'prompt_agent', promptText: null, targetState: null, ...over,
});
const maTimer = (ms: number): LiveTimer => ({ kind: 'messaging_action', dueAt: due(ms), actionId: action({}).id, event: 'requester_message_without_agent_response' });

describe('the Workspace’s words for messaging actions (SPEC §7)', () => {
  it('time left: m:ss under an hour, h:mm:ss under a day, days and hours beyond, never negative', () => {
    for (const [ms, label] of [
      [72_000, '1:12'], [(29 * 60 + 41) * 1000, '29:41'], [(1 * 3600 + 58 * 60) * 1000, '1:58:00'],
      [(47 * 3600 + 1) * 1000, '1d 23h'], [-5000, '0:00'], [400, '0:01'],
    ] as const) assert.equal(timeLeftLabel(ms), label, String(ms));
  });

  it('durations in the largest exact unit', () => {
    assert.deepEqual(splitDuration(1800), { amount: 30, unit: 'minutes' });
    assert.deepEqual(splitDuration(172_800), { amount: 2, unit: 'days' });
    assert.deepEqual(splitDuration(5400), { amount: 90, unit: 'minutes' });
    assert.deepEqual(splitDuration(5), { amount: 5, unit: 'seconds' });
    assert.equal(durationLabel(1800), '30 min');
    assert.equal(durationLabel(86_400), '1 day');
  });

  it('the table’s columns: the seeded defaults read as the admin thinks of them', () => {
    assert.equal(whenLabel(action({})), 'Requester waiting 30 min');
    assert.equal(whenLabel(action({ event: 'agent_message_without_requester_response', durationSeconds: 172_800 })), 'Agent waiting 2 days');
    assert.equal(effectLabel(action({ action: 'set_state', targetState: 'closed_abandoned' })), 'Set state to Closed · abandoned');
    assert.equal(effectLabel(action({ action: 'prompt_requester', promptText: 'Still there?' })), 'Text the requester: “Still there?”');
    assert.equal(conditionLabel({}), 'Any conversation');
    assert.equal(conditionLabel({ states: ['work_in_progress', 'on_hold'], queueIds: ['sales'] }), 'State In progress or On hold · queue sales');
  });

  it('the header’s countdown names the step for an admin, and the event otherwise', () => {
    const t = maTimer((29 * 60 + 41) * 1000);
    assert.equal(timerLabel(t, action({}), true, NOW), 'Prompt you in 29:41');
    assert.equal(timerLabel(t, action({}), false, NOW), 'Prompt the agent in 29:41');
    assert.equal(timerLabel(maTimer(47 * 3600_000), action({ action: 'set_state', targetState: 'closed_abandoned' }), true, NOW), 'Closes as abandoned in 1d 23h');
    assert.equal(timerLabel(t, undefined, true, NOW), 'Automatic step in 29:41');
    assert.equal(timerDetail(t, undefined, true, NOW), 'Automatic step in 29:41 · The requester wrote and no agent has answered');
    assert.equal(timerDetail(t, action({}), true, NOW), 'Prompt you in 29:41 · Nudge (Requester waiting 30 min)');
    assert.equal(timerLabel({ kind: 'offer_timeout', dueAt: due(72_000) }, undefined, true, NOW), 'Offer expires in 1:12');
    assert.equal(timerLabel({ kind: 'va_idle', dueAt: due(7_080_000) }, undefined, true, NOW), 'Virtual agent closes in 1:58:00');
  });

  it('issue 25: an agent who cannot read the admin list reads what the step does from the live view’s effect', () => {
    const left = (29 * 60 + 59) * 1000;
    const withEffect = (effect: NonNullable<LiveTimer['effect']>): LiveTimer => ({ ...maTimer(left), effect });
    for (const [effect, mine, label] of [
      [{ action: 'prompt_requester', targetState: null }, true, 'Reminder to the requester in 29:59'],
      [{ action: 'prompt_agent', targetState: null }, true, 'Prompt you in 29:59'],
      [{ action: 'prompt_agent', targetState: null }, false, 'Prompt the agent in 29:59'],
      [{ action: 'reassign', targetState: null }, true, 'Goes to another agent in 29:59'],
      [{ action: 'set_state', targetState: 'closed_abandoned' }, true, 'Closes as abandoned in 29:59'],
      [{ action: 'set_state', targetState: 'closed_complete' }, true, 'Closes as complete in 29:59'],
      [{ action: 'set_state', targetState: 'on_hold' }, true, 'Goes on hold in 29:59'],
    ] as const) {
      assert.equal(timerLabel(withEffect(effect), undefined, mine, NOW), label, JSON.stringify(effect));
    }
    assert.equal(
      timerDetail(withEffect({ action: 'prompt_requester', targetState: null }), undefined, true, NOW),
      'Reminder to the requester in 29:59 · The requester wrote and no agent has answered',
    );
    assert.equal(timerLabel({ kind: 'max_wait', dueAt: due(left) }, undefined, true, NOW), 'Max-wait text to the requester in 29:59');
  });
});
