import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { interactionWorkflowId } from '../domain/ids';
import type { InteractionState } from '../domain/interaction-state';
import { SA } from '../domain/search-attributes';
import type { OfferNotifier } from '../routing/dispatcher';
import {
  agentMessageUpdate, assignedSignal, endUpdate, holdUpdate, inboundSignal, offeredSignal, offerReturnedSignal,
  resumeUpdate, type ActorInput, type InteractionSettings, type Offer,
} from '../workflows/definitions';

/** The workflow refused a command (its validator or handler threw): the caller's request, not the system, is wrong. */
export class CommandRejected extends Error {}

/** What the starter knows of a new interaction, set as search attributes at start (saves an upsert). */
export interface WakeOptions {
  queueId?: string;
}

export interface InteractionGateway extends OfferNotifier {
  wake(companyNumber: string, requesterNumber: string, messageId: string, opts?: WakeOptions): Promise<void>;
  assigned(workflowId: string, p: { workItemId: string; agentId: string }): Promise<void>;
  sendAgentMessage(workflowId: string, a: ActorInput & { body: string }): Promise<{ messageId: string }>;
  hold(workflowId: string, a: ActorInput): Promise<{ state: InteractionState }>;
  resume(workflowId: string, a: ActorInput): Promise<{ state: InteractionState }>;
  end(workflowId: string, a: ActorInput & { outcome: 'complete' | 'abandon' }): Promise<{ state: InteractionState }>;
  /** Resolves when every call in flight has settled, so the connection can close without orphaned retries. */
  drain(): Promise<void>;
}

export function createInteractionGateway(client: Client, taskQueue: string, settings: InteractionSettings): InteractionGateway {
  const handle = (id: string) => client.workflow.getHandle(id);
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  };

  async function update<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new CommandRejected(err.cause?.message ?? err.message);
      throw err;
    }
  }

  const gateway: Omit<InteractionGateway, 'drain'> = {
    async wake(companyNumber, requesterNumber, messageId, opts = {}) {
      // Without a virtual agent a new interaction is queued to the company number's queue (RI-2); the workflow
      // upserts only if it decides otherwise. Ignored when the workflow is already running.
      const initial = opts.queueId ? { state: 'queued' as const, agent: null, queue: opts.queueId } : undefined;
      await client.workflow.signalWithStart('interactionWorkflow', {
        workflowId: interactionWorkflowId(companyNumber, requesterNumber),
        taskQueue,
        args: [{ companyNumber, requesterNumber, settings, ...(initial ? { startSearchAttributes: initial } : {}) }],
        signal: inboundSignal,
        signalArgs: [{ messageId }],
        typedSearchAttributes: [
          { key: SA.RequesterNumber, value: requesterNumber },
          { key: SA.CompanyNumber, value: companyNumber },
          ...(initial ? [{ key: SA.InteractionState, value: initial.state }, { key: SA.QueueId, value: initial.queue }] : []),
        ],
      });
    },
    async offered(workflowId: string, offer: Offer) {
      await handle(workflowId).signal(offeredSignal, offer);
    },
    async offerReturned(workflowId, p) {
      await handle(workflowId).signal(offerReturnedSignal, p);
    },
    async assigned(workflowId, p) {
      await handle(workflowId).signal(assignedSignal, p);
    },
    sendAgentMessage: (id, a) => update(() => handle(id).executeUpdate(agentMessageUpdate, { args: [a] })),
    hold: (id, a) => update(() => handle(id).executeUpdate(holdUpdate, { args: [a] })),
    resume: (id, a) => update(() => handle(id).executeUpdate(resumeUpdate, { args: [a] })),
    end: (id, a) => update(() => handle(id).executeUpdate(endUpdate, { args: [a] })),
  };
  const tracked = Object.fromEntries(
    Object.entries(gateway).map(([name, fn]) => [name, (...args: unknown[]) => track((fn as (...a: unknown[]) => Promise<unknown>)(...args))]),
  ) as unknown as Omit<InteractionGateway, 'drain'>;
  return {
    ...tracked,
    async drain() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
