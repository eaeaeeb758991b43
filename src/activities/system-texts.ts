import type { Note } from '../domain/interaction/notes';
import { quietHoursEnd, requesterTimeZone } from '../domain/quiet-hours';
import { localizedText, requesterLanguage, type TextLanguage, type Translations } from '../domain/text-language';
import { HELD_IN_QUIET_HOURS, type SystemTextKey } from '../system-texts/defaults';
import { fillEstimatedWait } from '../system-texts/estimated-wait';
import { storedNoteWords, UNKNOWN_AGENT } from '../system-texts/note-words';
import type { ActivityDeps } from './deps';
import { neverSent } from './outbound';

/** `{{agentName}}`-style fields of a system text. */
function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => vars[k] ?? '');
}

export function createSystemTextActivities({ db, events }: ActivityDeps) {
  const agentName = async (agentId: string | null | undefined) =>
    agentId ? ((await db('users').where({ id: agentId }).first('name'))?.name as string | undefined) ?? UNKNOWN_AGENT : UNKNOWN_AGENT;
  /** SPEC §9: when an unsolicited text to this requester may go, if it is night for them now (else null). */
  const quietHoldFor = async (key: SystemTextKey, pair: { company_number: string; requester_number: string }): Promise<number | null> => {
    if (!HELD_IN_QUIET_HOURS.has(key)) return null;
    const number = await db('company_numbers').where({ number: pair.company_number }).first('quiet_hours_start', 'quiet_hours_end', 'time_zone');
    if (!number?.quiet_hours_start || !number.quiet_hours_end) return null;
    const now = Date.now();
    const zone = requesterTimeZone({ requesterNumber: pair.requester_number, companyNumber: pair.company_number, companyTimeZone: number.time_zone }, now);
    return quietHoursEnd(now, { start: number.quiet_hours_start, end: number.quiet_hours_end }, zone);
  };
  /**
   * SYS-6/SYS-2: the text in the requester's language (chosen here, never in the workflow), from the accepting
   * queue's own initial response when it has one. Null when it is not to be sent.
   */
  const textFor = async (key: SystemTextKey, interaction: { id: string; company_number: string; requester_number: string; queue_id: string | null }) => {
    const text = await db('system_texts').where({ key }).first('body', 'enabled');
    const company = await db('company_numbers').where({ number: interaction.company_number }).first('language');
    const language = requesterLanguage(interaction.requester_number, company?.language);
    const translations = async (): Promise<Translations> =>
      Object.fromEntries((await db('system_text_translations').where({ key }).select('language', 'body')).map((r) => [r.language as TextLanguage, r.body as string]));
    const own = key === 'agent_accepted' ? await acceptingQueueText(interaction) : null;
    // SYS-2: a queue's own initial response is that queue's setting; the switch governs the global text only.
    if (!own && !text?.enabled) return null;
    return localizedText(language, { body: text?.body ?? '', translations: text ? await translations() : {} }, own);
  };
  /** SYS-2: the initial response of the queue the conversation was accepted from (its latest work item's). */
  const acceptingQueueText = async (interaction: { id: string; queue_id: string | null }) => {
    const item = await db('work_items').where({ interaction_id: interaction.id }).orderBy('created_at', 'desc').first('queue_id');
    const queueId = (item?.queue_id as string | undefined) ?? interaction.queue_id;
    if (!queueId) return null;
    const queue = await db('queues').where({ id: queueId }).first('initial_response_text', 'initial_response_translations');
    return queue?.initial_response_text ? { body: queue.initial_response_text as string, translations: (queue.initial_response_translations ?? {}) as Translations } : null;
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
      const interaction = await db('interactions').where({ id: input.interactionId }).first('id', 'company_number', 'requester_number', 'queue_id');
      // A retry finds the row it wrote (and the hold decided then), so the fact it reports does not change. A row
      // under this id for another text (or a note), never sent, is a workflow task attempt's that never became
      // history (see recordOutbound): it takes this text.
      const existing = await db('messages').where({ id: input.messageId }).first('held_until', 'system_text_key', 'interaction_id', 'provider_sid', 'send_attempts');
      const leftover = existing && (existing.system_text_key !== input.key || existing.interaction_id !== input.interactionId) && !existing.provider_sid && existing.send_attempts === 0;
      if (existing && !leftover) return existing.held_until ? { recorded: true, holdUntil: existing.held_until.getTime() } : { recorded: true };
      const text = await textFor(input.key, interaction);
      if (!text) {
        // Turned off: nothing goes, and a phantom under this id (never sent, no history names it) goes too.
        if (leftover) await db('messages').where({ id: input.messageId }).where(neverSent).delete();
        return { recorded: false };
      }
      const holdUntil = await quietHoldFor(input.key, interaction);
      const row = {
        interaction_id: input.interactionId, direction: 'outbound', company_number: interaction.company_number,
        requester_number: interaction.requester_number, body: fill(fillEstimatedWait(input.body ?? text.body, input.estimatedWaitSeconds), { agentName: await agentName(input.agentId) }),
        status: 'pending', author_kind: 'system', system_text_key: input.key, held_until: holdUntil === null ? null : new Date(holdUntil),
        // SYS-6: the translation sent; null for the default text or the caller's own words (a messaging action's).
        text_language: input.body ? null : text.translation,
      };
      if (leftover) await db('messages').where({ id: input.messageId }).update({ ...row, author_user_id: null, error_code: null, error_message: null, updated_at: db.fn.now() });
      else await db('messages').insert({ id: input.messageId, ...row }).onConflict('id').ignore();
      events.interactionChanged(input.interactionId);
      return holdUntil === null ? { recorded: true } : { recorded: true, holdUntil };
    },

    /**
     * A note in the transcript for agents only (agent joined, handoffs, system closes): never texted (SYS-1, SYS-7).
     * Its words are rendered here from its kind (issue 26); `text` is the shape runs scheduled before notes had kinds
     * (their histories hold it): its `{{agent}}` is the agent's name, as it was.
     */
    async recordNote(input: { interactionId: string; note?: Note; text?: string; agentId?: string | null; noteId: string }): Promise<void> {
      const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number');
      await db('messages')
        .insert({
          id: input.noteId, interaction_id: input.interactionId, direction: 'system', company_number: interaction.company_number,
          requester_number: interaction.requester_number, body: storedNoteWords(input, await agentName(input.agentId)),
          status: 'received', author_kind: 'system', author_user_id: input.agentId ?? null,
        })
        .onConflict('id')
        // The note id is minted per workflow task attempt too (see recordOutbound): history's note wins.
        .merge(['interaction_id', 'direction', 'company_number', 'requester_number', 'body', 'status', 'author_kind', 'author_user_id'])
        .where(neverSent);
      events.interactionChanged(input.interactionId);
    },
  };
}
