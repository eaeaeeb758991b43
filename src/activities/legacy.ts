// Activities of the interaction workflow as it was before the one decider (src/workflows/legacy/), kept with their
// names and shapes so runs started on it finish. They compute a state as that code did, but write the read model
// only through the projection writer (versions: 'next', since those runs do not count them).
import { randomUUID } from 'node:crypto';
import { transition, type CloseReason, type InteractionState } from '../domain/interaction-state';
import type { ActivityDeps } from './deps';
import { createClose, createEnqueue, writeProjection } from './interaction-projection';
import { createTakeIn, type TakeInInput } from './take-inbound';

export function createLegacyActivities(deps: ActivityDeps) {
  const takeIn = createTakeIn(deps);
  const enqueue = createEnqueue(deps);
  const close = createClose(deps);
  return {
    async takeInbound(input: TakeInInput & { currentState: InteractionState }) {
      const f = await takeIn(input);
      if (f.interactionId === null) return { interactionId: null, state: input.currentState, queueId: null, workItemId: null, taken: 0 };
      if (f.opened) {
        const workItemId = randomUUID();
        const projection = { interactionId: f.interactionId, version: 1, state: 'queued' as const, queueId: f.queueId, assignedAgentId: null, closeReason: null };
        await enqueue({ workflowId: input.workflowId, workItemId, queueId: f.queueId!, projection });
        return { interactionId: f.interactionId, state: 'queued' as InteractionState, queueId: f.queueId, workItemId, taken: f.taken };
      }
      const state = f.taken > 0 ? transition(input.currentState, { type: 'requester_message' }) : input.currentState;
      if (state !== input.currentState) await saveInteraction({ interactionId: f.interactionId, state });
      return { interactionId: f.interactionId, state, queueId: f.queueId, workItemId: null, taken: f.taken };
    },
    saveInteraction,
    async closeInteraction(input: { interactionId: string; state: InteractionState; reason: CloseReason }) {
      const row = await deps.db('interactions').where({ id: input.interactionId }).first('queue_id', 'assigned_agent_id');
      await close({
        projection: { interactionId: input.interactionId, version: 'next', state: input.state, closeReason: input.reason, queueId: row?.queue_id ?? null, assignedAgentId: row?.assigned_agent_id ?? null },
      });
    },
  };

  async function saveInteraction(input: { interactionId: string; state: InteractionState; assignedAgentId?: string | null }): Promise<void> {
    const row = await deps.db('interactions').where({ id: input.interactionId }).first('queue_id', 'assigned_agent_id');
    await writeProjection(deps.db, {
      interactionId: input.interactionId, version: 'next', state: input.state, closeReason: null,
      queueId: row?.queue_id ?? null, assignedAgentId: input.assignedAgentId ?? row?.assigned_agent_id ?? null,
    });
  }
}
