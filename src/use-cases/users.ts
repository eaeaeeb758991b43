import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import type { Role } from '../auth/sessions';
import { ConflictError, NotFoundError } from '../domain/errors';

export async function createUser(
  db: Knex,
  actorId: string | null,
  u: { email: string; name: string; role: Role; password: string; mobilePhone?: string | null; smsCapacity?: number | null },
) {
  const hash = await hashPassword(u.password);
  return db.transaction(async (trx) => {
    const exists = await trx('users').where({ email: u.email }).first('id');
    if (exists) throw new ConflictError(`a user with email ${u.email} already exists`);
    const [row] = await trx('users')
      .insert({ email: u.email, name: u.name, role: u.role, password_hash: hash, mobile_phone: u.mobilePhone ?? null, sms_capacity: u.smsCapacity ?? null })
      .returning(['id', 'email', 'name', 'role']);
    await trx('agent_presence').insert({ user_id: row.id, status: 'offline' });
    // In the transaction rather than through the api's listener: the command line creates the first admin too.
    await writeAudit(trx, { action: 'user.created', actorId, subject: { type: 'user', id: row.id }, to: u.role, detail: { email: u.email } });
    return row as { id: string; email: string; name: string; role: Role };
  });
}

export async function listUsers(db: Knex) {
  return db('users as u')
    .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
    .orderBy('u.email')
    .select('u.id', 'u.email', 'u.name', 'u.role', 'u.active', 'u.mobile_phone as mobilePhone', 'u.sms_capacity as smsCapacity', db.raw(`coalesce(p.status, 'offline') as presence`));
}

/** An admin changes a user; the mobile phone (E.164) is what profile resolution matches (PROF-10). */
export async function updateUser(
  db: Knex,
  actorId: string,
  id: string,
  change: { name?: string; role?: Role; mobilePhone?: string | null; smsCapacity?: number | null; active?: boolean },
) {
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
    if (Object.keys(columns).length) await trx('users').where({ id }).update(columns);
    // One row naming the columns that changed, before → after; a request that changes nothing writes none.
    const changed = Object.entries(columns).filter(([column, value]) => before[column] !== value);
    if (changed.length) {
      await writeAudit(trx, {
        action: 'user.changed', actorId, subject: { type: 'user', id }, detail: { change },
        from: changed.map(([column]) => `${column}=${String(before[column])}`).join(', '),
        to: changed.map(([column, value]) => `${column}=${String(value)}`).join(', '),
      });
    }
    const u = await trx('users').where({ id }).first();
    return { id: u.id as string, email: u.email as string, name: u.name as string, role: u.role as Role, active: u.active as boolean, mobilePhone: (u.mobile_phone as string | null) ?? null, smsCapacity: (u.sms_capacity as number | null) ?? null };
  });
}
