import assert from 'node:assert/strict';
import { closedLabel } from '../../web/src/workspace/conversations/close-reason-words';
import { historyFilterOf } from '../../web/src/workspace/history/history-search';

describe('the Workspace’s History search and words (issue 25)', () => {
  it('issue 25: the search box is a number when it holds only phone characters, else a name; too little says why', () => {
    for (const [typed, expected] of [
      ['', { filter: {} }],
      ['555 0123', { filter: { number: '555 0123' } }],
      ['(415) 555-0123', { filter: { number: '(415) 555-0123' } }],
      ['+1 415', { filter: { number: '+1 415' } }],
      ['Ana', { filter: { name: 'Ana' } }],
      ['  ana lopez ', { filter: { name: 'ana lopez' } }],
      ['12', { problem: 'Type at least 3 digits of the number.' }],
      ['a', { problem: 'Type at least 2 letters of the name.' }],
    ] as const) assert.deepEqual(historyFilterOf(typed, '', ''), expected, typed);
  });

  it('issue 25: the date fields are whole local days, the “to” day included; a “to” before the “from” says why', () => {
    const r = historyFilterOf('', '2026-12-01', '2026-12-03');
    assert.ok('filter' in r);
    assert.equal(r.filter.closedSince, new Date(2026, 11, 1).toISOString());
    assert.equal(r.filter.closedUntil, new Date(2026, 11, 4).toISOString());
    assert.deepEqual(historyFilterOf('', '2026-12-03', '2026-12-01'), { problem: 'The “Closed to” date is before the “Closed from” date.' });
    assert.ok('filter' in historyFilterOf('', '2026-12-03', '2026-12-03'), 'one day');
  });

  it('issue 25: a close reads as its reason and outcome in words', () => {
    assert.equal(closedLabel('closed_complete', 'agent_ended'), 'Ended by an agent · complete');
    assert.equal(closedLabel('closed_abandoned', 'left_before_engagement'), 'The requester left before anyone answered · abandoned');
    assert.equal(closedLabel('closed_abandoned', null), 'Closed · abandoned');
  });
});
