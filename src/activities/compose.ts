import type { Projection } from '../domain/interaction-decider';
import { readProfileFacts, replaceProfile, resolveRequester } from '../profiles/messaging-profiles';
import type { ActivityDeps } from './deps';
import { writeProjection } from './interaction-projection';
import { createRecordOutbound } from './outbound';

// SPEC §3 (Compose SMS), applied for the workflow, which decided the outcome. Each step is idempotent: a retried
// activity finds the interaction, the profile and the message where the first attempt left them.
export function createComposeActivities(deps: ActivityDeps) {
  const { db, requesterDirectory } = deps;
  const recordOutbound = createRecordOutbound(deps);
  return {
    /** The fact the AI-17 rule needs: whom the active interaction is for. */
    async requesterOf(input: { interactionId: string }): Promise<{ requesterUserId: string | null }> {
      const row = await db('interactions').where({ id: input.interactionId }).first('requester_user_id');
      return { requesterUserId: row?.requester_user_id ?? null };
    },

    /** AI-14/16/17/19: the new interaction, assigned to the sender, its requester, and the first message. */
    async openComposed(input: {
      workflowId: string; runId: string; companyNumber: string; requesterNumber: string; agentId: string; forUserId: string | null;
      replaceProfile: boolean; messageId: string; body: string; projection: Projection;
    }): Promise<void> {
      const id = input.projection.interactionId;
      await db.raw(
        `insert into interactions (id, workflow_id, run_id, company_number, requester_number, queue_id)
         select :id, :workflowId, :runId, :company, :requester, queue_id from company_numbers where number = :company
         on conflict (id) do nothing`,
        { id, workflowId: input.workflowId, runId: input.runId, company: input.companyNumber, requester: input.requesterNumber },
      );
      await writeProjection(db, input.projection);
      const row = await db('interactions').where({ id }).first('requester_profile_id');
      if (!row.requester_profile_id) {
        const facts = await readProfileFacts(db, input.requesterNumber, requesterDirectory);
        const forSomeoneElse = input.forUserId !== null && facts.profile?.userId !== input.forUserId;
        if (input.forUserId !== null && (input.replaceProfile || forSomeoneElse || !facts.profile)) {
          // AI-11/AI-17: the number now belongs to the person the agent writes for.
          await replaceProfile(db, { interactionId: id, number: input.requesterNumber, userId: input.forUserId, deactivate: 'current', reason: 'compose', actorId: input.agentId });
        } else {
          // AI-19: whoever the number belongs to; a new number gets a profile (a guest's when nobody matches).
          await resolveRequester(db, id, input.requesterNumber, facts);
        }
      }
      await recordOutbound({ messageId: input.messageId, interactionId: id, body: input.body, authorId: input.agentId });
    },

    /** AI-15: the sender joins someone else's conversation (no reassignment) and their message goes into it. */
    async joinComposed(input: { interactionId: string; agentId: string; messageId: string; body: string }): Promise<void> {
      await db('interaction_participants')
        .insert({ interaction_id: input.interactionId, user_id: input.agentId, reason: 'compose' })
        .onConflict(['interaction_id', 'user_id'])
        .ignore();
      await recordOutbound({ messageId: input.messageId, interactionId: input.interactionId, body: input.body, authorId: input.agentId });
    },
  };
}
