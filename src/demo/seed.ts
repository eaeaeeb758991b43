import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { ensureQueueGroup, placeInGroups } from '../routing/default-groups';

export const DEMO_QUEUE_ID = 'sms-support';
export const DEMO_USERS = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'agent1@example.com', name: 'Alex Agent', role: 'agent' },
  { email: 'agent2@example.com', name: 'Sam Agent', role: 'agent' },
] as const;

/** Seeds an empty database only; returns the password when it seeded, null when data was already there. */
// SPEC §9: a US number's requesters span six zones; the demo lines judge their quiet hours on Pacific time.
const DEMO_TIME_ZONE = 'America/Los_Angeles';

export async function seedDemo(db: Knex, opts: { password?: string; companyNumber: string; vaNumber: string }): Promise<{ password: string; generated: boolean } | null> {
  // The queue and both company numbers on every demo start, so a demo database from an older version gets the
  // virtual agent's number too; users only on an empty database.
  await db.transaction(async (trx) => {
    const inserted = await trx('queues')
      .insert({ id: DEMO_QUEUE_ID, name: 'SMS support', channel_id: 'sms', position: 0, max_wait_seconds: 0 })
      .onConflict('id')
      .ignore()
      .returning('id');
    // Q-5 (SPEC §17): the demo queue has its group, the default for new agents (an older demo got it by migration).
    if (inserted.length) await ensureQueueGroup(trx, { id: DEMO_QUEUE_ID, name: 'SMS support' });
    await trx('company_numbers')
      .insert({ number: opts.companyNumber, display_name: 'Parley demo line', queue_id: DEMO_QUEUE_ID, live_agent_only: true, time_zone: DEMO_TIME_ZONE })
      .onConflict('number')
      .ignore();
    // RI-2: the second demo number's new conversations start with the virtual agent.
    await trx('company_numbers')
      .insert({ number: opts.vaNumber, display_name: 'Parley virtual agent line', queue_id: DEMO_QUEUE_ID, live_agent_only: false, time_zone: DEMO_TIME_ZONE })
      .onConflict('number')
      .ignore();
  });
  const [{ count }] = await db('users').count<{ count: string }[]>('* as count');
  if (Number(count) > 0) return null;
  const generated = !opts.password;
  const password = opts.password ?? randomBytes(9).toString('base64url');
  const hash = await hashPassword(password);
  await db.transaction(async (trx) => {
    for (const u of DEMO_USERS) {
      const [row] = await trx('users').insert({ ...u, password_hash: hash }).returning('id');
      await trx('agent_presence').insert({ user_id: row.id, status: 'offline' });
      await placeInGroups(trx, { id: row.id, role: u.role });
    }
  });
  return { password, generated };
}
