import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { decideSender } from '../domain/compose-sender';
import { ConflictError, InvalidInputError, UnavailableError } from '../domain/errors';
import type { InteractionState } from '../domain/interaction-state';
import { toValidE164 } from '../domain/phone';
import type { ProviderNumbers } from '../providers/owned-numbers';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import type { ComposeResult } from '../workflows/definitions';
import { refuseOptedOut } from './opt-out';

// SPEC §3, Compose SMS. The api validates and warns; the pair's workflow decides the outcome (AI-14…17).

/** AI-9: every number is normalised to E.164 in the default region; an invalid one is refused, naming the field. */
export function composeNumber(field: 'to' | 'from', value: string, region: string): string {
  const e164 = toValidE164(value, region);
  if (!e164) throw new InvalidInputError(`invalid ${field}: "${value}" is not a valid phone number (region ${region})`);
  return e164;
}

const ALLOW_MANUAL_FROM = 'compose.allowManualFrom';

/** AI-6: the admin's "agents may type a sender number". */
export async function composeSettings(db: Knex): Promise<{ allowManualFrom: boolean }> {
  const row = await db('settings').where({ key: ALLOW_MANUAL_FROM }).first('value');
  return { allowManualFrom: row?.value === 'true' };
}

export async function putComposeSettings(db: Knex, actorId: string, s: { allowManualFrom: boolean }) {
  await db.transaction(async (trx) => {
    await trx('settings').insert({ key: ALLOW_MANUAL_FROM, value: String(s.allowManualFrom) }).onConflict('key').merge();
    await writeAudit(trx, { action: 'compose_settings.changed', actorId, subject: { type: 'settings', id: 'compose' }, detail: s });
  });
  return composeSettings(db);
}

/** The sender: a company number, or (AI-6, when allowed) a typed number the provider account owns. */
interface Sender {
  number: string;
  /** Owned but not yet a company number: sending registers it. */
  register: boolean;
}

async function sender(db: Knex, numbers: ProviderNumbers, from: string, region: string): Promise<Sender> {
  const number = composeNumber('from', from, region);
  const row = await db('company_numbers').where({ number }).first('active');
  const facts = { number, companyNumber: row ? { active: row.active as boolean } : null, ...(await composeSettings(db)) };
  let decision = decideSender(facts);
  if ('use' in decision && decision.use === 'ask_provider') {
    const owned = await numbers.owns(number).catch((err: unknown) => {
      throw new UnavailableError(`the provider could not say which numbers the account owns (${String(err)}); try again`);
    });
    decision = decideSender({ ...facts, owned });
  }
  if ('refuse' in decision) throw new InvalidInputError(`invalid from: ${decision.refuse}`);
  return { number, register: decision.use === 'register' };
}

/**
 * AI-6: an owned number typed as the sender becomes a company number, so the requester's replies to it reach Parley.
 * It takes the queue, pacing and quiet hours of the first company number; an admin can rename or switch it off.
 */
async function registerSender(db: Knex, number: string, actorId: string): Promise<void> {
  await db.transaction(async (trx) => {
    const template = await trx('company_numbers').where({ active: true }).orderBy('created_at').first();
    if (!template) throw new InvalidInputError(`invalid from: there is no company number yet whose queue ${number} could share`);
    const inserted = await trx('company_numbers')
      .insert({
        number, display_name: number, queue_id: template.queue_id, live_agent_only: template.live_agent_only, rate_per_second: template.rate_per_second,
        quiet_hours_start: template.quiet_hours_start, quiet_hours_end: template.quiet_hours_end, time_zone: template.time_zone,
      })
      .onConflict('number')
      .ignore()
      .returning('number');
    if (inserted.length) {
      await writeAudit(trx, { action: 'company_number.registered', actorId, subject: { type: 'company_number', id: number }, detail: { queueId: template.queue_id } });
    }
  });
}

/** AI-4/AI-6: the numbers an agent may send from, and whether they may type one. */
export async function composeOptions(db: Knex) {
  const rows = await db('company_numbers').where({ active: true }).orderBy('number').select('number', 'display_name');
  return { fromNumbers: rows.map((r) => ({ number: r.number as string, displayName: r.display_name as string })), ...(await composeSettings(db)) };
}

/** AI-8/AI-10: what sending would run into: the pair's active interaction, and whose the number is. */
export async function composeCheck(db: Knex, numbers: ProviderNumbers, q: { from: string; to: string; forUserId?: string | null }, region: string) {
  const from = await sender(db, numbers, q.from, region);
  const to = composeNumber('to', q.to, region);
  const active = await db('interactions as i')
    .leftJoin('users as u', 'u.id', 'i.assigned_agent_id')
    .where({ 'i.company_number': from.number, 'i.requester_number': to })
    .whereNotIn('i.state', ['closed_complete', 'closed_abandoned'])
    .first('i.id', 'i.state', 'i.assigned_agent_id', 'u.name as agent_name', 'i.last_message_at', 'i.created_at');
  const profile = await db('messaging_profiles as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .where({ 'p.phone_number': to, 'p.active': true })
    .first('p.user_id', 'u.name');
  const conflict = q.forUserId && profile?.user_id && profile.user_id !== q.forUserId ? { userId: profile.user_id as string, name: profile.name as string } : null;
  return {
    from,
    to,
    activeInteraction: active
      ? {
          id: active.id as string, state: active.state as InteractionState, assignedAgentId: (active.assigned_agent_id as string | null) ?? null,
          assignedAgentName: (active.agent_name as string | null) ?? null,
          lastMessageAt: ((active.last_message_at ?? active.created_at) as Date).toISOString(),
        }
      : null,
    conflict,
  };
}

/** AI-10/AI-11: a number that is someone else's needs `proceed`; then the workflow opens, joins or replaces. */
export async function composeSms(
  db: Knex,
  gateway: InteractionGateway,
  numbers: ProviderNumbers,
  agentId: string,
  c: { from: string; to: string; body: string; forUserId?: string | null; proceed?: boolean },
  region: string,
): Promise<ComposeResult> {
  if (c.forUserId) {
    const user = await db('users').where({ id: c.forUserId, active: true }).first('id');
    if (!user) throw new InvalidInputError('invalid body: forUserId is not an active user');
  }
  const check = await composeCheck(db, numbers, c, region);
  if (check.conflict && !c.proceed) {
    throw new ConflictError(`${check.to} is associated with ${check.conflict.name}; sending associates it with the person you write for (send again with proceed: true)`, 'association_conflict');
  }
  await refuseOptedOut(db, check.from.number, check.to); // SPEC §3/§9: nothing is created
  if (check.from.register) await registerSender(db, check.from.number, agentId);
  return gateway.compose(check.from.number, check.to, { agentId, body: c.body, forUserId: c.forUserId ?? null });
}
