import { activityInfo, ApplicationFailure, heartbeat } from '@temporalio/activity';
import { NotFoundError } from '../domain/errors';
import { ProviderRejected } from '../providers/provider';
import { applyStatus } from '../sms/delivery-status-store';
import type { ActivityDeps } from './deps';

export function createRecordOutbound({ db, events }: ActivityDeps) {
  /** Stores an agent's message under the id the workflow minted, before any provider call (exactly once). */
  return async function recordOutbound(input: { messageId: string; interactionId: string; body: string; authorId: string }): Promise<void> {
    const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number', 'first_agent_response_at');
    if (!interaction) throw new NotFoundError(`interaction ${input.interactionId} does not exist`);
    await db('messages')
      .insert({
        id: input.messageId, interaction_id: input.interactionId, direction: 'outbound', company_number: interaction.company_number,
        requester_number: interaction.requester_number, body: input.body, status: 'pending', author_user_id: input.authorId,
      })
      .onConflict('id')
      .ignore();
    await db('interactions').where({ id: input.interactionId }).update({
      last_message_at: db.fn.now(), updated_at: db.fn.now(), unread_count: 0,
      first_agent_response_at: db.raw('coalesce(first_agent_response_at, now())'),
    });
    events.interactionChanged(input.interactionId);
  };
}

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
  return async function sendOutbound(input: { messageId: string }): Promise<{ providerSid: string | null }> {
    heartbeat();
    const msg = await db('messages').where({ id: input.messageId }).first();
    if (!msg) throw new NotFoundError(`message ${input.messageId} does not exist`);
    if (msg.provider_sid) return { providerSid: msg.provider_sid };
    if (msg.status === 'failed') return { providerSid: null };
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
    await db('messages').where({ id: msg.id }).update({ status: 'sending', send_attempts: db.raw('send_attempts + 1'), updated_at: db.fn.now() });
    heartbeat();
    try {
      const sent = await provider.send(req);
      await saveSent(sent.providerSid, sent.status);
      return { providerSid: sent.providerSid };
    } catch (err) {
      if (err instanceof ProviderRejected) {
        await db('messages').where({ id: msg.id }).update({ status: 'failed', error_code: err.code, error_message: err.message, updated_at: db.fn.now() });
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
