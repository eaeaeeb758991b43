import { createHash } from 'node:crypto';
import { estimatedWaitSeconds } from '../routing/estimated-wait';
import { anyAgentAvailable } from '../routing/work-items';
import { handoffSummary } from '../virtual-agent/captured-fields';
import { respond, startTopic } from '../virtual-agent/engine';
import { topicsAvailableOn } from '../virtual-agent/topic-availability';
import { currentTopics } from '../virtual-agent/current-topics';
import type { VaOutcome, VaSession } from '../virtual-agent/types';
import type { ActivityDeps } from './deps';
import { routeToQueue } from './interaction-projection';

export { currentTopics };

/** A message id that is the same on every attempt for the same reply, so a retried activity stores it once. */
function replyId(interactionId: string, seq: string | number, index: number): string {
  const h = createHash('sha256').update(`va:${interactionId}:${seq}:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createRunVirtualAgent({ db, events }: ActivityDeps) {
  /**
   * VA-5/RI-4: answers the requester's texts the virtual agent has not answered yet (after the session's cursor, not
   * opt-out keywords), in order, with the pure engine; stores its replies (authorKind virtual_agent) for the
   * workflow's outbox. The engine sits behind this one activity, so an LLM-backed one can replace it.
   */
  return async function runVirtualAgent(input: {
    interactionId: string; session: VaSession;
    /** VA-14: start this topic (a queue's wait trigger) instead of answering texts; `id` names its replies. */
    start?: { topicId: string; id: string };
  }): Promise<{
    session: VaSession; outcome: VaOutcome; replyIds: string[]; agentsAvailable: boolean;
    /** VA-11: at a handoff with agents Available, the wait to expect in seconds (absent: no estimate). */
    estimatedWaitSeconds?: number;
  }> {
    const interaction = await db('interactions').where({ id: input.interactionId }).first('company_number', 'requester_number');
    // VA-3: the requester meets only the topics offered on the number they texted.
    const document = topicsAvailableOn((await currentTopics(db)).document, interaction.company_number);
    const texts = await db('messages')
      .where({ interaction_id: input.interactionId, direction: 'inbound' })
      .whereNull('keyword')
      .andWhere('seq', '>', input.session.cursor)
      .orderBy('seq')
      .select('seq', 'body');
    let session = input.session;
    let outcome: VaOutcome = { kind: 'continue' };
    const replies: { id: string; body: string }[] = [];
    if (input.start) {
      // What they texted while they waited was for an agent: the topic starts after it.
      const latest = await db('messages').where({ interaction_id: input.interactionId, direction: 'inbound' }).max('seq as seq').first();
      const turn = startTopic(document, { ...session, cursor: Math.max(session.cursor, Number(latest?.seq ?? 0)) }, input.start.topicId);
      ({ session, outcome } = turn);
      turn.replies.forEach((body, i) => replies.push({ id: replyId(input.interactionId, `start:${input.start!.id}`, i), body }));
    }
    for (const t of input.start ? [] : texts) {
      const turn = respond(document, session, t.body);
      session = { ...turn.session, cursor: Number(t.seq) };
      turn.replies.forEach((body, i) => replies.push({ id: replyId(input.interactionId, t.seq, i), body }));
      outcome = turn.outcome;
      if (outcome.kind !== 'continue') break; // texts after a handoff or an end are for the agent (or the next run)
    }
    if (replies.length > 0) {
      await db('messages')
        .insert(replies.map((r) => ({
          id: r.id, interaction_id: input.interactionId, direction: 'outbound', company_number: interaction.company_number,
          requester_number: interaction.requester_number, body: r.body, status: 'pending', author_kind: 'virtual_agent',
        })))
        .onConflict('id')
        .ignore();
      await db('interactions').where({ id: input.interactionId }).update({ last_message_at: db.fn.now(), updated_at: db.fn.now() });
      events.interactionChanged(input.interactionId);
    }
    if (JSON.stringify(session.context) !== JSON.stringify(input.session.context)) {
      await db('interactions').where({ id: input.interactionId }).update({ context: JSON.stringify(session.context), updated_at: db.fn.now() });
      events.interactionChanged(input.interactionId);
    }
    if (outcome.kind === 'handoff') {
      await db('interactions').where({ id: input.interactionId }).update({ va_summary: handoffSummary(document, session, outcome.reason), updated_at: db.fn.now() });
    }
    const agentsAvailable = outcome.kind === 'handoff' ? await anyAgentAvailable(db) : false;
    // VA-11: the queue the handoff will go to (Q-2's conditions, as the enqueue chooses) and its recent average wait.
    const estimate = agentsAvailable ? await estimatedWaitSeconds(db, await routeToQueue(db, input.interactionId, null), input.interactionId) : null;
    return { session, outcome, replyIds: replies.map((r) => r.id), agentsAvailable, ...(estimate === null ? {} : { estimatedWaitSeconds: estimate }) };
  };
}
