import type { Knex } from 'knex';
import { resolveProfile, type ProfileFacts, type Resolution } from '../domain/resolve-profile';
import { candidateUsers, type RequesterDirectory } from './requester-directory';

// Applies SPEC §1's decisions to PostgreSQL. The profile columns of `interactions` (requester_profile_id,
// requester_user_id, verify_identity) are written only here: when a conversation opens, and when a person
// re-associates it (PROF-9) or composes to its number (AI-17).

export interface Requester {
  profileId: string;
  userId: string | null;
  verifyIdentity: boolean;
}

/** SPEC §1's facts: the candidate users (PROF-10's mobile-phone match, or PROF-11's directory) and the active profile. */
export async function readProfileFacts(db: Knex, number: string, directory?: RequesterDirectory): Promise<ProfileFacts> {
  const { rows } = await db.raw(
    `select (select coalesce(json_agg(id order by id), '[]'::json) from users where mobile_phone = :number and active) as user_ids,
            (select json_build_object('id', id, 'userId', user_id) from messaging_profiles where phone_number = :number and active) as profile`,
    { number },
  );
  const userIds = await candidateUsers(directory, number, async () => rows[0].user_ids);
  return { userIds, profile: rows[0].profile };
}

/**
 * Who opened this interaction (PROF-1…8), from the facts the opening claim read. Usually one statement: keep the
 * number's profile, or create it. A profile created by a concurrent first text from the same number (to another
 * company number) wins the partial unique index; this one then reads the facts again and keeps it.
 */
export async function resolveRequester(db: Knex, interactionId: string, number: string, facts: ProfileFacts): Promise<Requester & { resolution: Resolution }> {
  for (let attempt = 0; ; attempt++) {
    const resolution = resolveProfile(facts);
    const applied = await applyResolution(db, { interactionId, number, resolution, reason: 'inbound', actorId: null });
    if (applied) return { ...applied, resolution };
    if (attempt >= 2) throw new Error(`could not settle the messaging profile of ${number}`);
    // The profile changed under us; the candidates (perhaps a directory's answer) stand.
    facts = { ...(await readProfileFacts(db, number)), userIds: facts.userIds };
  }
}

/** Null when the profile to create lost a race for the number (the caller reads the facts again). */
async function applyResolution(
  db: Knex,
  a: { interactionId: string; number: string; resolution: Resolution; reason: string; actorId: string | null },
): Promise<Requester | null> {
  const { resolution: r } = a;
  const requester = { interactionId: a.interactionId, userId: r.requesterUserId, verify: r.verifyIdentity };
  if ('keep' in r.profile) {
    await db.raw(
      `update interactions set requester_profile_id = :profileId, requester_user_id = :userId, verify_identity = :verify, updated_at = now()
        where id = :interactionId`,
      { ...requester, profileId: r.profile.keep },
    );
    return { profileId: r.profile.keep, userId: r.requesterUserId, verifyIdentity: r.verifyIdentity };
  }
  if (r.profile.deactivate) {
    const replaced = await replaceProfile(db, { ...a, userId: r.profile.create.userId, deactivate: r.profile.deactivate, verifyIdentity: r.verifyIdentity });
    return replaced;
  }
  const { rows } = await db.raw(
    `with created as (
       insert into messaging_profiles (phone_number, user_id, created_reason, created_by)
       values (:number, :profileUserId, :reason, :actorId)
       on conflict (phone_number) where active do nothing
       returning id
     ), linked as (
       update interactions set requester_profile_id = (select id from created), requester_user_id = :userId,
              verify_identity = :verify, updated_at = now()
        where id = :interactionId and exists (select 1 from created)
     )
     select id from created`,
    { ...requester, number: a.number, profileUserId: r.profile.create.userId, reason: a.reason, actorId: a.actorId },
  );
  return rows.length ? { profileId: rows[0].id, userId: r.requesterUserId, verifyIdentity: r.verifyIdentity } : null;
}

/**
 * PROF-7/PROF-9/AI-11: the number now belongs to someone else (or to no one): the active profile is deactivated
 * (kept for audit) and a new one created, and the interaction's requester changes with it. One transaction.
 */
export async function replaceProfile(
  db: Knex,
  a: { interactionId: string; number: string; userId: string | null; deactivate: string | 'current'; reason: string; actorId: string | null; verifyIdentity?: boolean },
): Promise<Requester> {
  return db.transaction(async (trx) => {
    const current = await trx('messaging_profiles').where({ phone_number: a.number, active: true }).forUpdate().first('id');
    if (current && (a.deactivate === 'current' || current.id === a.deactivate)) {
      await trx('messaging_profiles').where({ id: current.id }).update({ active: false, deactivated_at: trx.fn.now(), deactivated_by: a.actorId });
    }
    const [created] = await trx('messaging_profiles')
      .insert({ phone_number: a.number, user_id: a.userId, created_reason: a.reason, created_by: a.actorId })
      .returning('id');
    await trx('interactions').where({ id: a.interactionId }).update({
      requester_profile_id: created.id, requester_user_id: a.userId, verify_identity: a.verifyIdentity ?? false, updated_at: trx.fn.now(),
    });
    return { profileId: created.id as string, userId: a.userId, verifyIdentity: a.verifyIdentity ?? false };
  });
}
