import { activityInfo, ApplicationFailure, heartbeat, sleep } from '@temporalio/activity';
import type { Knex } from 'knex';
import { NotFoundError } from '../domain/errors';
import { ProviderRejected } from '../providers/provider';
import { isOptedOut, recordProviderOptOut } from '../sms/consent';
import { applyStatus } from '../sms/delivery-status-store';
import { bookAutomatedSlot, bookReplySlot, laneOf } from '../sms/send-pacing';
import type { ActivityDeps } from './deps';

/**
 * A row under a workflow-minted id that no provider call has touched: a note, or an outbound text never tried. Only
 * such a row may be a workflow task attempt's that never became history (see recordOutbound), and only such a row
 * may be rewritten.
 */
export function neverSent(q: Knex.QueryBuilder): void {
  void q.where('messages.direction', 'system').orWhere((o) =>
    o.where('messages.direction', 'outbound').where('messages.send_attempts', 0).whereNull('messages.provider_sid').whereIn('messages.status', ['pending', 'canceled']),
  );
}

export function createRecordOutbound({ db, events }: ActivityDeps) {
  /**
   * Stores an agent's message under the id the workflow minted, before any provider call (exactly once).
   *
   * The id comes from the run's seeded `uuid4()`, which is the same on every attempt of a workflow task. A local
   * activity's write outlives an attempt that never became history (the worker died, or the server refused the
   * task's completion while PostgreSQL was down): the next attempt may hand the same id to a different message —
   * another agent's update processed first. Issue 23's fault test caught it: reply 27's row kept its body under the
   * id the API then returned for reply 32, so 27 went twice and 32 never. So a row under this id that was never sent
   * takes this call's content; a row that was sent (or tried) is history's and stays.
   */
  return async function recordOutbound(input: { messageId: string; interactionId: string; body: string; authorId: string }): Promise<void> {
    const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number', 'first_agent_response_at');
    if (!interaction) throw new NotFoundError(`interaction ${input.interactionId} does not exist`);
    await db('messages')
      .insert({
        id: input.messageId, interaction_id: input.interactionId, direction: 'outbound', company_number: interaction.company_number,
        requester_number: interaction.requester_number, body: input.body, status: 'pending', author_user_id: input.authorId,
      })
      .onConflict('id')
      .merge({
        interaction_id: input.interactionId, company_number: interaction.company_number, requester_number: interaction.requester_number,
        direction: 'outbound', body: input.body, author_user_id: input.authorId, author_kind: null, system_text_key: null, held_until: null,
        status: 'pending', error_code: null, error_message: null, updated_at: db.fn.now(),
      })
      .where(neverSent);
    await db('interactions').where({ id: input.interactionId }).update({
      last_message_at: db.fn.now(), updated_at: db.fn.now(), unread_count: 0,
      first_agent_response_at: db.raw('coalesce(first_agent_response_at, now())'),
    });
    events.interactionChanged(input.interactionId);
  };
}

/** System texts that still go to an opted-out number: the answers to its keywords. */
const OPT_OUT_EXEMPT = new Set<string | null>(['opt_out_confirmation', 'opt_in_confirmation', 'help']);

export function createCancelOutbound({ db, events }: ActivityDeps) {
  /** A stored message the workflow refused to send (the conversation changed meanwhile): never sent, shown as such. */
  return async function cancelOutbound(input: { messageId: string; reason: string }): Promise<void> {
    const rows = await db('messages').where({ id: input.messageId, status: 'pending' })
      .update({ status: 'canceled', error_message: input.reason, updated_at: db.fn.now() })
      .returning('interaction_id');
    for (const r of rows) events.interactionChanged(r.interaction_id);
  };
}

export function createSendOutbound({ db, provider, statusCallbackUrl, events, log }: ActivityDeps) {
  /**
   * DESIGN "Ingress and egress": never call the provider twice for a message that has a provider id. A retry that
   * finds an attempt without one (the process died mid-call) first asks the provider whether it already took it.
   */
  return async function sendOutbound(input: { messageId: string; mayDefer?: boolean }): Promise<{ providerSid: string | null; retryInMs?: number }> {
    heartbeat();
    const msg = await db('messages').where({ id: input.messageId }).first();
    if (!msg) throw new NotFoundError(`message ${input.messageId} does not exist`);
    if (msg.provider_sid) return { providerSid: msg.provider_sid };
    if (msg.status === 'failed' || msg.status === 'canceled') return { providerSid: null };
    // SPEC §9: nothing reaches the provider for an opted-out number, whoever wrote it, except the answers to the
    // keywords themselves (the STOP confirmation, HELP).
    if (!OPT_OUT_EXEMPT.has(msg.system_text_key) && (await isOptedOut(db, msg.company_number, msg.requester_number))) {
      await db('messages').where({ id: msg.id }).update({
        status: 'canceled', error_code: 'opted_out', error_message: 'The requester opted out (STOP): nothing was sent.', updated_at: db.fn.now(),
      });
      events.interactionChanged(msg.interaction_id);
      return { providerSid: null };
    }
    const req = { from: msg.company_number, to: msg.requester_number, body: msg.body, statusCallbackUrl };

    if (msg.send_attempts > 0) {
      const found = await provider.findSent({ ...req, since: msg.created_at });
      if (found) {
        log.warn(
          { messageId: msg.id, providerSid: found.providerSid, interactionId: msg.interaction_id, workflowId: activityInfo().workflowExecution?.workflowId },
          'reconciled an ambiguous send: the provider already had it',
        );
        await saveSent(found.providerSid, found.status);
        return { providerSid: found.providerSid };
      }
    }
    // SPEC §9 sending rate, shared by every worker: wait a moment for a booked slot, or tell the workflow when to ask
    // again (it waits on a timer, not in this activity).
    // (A run of the frozen pre-decider workflow cannot wait, so it is paced here.)
    for (;;) {
      const booking = laneOf(msg) === 'automated' ? await bookAutomatedSlot(db, msg.company_number, msg.id) : await bookReplySlot(db, msg.company_number, msg.id);
      if (booking.booked) {
        if (booking.waitMs > 0) await sleep(booking.waitMs);
        break;
      }
      if (input.mayDefer) return { providerSid: null, retryInMs: booking.retryInMs };
      await sleep(Math.min(booking.retryInMs, 5000));
      heartbeat();
    }
    await db('messages').where({ id: msg.id }).update({ status: 'sending', send_attempts: db.raw('send_attempts + 1'), updated_at: db.fn.now() });
    heartbeat();
    try {
      const sent = await provider.send(req);
      await saveSent(sent.providerSid, sent.status);
      return { providerSid: sent.providerSid };
    } catch (err) {
      if (err instanceof ProviderRejected) {
        await db('messages').where({ id: msg.id }).update({ status: 'failed', error_code: err.code, error_message: err.message, updated_at: db.fn.now() });
        if (err.code === '21610') await recordProviderOptOut(db, msg.company_number, msg.requester_number, msg.id);
        events.interactionChanged(msg.interaction_id);
        throw ApplicationFailure.nonRetryable(err.message, 'ProviderRejected', err.code);
      }
      throw err;
    }

    async function saveSent(providerSid: string, status: string) {
      // The status callback may have raced ahead of this write; keep whichever status ranks higher.
      await db('messages').where({ id: msg.id }).update({
        provider_sid: providerSid, updated_at: db.fn.now(),
        status: db.raw(`case when status in ('pending','sending') then ? else status end`, [status]),
      });
      await applyEarlyStatusEvents(providerSid);
      events.interactionChanged(msg.interaction_id);
    }

    async function applyEarlyStatusEvents(providerSid: string) {
      const early = await db('message_status_events').where({ provider_sid: providerSid }).orderBy('id');
      for (const e of early) await applyStatus(db, { providerSid, status: e.status, errorCode: e.error_code || null });
    }
  };
}
