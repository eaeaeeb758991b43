import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { decideRecipient, DEFAULT_COMPOSE_CHANNEL, type ComposeChannelSettings, type RecipientRules } from '../domain/compose-recipient';
import { decideSender } from '../domain/compose-sender';
import { ConflictError, InvalidInputError, UnavailableError } from '../domain/errors';
import type { InteractionState } from '../domain/interaction-state';
import type { ProviderNumbers } from '../providers/owned-numbers';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import type { ComposeResult } from '../workflows/definitions';
import { refuseOptedOut } from './opt-out';
import { isOptedOut } from '../sms/consent';

// SPEC §3, Compose SMS. The api validates and warns; the pair's workflow decides the outcome (AI-14…17).

/** AI-9/AI-12: every number is normalised by the recipient rules (E.164); an invalid one is refused, naming the field. */
export function composeNumber(field: 'to' | 'from', value: string, rules: RecipientRules): string {
  const r = rules.normalise(value);
  if ('refuse' in r) throw new InvalidInputError(`invalid ${field}: ${r.refuse}`);
  return r.e164;
}

const ALLOW_MANUAL_FROM = 'compose.allowManualFrom';
/** The channel Compose SMS sends on (web chat, SPEC §12, adds another). */
export const COMPOSE_CHANNEL = 'sms';

export interface ComposeSettings {
  allowManualFrom: boolean;
  /** AI-2: every channel's settings, lower order first. */
  channels: ComposeChannelSettings[];
}

/** AI-2/AI-6: the admin's compose settings. A channel without a row has the defaults (today's behaviour). */
export async function composeSettings(db: Knex): Promise<ComposeSettings> {
  const row = await db('settings').where({ key: ALLOW_MANUAL_FROM }).first('value');
  const rows = await db('channels as c')
    .leftJoin('compose_channel_settings as s', 's.channel_id', 'c.id')
    .select('c.id', 's.active', 's.sort_order', 's.check_active_profile', 's.allow_manual_to');
  const channels = rows
    .map((r): ComposeChannelSettings => ({
      channel: r.id as string,
      active: (r.active as boolean | null) ?? DEFAULT_COMPOSE_CHANNEL.active,
      order: (r.sort_order as number | null) ?? DEFAULT_COMPOSE_CHANNEL.order,
      checkActiveProfile: (r.check_active_profile as boolean | null) ?? DEFAULT_COMPOSE_CHANNEL.checkActiveProfile,
      allowManualTo: (r.allow_manual_to as boolean | null) ?? DEFAULT_COMPOSE_CHANNEL.allowManualTo,
    }))
    .sort((a, b) => a.order - b.order || a.channel.localeCompare(b.channel));
  return { allowManualFrom: row?.value === 'true', channels };
}

async function channelSettings(db: Knex, channel: string): Promise<ComposeChannelSettings> {
  const found = (await composeSettings(db)).channels.find((c) => c.channel === channel);
  return found ?? { channel, ...DEFAULT_COMPOSE_CHANNEL };
}

/** AI-2/AI-6: what an admin changes; a channel left out keeps its settings. Audited as sent. */
export async function putComposeSettings(db: Knex, actorId: string, s: { allowManualFrom?: boolean; channels?: ComposeChannelSettings[] }) {
  await db.transaction(async (trx) => {
    if (s.allowManualFrom !== undefined) {
      await trx('settings').insert({ key: ALLOW_MANUAL_FROM, value: String(s.allowManualFrom) }).onConflict('key').merge();
    }
    const channels = s.channels ?? [];
    const ids = channels.map((c) => c.channel);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new InvalidInputError(`invalid body: channels: ${twice} is listed twice`);
    const found = ids.length ? await trx('channels').whereIn('id', ids).pluck('id') : [];
    const missing = ids.filter((id) => !found.includes(id));
    if (missing.length) throw new InvalidInputError(`invalid body: channels: no channel ${missing.join(', ')}`);
    for (const c of channels) {
      await trx('compose_channel_settings')
        .insert({
          channel_id: c.channel, active: c.active, sort_order: c.order, check_active_profile: c.checkActiveProfile, allow_manual_to: c.allowManualTo,
          updated_at: trx.fn.now(),
        })
        .onConflict('channel_id')
        .merge();
    }
    await writeAudit(trx, { action: 'compose_settings.changed', actorId, subject: { type: 'settings', id: 'compose' }, detail: s });
  });
  return composeSettings(db);
}

/** AI-2: a channel switched off refuses every compose on it. */
function refuseInactive(settings: ComposeChannelSettings): void {
  if (!settings.active) {
    throw new ConflictError(`compose is switched off for ${settings.channel.toUpperCase()} (Admin → Compose); an admin can switch it on`, 'compose_off');
  }
}

/** The sender: a company number, or (AI-6, when allowed) a typed number the provider account owns. */
interface Sender {
  number: string;
  /** Owned but not yet a company number: sending registers it. */
  register: boolean;
}

async function sender(db: Knex, numbers: ProviderNumbers, from: string, rules: RecipientRules): Promise<Sender> {
  const number = composeNumber('from', from, rules);
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

/** AI-2/AI-4/AI-6: the numbers an agent may send from, whether they may type one, and each channel's settings. */
export async function composeOptions(db: Knex) {
  const rows = await db('company_numbers').where({ active: true }).orderBy('number').select('number', 'display_name');
  return { fromNumbers: rows.map((r) => ({ number: r.number as string, displayName: r.display_name as string })), ...(await composeSettings(db)) };
}

interface WritingFor {
  name: string;
  /** AI-12: the number the user's record points at (RecipientRules.numberOf), normalised; null: none. */
  number: string | null;
}

async function writingFor(db: Knex, rules: RecipientRules, forUserId: string | null | undefined): Promise<WritingFor | null> {
  if (!forUserId) return null;
  const user = await db('users').where({ id: forUserId, active: true }).first('id', 'name', 'mobile_phone');
  if (!user) return null;
  const number = rules.numberOf({ id: user.id as string, name: user.name as string, mobilePhone: (user.mobile_phone as string | null) ?? null });
  const normalised = number ? rules.normalise(number) : null;
  return { name: user.name as string, number: normalised && 'e164' in normalised ? normalised.e164 : null };
}

/** The recipient: the typed `to`, or (none typed) the number the chosen user's record points at (AI-5, AI-12). */
function recipientNumber(typed: string | undefined, person: WritingFor | null, rules: RecipientRules): string {
  if (typed?.trim()) return composeNumber('to', typed, rules);
  if (!person) throw new InvalidInputError('invalid to: is required (a number, or the person you are writing for)');
  if (!person.number) throw new InvalidInputError(`invalid to: ${person.name} has no mobile number to send to`);
  return person.number;
}

/**
 * AI-2: the recipient a compose may send to on the channel: typed only when the channel allows it (else the number
 * the chosen user's record points at), and with an active messaging profile when the channel asks for one. Refusals
 * name `to`.
 */
async function refuseRecipient(db: Knex, settings: ComposeChannelSettings, to: string, person: WritingFor | null): Promise<void> {
  const facts = { settings, to, writingFor: person };
  let decision = decideRecipient(facts);
  if ('check' in decision) {
    const profile = await db('messaging_profiles').where({ phone_number: to, active: true }).first('id');
    decision = decideRecipient({ ...facts, hasActiveProfile: Boolean(profile) });
  }
  if ('refuse' in decision) throw new InvalidInputError(`invalid to: ${decision.refuse}`);
}

/** AI-8/AI-10: what sending would run into: the pair's active interaction, and whose the number is. */
export async function composeCheck(db: Knex, numbers: ProviderNumbers, q: { from: string; to?: string; forUserId?: string | null }, rules: RecipientRules) {
  const settings = await channelSettings(db, COMPOSE_CHANNEL);
  refuseInactive(settings);
  const from = await sender(db, numbers, q.from, rules);
  const person = await writingFor(db, rules, q.forUserId);
  const to = recipientNumber(q.to, person, rules);
  await refuseRecipient(db, settings, to, person);
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
    // SPEC §9: said before Send (the send itself is refused too).
    optedOut: await isOptedOut(db, from.number, to),
  };
}

/** AI-10/AI-11: a number that is someone else's needs `proceed`; then the workflow opens, joins or replaces. */
export async function composeSms(
  db: Knex,
  gateway: InteractionGateway,
  numbers: ProviderNumbers,
  agentId: string,
  c: { from: string; to?: string; body: string; forUserId?: string | null; proceed?: boolean },
  rules: RecipientRules,
): Promise<ComposeResult> {
  if (c.forUserId) {
    const user = await db('users').where({ id: c.forUserId, active: true }).first('id');
    if (!user) throw new InvalidInputError('invalid body: forUserId is not an active user');
  }
  const check = await composeCheck(db, numbers, c, rules);
  if (check.conflict && !c.proceed) {
    throw new ConflictError(`${check.to} is associated with ${check.conflict.name}; sending associates it with the person you write for (send again with proceed: true)`, 'association_conflict');
  }
  await refuseOptedOut(db, check.from.number, check.to); // SPEC §3/§9: nothing is created
  if (check.from.register) await registerSender(db, check.from.number, agentId);
  return gateway.compose(check.from.number, check.to, { agentId, body: c.body, forUserId: c.forUserId ?? null });
}
