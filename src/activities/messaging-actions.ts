import type { Knex } from 'knex';
import { conditionHolds, toDefinition, type ArmedAction, type MaAction, type MaEvent, type MaTargetState } from '../domain/messaging-actions';
import type { InteractionState } from '../domain/interaction-state';
import { notifyChange } from '../realtime/pg-change-events';
import type { ActivityDeps } from './deps';

async function armed(db: Knex): Promise<ArmedAction[]> {
  const rows = await db('messaging_actions').where({ active: true }).orderBy('created_at').select('id', 'event', 'duration_seconds');
  return rows.map((r) => ({ id: r.id, event: r.event, durationMs: r.duration_seconds * 1000 }));
}

export interface EvaluatedAction {
  id: string;
  event: MaEvent;
  fire: boolean;
  action: MaAction;
  promptText: string | null;
  targetState: MaTargetState | null;
}

export function createMessagingActionActivities({ db, log }: ActivityDeps) {
  return {
    /** MA-7: the active actions the workflow arms timers for. */
    async armedMessagingActions(): Promise<ArmedAction[]> {
      return armed(db);
    },

    /**
     * MA-4: at fire time, re-reads the due actions (an admin may have changed or deactivated them) and evaluates
     * their filters against the interaction as it is now; returns the fresh list to re-arm with.
     */
    async evaluateMessagingActions(input: { interactionId: string; due: ArmedAction[] }): Promise<{ results: EvaluatedAction[]; actions: ArmedAction[] }> {
      const interaction = await db('interactions').where({ id: input.interactionId }).first('state', 'queue_id');
      const rows = await db('messaging_actions').whereIn('id', input.due.map((d) => d.id));
      const byId = new Map(rows.map((r) => [r.id as string, toDefinition(r)]));
      const results = input.due.map((d): EvaluatedAction => {
        const def = byId.get(d.id);
        const fire = Boolean(def && interaction && conditionHolds(def, { state: interaction.state as InteractionState, queueId: interaction.queue_id }));
        return { id: d.id, event: d.event, fire, action: def?.action ?? 'prompt_agent', promptText: def?.promptText ?? null, targetState: def?.targetState ?? null };
      });
      return { results, actions: await armed(db) };
    },

    /** MA-5 prompt_agent: a Workspace notification to the assignee (and a browser one when the tab is hidden). */
    async notifyAgent(input: { interactionId: string; agentId: string; text: string }): Promise<void> {
      await notifyChange(db, { type: 'prompt', agentId: input.agentId, interactionId: input.interactionId, text: input.text });
      log.info({ interactionId: input.interactionId, agentId: input.agentId }, 'messaging action prompted the agent');
    },
  };
}
