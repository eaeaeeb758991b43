import type { SystemTextKey } from '../system-texts/defaults';
import type { ActivityDeps } from './deps';

/** `{{agentName}}`-style fields of a system text. */
function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => vars[k] ?? '');
}

export function createSystemTextActivities({ db, events }: ActivityDeps) {
  const agentName = async (agentId: string | null | undefined) =>
    agentId ? ((await db('users').where({ id: agentId }).first('name'))?.name as string | undefined) ?? 'An agent' : 'An agent';
  return {
    /**
     * SPEC §8: stores the system text `key` for the requester under the id the workflow minted (the outbox sends it,
     * exactly once). Nothing when the admin turned the text off. `body` replaces the text (a messaging action's own
     * prompt, MA-13).
     */
    async recordSystemText(input: { interactionId: string; key: SystemTextKey; messageId: string; agentId?: string | null; body?: string | null }): Promise<{ recorded: boolean }> {
      const text = await db('system_texts').where({ key: input.key }).first('body', 'enabled');
      if (!text?.enabled) return { recorded: false };
      const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number');
      await db('messages')
        .insert({
          id: input.messageId, interaction_id: input.interactionId, direction: 'outbound', company_number: interaction.company_number,
          requester_number: interaction.requester_number, body: fill(input.body ?? text.body, { agentName: await agentName(input.agentId) }),
          status: 'pending', author_kind: 'system', system_text_key: input.key,
        })
        .onConflict('id')
        .ignore();
      events.interactionChanged(input.interactionId);
      return { recorded: true };
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
