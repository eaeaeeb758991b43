import assert from 'node:assert/strict';
import { adoptionSnapshot, needsWorkItem, type OpenWorkItemRow, type OrphanRow } from '../../src/domain/adoption';

// Issue 22: what a new run is given when it adopts an open interaction no workflow owns.
const row = (over: Partial<OrphanRow> = {}): OrphanRow => ({ interactionId: 'i-1', state: 'work_in_progress', queueId: 'q', assignedAgentId: 'a-1', projectionVersion: 7, ...over });
const item = (over: Partial<OpenWorkItemRow> = {}): OpenWorkItemRow => ({ workItemId: 'w-1', state: 'queued', offerId: null, offeredAgentId: null, offerExpiresAt: null, ...over });
const NOW = 1_700_000_000_000;

describe('adopting an orphaned interaction (issue 22)', () => {
  const cases: { name: string; row: OrphanRow; item: OpenWorkItemRow | null; expect: Record<string, unknown> }[] = [
    {
      name: 'RI-6 an assigned conversation keeps its assignee and state, and takes in what nobody claimed',
      row: row(), item: null,
      expect: { interactionId: 'i-1', state: 'work_in_progress', assignedAgentId: 'a-1', workItemId: null, offer: null, inboundPending: true, version: 7 },
    },
    {
      name: 'SPEC §4 on hold stays on hold', row: row({ state: 'on_hold' }), item: null,
      expect: { state: 'on_hold', assignedAgentId: 'a-1' },
    },
    {
      name: 'Q-7 a queued one keeps its work item (and its place in line)', row: row({ state: 'queued', assignedAgentId: null }), item: item(),
      expect: { state: 'queued', workItemId: 'w-1', offer: null },
    },
    {
      name: 'WI-3 an offered one keeps the pending offer, so its timeout runs again',
      row: row({ state: 'queued', assignedAgentId: null }), item: item({ state: 'offered', offerId: 'o-1', offeredAgentId: 'a-2', offerExpiresAt: NOW + 5_000 }),
      expect: { state: 'offered', workItemId: 'w-1', offer: { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-2', expiresAt: NOW + 5_000 } },
    },
    {
      name: 'WI-3 still `new` in the read model but already queued and offered (the run ended before projecting): offered',
      row: row({ state: 'new', assignedAgentId: null }), item: item({ state: 'offered', offerId: 'o-1', offeredAgentId: 'a-2', offerExpiresAt: NOW + 5_000 }),
      expect: { state: 'offered', workItemId: 'w-1', offer: { workItemId: 'w-1', offerId: 'o-1', agentId: 'a-2', expiresAt: NOW + 5_000 } },
    },
    {
      name: 'Q-7 still `new` in the read model with a queued item: queued, keeping the item',
      row: row({ state: 'new', assignedAgentId: null }), item: item(),
      expect: { state: 'queued', workItemId: 'w-1', offer: null },
    },
    {
      name: 'an item returned to the queue after the read model said offered: queued again',
      row: row({ state: 'offered', assignedAgentId: null }), item: item(),
      expect: { state: 'queued', offer: null },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = adoptionSnapshot(c.row, c.item, NOW);
      for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(s[k as keyof typeof s], v, k);
    });
  }

  it('a closed interaction is never adopted', () => {
    assert.throws(() => adoptionSnapshot(row({ state: 'closed_complete' }), null, NOW), /closed/);
  });

  it('queued again: nobody assigned, the work item left to the caller', () => {
    const s = adoptionSnapshot(row({ state: 'virtual_agent', assignedAgentId: null }), null, NOW, { queueAgain: true });
    assert.deepEqual([s.state, s.assignedAgentId, s.workItemId, s.va, s.version], ['queued', null, null, null, 7]);
  });

  it('one waiting for live agents without a work item must be queued first', () => {
    for (const state of ['new', 'queued', 'offered'] as const) {
      assert.equal(needsWorkItem({ state }, null), true, state);
      assert.throws(() => adoptionSnapshot(row({ state }), null, NOW), /queue it first/);
    }
    assert.equal(needsWorkItem({ state: 'virtual_agent' }, null), true, 'VA-10: its session is lost: a person takes it');
    assert.equal(needsWorkItem({ state: 'queued' }, item()), false);
    assert.equal(needsWorkItem({ state: 'work_in_progress' }, null), false);
  });
});
