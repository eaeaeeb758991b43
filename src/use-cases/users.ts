import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import { revokeSessions, type Role } from '../auth/sessions';
import type { PostCommit } from '../realtime/post-commit';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors';
import { placeInGroups } from '../routing/default-groups';

export async function createUser(
  db: Knex,
  actorId: string | null,
  u: { email: string; name: string; role: Role; password: string; mobilePhone?: string | null; smsCapacity?: number | null; groupIds?: string[] },
) {
  const hash = await hashPassword(u.password);
  return db.transaction(async (trx) => {
    const exists = await trx('users').where({ email: u.email }).first('id');
    if (exists) throw new ConflictError(`a user with email ${u.email} already exists`);
    const [row] = await trx('users')
      .insert({ email: u.email, name: u.name, role: u.role, password_hash: hash, mobile_phone: u.mobilePhone ?? null, sms_capacity: u.smsCapacity ?? null })
      .returning(['id', 'email', 'name', 'role']);
    await trx('agent_presence').insert({ user_id: row.id, status: 'offline' });
    // no groups named → the default groups for new agents (docs/decisions.md), so a new agent is offered work.
    if (u.groupIds) await checkGroups(trx, u.groupIds);
    await placeInGroups(trx, row, u.groupIds);
    // In the transaction rather than through the api's listener: the command line creates the first admin too.
    await writeAudit(trx, { action: 'user.created', actorId, subject: { type: 'user', id: row.id }, to: u.role, detail: { email: u.email } });
    return row as { id: string; email: string; name: string; role: Role };
  });
}

async function checkGroups(trx: Knex, groupIds: string[]): Promise<void> {
  const wanted = [...new Set(groupIds)];
  const found = wanted.length ? await trx('agent_groups').whereIn('id', wanted).pluck('id') : [];
  const missing = wanted.filter((g) => !found.includes(g));
  if (missing.length) throw new InvalidInputError(`invalid body: groupIds: no group ${missing.join(', ')}`);
}

const GROUP_IDS = `(select coalesce(array_agg(m.group_id order by m.group_id), '{}') from agent_group_members m where m.user_id = u.id)`;

export async function listUsers(db: Knex) {
  return db('users as u')
    .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
    .orderBy('u.email')
    .select(
      'u.id', 'u.email', 'u.name', 'u.role', 'u.active', 'u.mobile_phone as mobilePhone', 'u.sms_capacity as smsCapacity',
      db.raw(`coalesce(p.status, 'offline') as presence`), db.raw(`${GROUP_IDS} as "groupIds"`),
    );
}

/**
 * There is always an admin: the acting admin is active and an admin, so refusing only their own deactivation or
 * demotion is enough (anyone else they change leaves them).
 */
function refuseSelfLockout(actorId: string, id: string, change: { role?: Role; active?: boolean }): void {
  if (actorId !== id) return;
  if (change.active === false) throw new InvalidInputError('invalid body: active you cannot deactivate yourself; ask another admin', 'self_lockout');
  if (change.role !== undefined && change.role !== 'admin') {
    throw new InvalidInputError(`invalid body: role you cannot change your own role to ${change.role}; ask another admin`, 'self_lockout');
  }
}

/** An admin changes a user; the mobile phone (E.164) is what profile resolution matches (PROF-10). */
export async function updateUser(
  deps: { db: Knex; postCommit: PostCommit },
  actorId: string,
  id: string,
  change: { name?: string; role?: Role; mobilePhone?: string | null; smsCapacity?: number | null; active?: boolean; groupIds?: string[] },
) {
  const { db, postCommit } = deps;
  const columns = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.role !== undefined ? { role: change.role } : {}),
    ...(change.mobilePhone !== undefined ? { mobile_phone: change.mobilePhone } : {}),
    ...(change.smsCapacity !== undefined ? { sms_capacity: change.smsCapacity } : {}),
    ...(change.active !== undefined ? { active: change.active } : {}),
  };
  return db.transaction(async (trx) => {
    const before = await trx('users').where({ id }).forUpdate().first();
    if (!before) throw new NotFoundError('no such user');
    refuseSelfLockout(actorId, id, change);
    if (Object.keys(columns).length) await trx('users').where({ id }).update(columns);
    const groupsBefore: string[] = await trx('agent_group_members').where({ user_id: id }).orderBy('group_id').pluck('group_id');
    if (change.groupIds) {
      await checkGroups(trx, change.groupIds);
      await placeInGroups(trx, { id, role: before.role }, change.groupIds);
    }
    const groupsAfter = change.groupIds ? [...new Set(change.groupIds)].sort() : groupsBefore;
    // Deactivated: signed out now, not at their sessions' expiry (sign-in already refuses an inactive user).
    if (change.active === false && before.active) await revokeSessions(trx, id);
    // One row naming the columns that changed, before → after; a request that changes nothing writes none.
    const changed: [string, unknown][] = Object.entries(columns).filter(([column, value]) => before[column] !== value);
    const groupsChanged = groupsAfter.join(',') !== groupsBefore.join(',');
    if (groupsChanged) changed.push(['groups', groupsAfter.join(' ')]);
    const was = (column: string) => (column === 'groups' ? groupsBefore.join(' ') : before[column]);
    if (changed.length) {
      if (groupsChanged) postCommit.after(trx, { type: 'routing_config' });
      await writeAudit(trx, {
        action: 'user.changed', actorId, subject: { type: 'user', id }, detail: { change },
        from: changed.map(([column]) => `${column}=${String(was(column))}`).join(', '),
        to: changed.map(([column, value]) => `${column}=${String(value)}`).join(', '),
      });
    }
    const u = await trx('users').where({ id }).first();
    return {
      id: u.id as string, email: u.email as string, name: u.name as string, role: u.role as Role, active: u.active as boolean,
      mobilePhone: (u.mobile_phone as string | null) ?? null, smsCapacity: (u.sms_capacity as number | null) ?? null, groupIds: groupsAfter,
    };
  });
}

/** An admin sets a user's password: stored memory-hard, their sessions revoked, audited without the password. */
export async function resetPassword(db: Knex, actorId: string, id: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.transaction(async (trx) => {
    const updated = await trx('users').where({ id }).update({ password_hash: hash });
    if (!updated) throw new NotFoundError('no such user');
    const revoked = await revokeSessions(trx, id);
    await writeAudit(trx, { action: 'user.password_reset', actorId, subject: { type: 'user', id }, detail: { sessionsRevoked: revoked } });
  });
}
