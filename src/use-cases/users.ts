import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import type { Role } from '../auth/sessions';
import { ConflictError, NotFoundError } from '../api/errors';

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

const CHANGEABLE = { name: 'name', role: 'role', active: 'active', mobilePhone: 'mobile_phone', smsCapacity: 'sms_capacity' } as const;

/**
 * Changes what is given; one audit row (`user.changed`) names the fields that changed, before → after (a password
 * as "changed", never its value). Deactivating ends the user's sessions.
 */
export async function changeUser(
  db: Knex,
  actorId: string,
  id: string,
  c: { name?: string; role?: Role; active?: boolean; mobilePhone?: string | null; smsCapacity?: number | null; password?: string },
) {
  const hash = c.password ? await hashPassword(c.password) : undefined;
  return db.transaction(async (trx) => {
    const before = await trx('users').where({ id }).forUpdate().first();
    if (!before) throw new NotFoundError('no such user');
    const changed = (Object.keys(CHANGEABLE) as (keyof typeof CHANGEABLE)[]).filter((k) => c[k] !== undefined && c[k] !== before[CHANGEABLE[k]]);
    const update: Record<string, unknown> = Object.fromEntries(changed.map((k) => [CHANGEABLE[k], c[k]]));
    if (hash) update.password_hash = hash;
    if (Object.keys(update).length) {
      await trx('users').where({ id }).update(update);
      if (c.active === false) await trx('sessions').where({ user_id: id }).delete();
      const show = (values: Record<string, unknown>) =>
        [...changed.map((k) => `${k}=${String(values[CHANGEABLE[k]])}`), ...(hash ? [`password=${values === before ? 'old' : 'changed'}`] : [])].join(', ');
      await writeAudit(trx, { action: 'user.changed', actorId, subject: { type: 'user', id }, from: show(before), to: show({ ...before, ...update }) });
    }
    const after = await trx('users').where({ id }).first('id', 'email', 'name', 'role', 'active', 'mobile_phone', 'sms_capacity');
    return { id: after.id, email: after.email, name: after.name, role: after.role, active: after.active, mobilePhone: after.mobile_phone, smsCapacity: after.sms_capacity };
  });
}

export async function listUsers(db: Knex) {
  return db('users as u')
    .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
    .orderBy('u.email')
    .select('u.id', 'u.email', 'u.name', 'u.role', 'u.active', 'u.mobile_phone as mobilePhone', 'u.sms_capacity as smsCapacity', db.raw(`coalesce(p.status, 'offline') as presence`));
}

/** Manager view (SPEC §10): every active interaction and who holds it. */
export async function listActiveInteractions(db: Knex) {
  const rows = await db('interactions as i')
    .leftJoin('users as u', 'u.id', 'i.assigned_agent_id')
    .whereNotIn('i.state', ['closed_complete', 'closed_abandoned'])
    .orderBy('i.created_at', 'desc')
    .limit(500)
    .select('i.id', 'i.state', 'i.requester_number', 'i.company_number', 'i.queue_id', 'i.assigned_agent_id', 'u.name as agent_name', 'i.created_at', 'i.last_message_at');
  return rows.map((r) => ({
    id: r.id, state: r.state, requesterNumber: r.requester_number, companyNumber: r.company_number, queueId: r.queue_id,
    assignedAgentId: r.assigned_agent_id, assignedAgentName: r.agent_name, createdAt: r.created_at?.toISOString(), lastMessageAt: r.last_message_at?.toISOString() ?? null,
  }));
}
