import { quietHoursEnd, requesterTimeZone } from '../domain/quiet-hours';
import { HELD_IN_QUIET_HOURS, type SystemTextKey } from '../system-texts/defaults';
import { fillEstimatedWait } from '../system-texts/estimated-wait';
import type { ActivityDeps } from './deps';

/** `{{agentName}}`-style fields of a system text. */
function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => vars[k] ?? '');
}

export function createSystemTextActivities({ db, events }: ActivityDeps) {
  const agentName = async (agentId: string | null | undefined) =>
    agentId ? ((await db('users').where({ id: agentId }).first('name'))?.name as string | undefined) ?? 'An agent' : 'An agent';
  /** SPEC §9: when an unsolicited text to this requester may go, if it is night for them now (else null). */
  const quietHoldFor = async (key: SystemTextKey, pair: { company_number: string; requester_number: string }): Promise<number | null> => {
    if (!HELD_IN_QUIET_HOURS.has(key)) return null;
    const number = await db('company_numbers').where({ number: pair.company_number }).first('quiet_hours_start', 'quiet_hours_end', 'time_zone');
    if (!number?.quiet_hours_start || !number.quiet_hours_end) return null;
    const now = Date.now();
    const zone = requesterTimeZone({ requesterNumber: pair.requester_number, companyNumber: pair.company_number, companyTimeZone: number.time_zone }, now);
    return quietHoursEnd(now, { start: number.quiet_hours_start, end: number.quiet_hours_end }, zone);
  };
  return {
    /**
     * SPEC §8: stores the system text `key` for the requester under the id the workflow minted (the outbox sends it,
     * exactly once). Nothing when the admin turned the text off. `body` replaces the text (a messaging action's own
     * prompt, MA-13). `estimatedWaitSeconds` fills `{{estimated_wait}}` (VA-11).
     */
    async recordSystemText(input: {
      interactionId: string; key: SystemTextKey; messageId: string; agentId?: string | null; body?: string | null; estimatedWaitSeconds?: number;
    }): Promise<{ recorded: boolean; holdUntil?: number }> {
      const text = await db('system_texts').where({ key: input.key }).first('body', 'enabled');
      if (!text?.enabled) return { recorded: false };
      const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number');
      // A retry finds the row it wrote (and the hold decided then), so the fact it reports does not change.
      const existing = await db('messages').where({ id: input.messageId }).first('held_until');
      const holdUntil = existing ? (existing.held_until?.getTime() ?? null) : await quietHoldFor(input.key, interaction);
      if (!existing) {
        await db('messages')
          .insert({
            id: input.messageId, interaction_id: input.interactionId, direction: 'outbound', company_number: interaction.company_number,
            requester_number: interaction.requester_number, body: fill(fillEstimatedWait(input.body ?? text.body, input.estimatedWaitSeconds), { agentName: await agentName(input.agentId) }),
            status: 'pending', author_kind: 'system', system_text_key: input.key, held_until: holdUntil === null ? null : new Date(holdUntil),
          })
          .onConflict('id')
          .ignore();
        events.interactionChanged(input.interactionId);
      }
      return holdUntil === null ? { recorded: true } : { recorded: true, holdUntil };
    },

    /** A note in the transcript for agents only (agent joined, handoffs, system closes): never texted (SYS-1, SYS-7). */
    async recordNote(input: { interactionId: string; text: string; agentId?: string | null; noteId: string }): Promise<void> {
      const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number');
      await db('messages')
        .insert({
          id: input.noteId, interaction_id: input.interactionId, direction: 'system', company_number: interaction.company_number,
          requester_number: interaction.requester_number, body: input.text.replace('{{agent}}', await agentName(input.agentId)),
          status: 'received', author_kind: 'system', author_user_id: input.agentId ?? null,
        })
        .onConflict('id')
        .ignore();
      events.interactionChanged(input.interactionId);
    },
  };
}
