import type { Knex } from 'knex';
import { ConflictError, InvalidInputError } from '../domain/errors';
import type { InteractionState } from '../domain/interaction-state';
import { toValidE164 } from '../domain/phone';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import type { ComposeResult } from '../workflows/definitions';

// SPEC §3, Compose SMS. The api validates and warns; the pair's workflow decides the outcome (AI-14…17).

/** AI-9: every number is normalised to E.164 in the default region; an invalid one is refused, naming the field. */
export function composeNumber(field: 'to' | 'from', value: string, region: string): string {
  const e164 = toValidE164(value, region);
  if (!e164) throw new InvalidInputError(`invalid ${field}: "${value}" is not a valid phone number (region ${region})`);
  return e164;
}

async function companyNumber(db: Knex, from: string, region: string): Promise<string> {
  const number = composeNumber('from', from, region);
  const row = await db('company_numbers').where({ number, active: true }).first('number');
  if (!row) throw new InvalidInputError(`invalid from: ${number} is not one of our company numbers`);
  return number;
}

/** AI-4/AI-6: the numbers an agent may send from, and whether they may type one. */
export async function composeOptions(db: Knex) {
  const rows = await db('company_numbers').where({ active: true }).orderBy('number').select('number', 'display_name');
  const manual = await db('settings').where({ key: 'compose.allowManualFrom' }).first('value');
  return { fromNumbers: rows.map((r) => ({ number: r.number as string, displayName: r.display_name as string })), allowManualFrom: manual?.value === 'true' };
}

/** AI-8/AI-10: what sending would run into: the pair's active interaction, and whose the number is. */
export async function composeCheck(db: Knex, q: { from: string; to: string; forUserId?: string | null }, region: string) {
  const from = await companyNumber(db, q.from, region);
  const to = composeNumber('to', q.to, region);
  const active = await db('interactions as i')
    .leftJoin('users as u', 'u.id', 'i.assigned_agent_id')
    .where({ 'i.company_number': from, 'i.requester_number': to })
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
  agentId: string,
  c: { from: string; to: string; body: string; forUserId?: string | null; proceed?: boolean },
  region: string,
): Promise<ComposeResult> {
  if (c.forUserId) {
    const user = await db('users').where({ id: c.forUserId, active: true }).first('id');
    if (!user) throw new InvalidInputError('invalid body: forUserId is not an active user');
  }
  const check = await composeCheck(db, c, region);
  if (check.conflict && !c.proceed) {
    throw new ConflictError(`${check.to} is associated with ${check.conflict.name}; sending associates it with the person you write for (send again with proceed: true)`, 'association_conflict');
  }
  return gateway.compose(check.from, check.to, { agentId, body: c.body, forUserId: c.forUserId ?? null });
}
