// Pure: SPEC §1, who is texting. Given the users whose mobile number is the sender's and the number's active
// messaging profile, one of five outcomes. The take-in applies it when a conversation opens; re-association and
// compose use the same apply step with a person's choice instead.

export interface ProfileFacts {
  /** Active users whose mobile phone (E.164) is the number (PROF-10). */
  userIds: string[];
  /** The number's active profile, if any (PROF-7: at most one). */
  profile: { id: string; userId: string | null } | null;
}

export type ProfileOutcome = 'link' | 'keep' | 'guest' | 'conflict' | 'several_users';

export interface Resolution {
  outcome: ProfileOutcome;
  rule: string;
  /** Whom the interaction is opened for; null = guest. */
  requesterUserId: string | null;
  verifyIdentity: boolean;
  /** Keep the active profile, or create one (deactivating the current one first, if any). */
  profile: { keep: string } | { create: { userId: string | null }; deactivate: string | null };
}

export function resolveProfile({ userIds, profile }: ProfileFacts): Resolution {
  const [only] = userIds;
  if (!profile) {
    if (userIds.length === 0) {
      return { outcome: 'guest', rule: 'PROF-4', requesterUserId: null, verifyIdentity: false, profile: { create: { userId: null }, deactivate: null } };
    }
    if (userIds.length === 1) {
      return { outcome: 'link', rule: 'PROF-2', requesterUserId: only, verifyIdentity: false, profile: { create: { userId: only }, deactivate: null } };
    }
    return { outcome: 'several_users', rule: 'PROF-6', requesterUserId: null, verifyIdentity: true, profile: { create: { userId: null }, deactivate: null } };
  }
  const keep = { keep: profile.id };
  if (userIds.length === 0 || (userIds.length === 1 && only === profile.userId)) {
    return { outcome: 'keep', rule: 'PROF-3', requesterUserId: profile.userId, verifyIdentity: false, profile: keep };
  }
  if (profile.userId === null) {
    if (userIds.length === 1) {
      // PROF-8: a guest's number now matches exactly one person: link it (the guest profile is kept, inactive).
      return { outcome: 'link', rule: 'PROF-8', requesterUserId: only, verifyIdentity: false, profile: { create: { userId: only }, deactivate: profile.id } };
    }
    return { outcome: 'several_users', rule: 'PROF-6', requesterUserId: null, verifyIdentity: true, profile: keep };
  }
  // PROF-5: the number points at X but now also matches someone else: keep X, and ask the agent to verify.
  return { outcome: 'conflict', rule: 'PROF-5', requesterUserId: profile.userId, verifyIdentity: true, profile: keep };
}
