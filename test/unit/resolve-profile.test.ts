import assert from 'node:assert/strict';
import { resolveProfile, type ProfileFacts, type Resolution } from '../../src/domain/resolve-profile';

// SPEC §1, one row per outcome (and the edges between them).
describe('messaging profile resolution (SPEC §1)', () => {
  const rows: [string, ProfileFacts, Pick<Resolution, 'outcome' | 'requesterUserId' | 'verifyIdentity' | 'profile'>][] = [
    ['PROF-2 exactly one user has the number and no profile: link a new profile to that user', { userIds: ['u1'], profile: null },
      { outcome: 'link', requesterUserId: 'u1', verifyIdentity: false, profile: { create: { userId: 'u1' }, deactivate: null } }],
    ['PROF-3 no user, a linked profile: opened for the profile’s user, user record untouched', { userIds: [], profile: { id: 'p1', userId: 'u1' } },
      { outcome: 'keep', requesterUserId: 'u1', verifyIdentity: false, profile: { keep: 'p1' } }],
    ['PROF-3 no user, an unlinked profile: the guest again', { userIds: [], profile: { id: 'p1', userId: null } },
      { outcome: 'keep', requesterUserId: null, verifyIdentity: false, profile: { keep: 'p1' } }],
    ['PROF-3 the profile’s own user matches: keep it', { userIds: ['u1'], profile: { id: 'p1', userId: 'u1' } },
      { outcome: 'keep', requesterUserId: 'u1', verifyIdentity: false, profile: { keep: 'p1' } }],
    ['PROF-4 no user, no profile: guest, with a new unlinked profile', { userIds: [], profile: null },
      { outcome: 'guest', requesterUserId: null, verifyIdentity: false, profile: { create: { userId: null }, deactivate: null } }],
    ['PROF-5 the profile points at X but the number now matches Y: keep X, verify identity', { userIds: ['u2'], profile: { id: 'p1', userId: 'u1' } },
      { outcome: 'conflict', requesterUserId: 'u1', verifyIdentity: true, profile: { keep: 'p1' } }],
    ['PROF-5/PROF-6 the profile points at X and several users match: keep X, verify identity', { userIds: ['u1', 'u2'], profile: { id: 'p1', userId: 'u1' } },
      { outcome: 'conflict', requesterUserId: 'u1', verifyIdentity: true, profile: { keep: 'p1' } }],
    ['PROF-6 several users share the number and no profile: guest with an unlinked profile, verify identity', { userIds: ['u1', 'u2'], profile: null },
      { outcome: 'several_users', requesterUserId: null, verifyIdentity: true, profile: { create: { userId: null }, deactivate: null } }],
    ['PROF-6 several users and a guest profile: still the guest, verify identity', { userIds: ['u1', 'u2'], profile: { id: 'p1', userId: null } },
      { outcome: 'several_users', requesterUserId: null, verifyIdentity: true, profile: { keep: 'p1' } }],
    ['PROF-8 a guest’s number now matches exactly one user: link it (the guest profile kept, inactive)', { userIds: ['u1'], profile: { id: 'p1', userId: null } },
      { outcome: 'link', requesterUserId: 'u1', verifyIdentity: false, profile: { create: { userId: 'u1' }, deactivate: 'p1' } }],
  ];
  for (const [name, facts, want] of rows) {
    it(name, () => {
      const { outcome, requesterUserId, verifyIdentity, profile, rule } = resolveProfile(facts);
      assert.deepEqual({ outcome, requesterUserId, verifyIdentity, profile }, want);
      assert.equal(rule, name.split(' ')[0].split('/')[0]);
    });
  }
});
