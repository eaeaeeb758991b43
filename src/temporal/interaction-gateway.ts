import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { UnavailableError } from '../domain/errors';
import { interactionWorkflowId } from '../domain/ids';
import type { InteractionState } from '../domain/interaction-state';
import { SA } from '../domain/search-attributes';
import type { OfferNotifier } from '../routing/dispatcher';
import {
  agentMessageUpdate, assignedSignal, assignUpdate, composeUpdate, endUpdate, holdUpdate, inboundSignal, offeredSignal, offerReturnedSignal,
  liveQuery, manualAssignUpdate, reassignUpdate, resumeUpdate, transferUpdate, type ActorInput, type LiveView, type ComposeInput, type ComposeResult, type InteractionInput, type InteractionSettings, type ManualOffer, type Offer,
} from '../workflows/definitions';
import { WORKFLOW_VERSION } from '../workflows/versions';

/** The workflow refused a command (its validator or handler threw): the caller's request, not the system, is wrong. */
export class CommandRejected extends Error {}

/**
 * The workflow did not answer a command in time (a worker down or starved, a task stuck on a slow database): the
 * api's 503 instead of a request that hangs. The update may still be applied once the run gets to it, so the words
 * say so; the Workspace shows the conversation as it then is.
 */
export class CommandTimedOut extends UnavailableError {
  constructor(seconds: number) {
    super(`the conversation did not answer within ${seconds} s; the command may still take effect — reload to see where it stands`, 'command_timed_out');
  }
}

/** Bounds on calls into workflows. */
export interface GatewayLimits {
  /** How long an agent's command (a workflow update) may take before the api answers 503 (COMMAND_TIMEOUT_SECONDS). */
  commandTimeoutMs: number;
}

export interface InteractionGateway extends OfferNotifier {
  wake(companyNumber: string, requesterNumber: string, messageId: string): Promise<void>;
  /** An accepted offer; resolves once the workflow has projected the assignment. */
  assigned(workflowId: string, p: { workItemId: string; agentId: string }): Promise<void>;
  sendAgentMessage(workflowId: string, a: ActorInput & { body: string }): Promise<{ messageId: string }>;
  hold(workflowId: string, a: ActorInput): Promise<{ state: InteractionState }>;
  resume(workflowId: string, a: ActorInput): Promise<{ state: InteractionState }>;
  end(workflowId: string, a: ActorInput & { outcome: 'complete' | 'abandon' }): Promise<{ state: InteractionState }>;
  transfer(workflowId: string, a: ActorInput & { toQueueId?: string | null; toAgentId?: string | null; note?: string | null }): Promise<{ state: InteractionState }>;
  manualAssign(workflowId: string, a: ActorInput & { toAgentId: string; offer?: ManualOffer | null }): Promise<{ state: InteractionState }>;
  reassign(workflowId: string, a: ActorInput & { reason?: string | null }): Promise<{ state: InteractionState }>;
  /** The workflow's own account of its pending timers (issue 15's live view). */
  live(workflowId: string): Promise<LiveView>;
  /** SPEC §3: joins or starts the pair's workflow (update-with-start), which decides the outcome and answers. */
  compose(companyNumber: string, requesterNumber: string, c: ComposeInput): Promise<ComposeResult>;
  /** Resolves when every call in flight has settled, so the connection can close without orphaned retries. */
  drain(): Promise<void>;
}

/** How new runs are started; unset fields take the server's defaults. */
export interface StartOptions {
  /** Test-only (WORKFLOW_TASK_TIMEOUT_SECONDS); the server's default is 10 s. */
  workflowTaskTimeout?: Duration;
}

export function createInteractionGateway(
  client: Client,
  taskQueue: string,
  settings: InteractionSettings,
  start: StartOptions = {},
  limits: GatewayLimits = { commandTimeoutMs: 30_000 },
): InteractionGateway {
  const handle = (id: string) => client.workflow.getHandle(id);
  /** Every run the api starts takes the current workflow version (issue 26): new behaviour is gated on it. */
  const startInput = (companyNumber: string, requesterNumber: string): InteractionInput => ({ version: WORKFLOW_VERSION, companyNumber, requesterNumber, settings });
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const forget = () => inFlight.delete(p);
    p.then(forget, forget);
    return p;
  };

  // The SDK polls for an update's outcome until it has one; a deadline on every call it makes bounds the wait.
  const bounded = <R>(run: () => Promise<R>): Promise<R> => client.withDeadline(Date.now() + limits.commandTimeoutMs, run);

  async function update<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await bounded(run);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw new CommandRejected(err.cause?.message ?? err.message);
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) throw new CommandTimedOut(Math.round(limits.commandTimeoutMs / 1000));
      throw err;
    }
  }

  const gateway: Omit<InteractionGateway, 'drain'> = {
    async wake(companyNumber, requesterNumber, messageId) {
      // Where a new conversation goes (queue, virtual agent) is the workflow's decision: it publishes the state.
      await client.workflow.signalWithStart('interactionWorkflow', {
        workflowId: interactionWorkflowId(companyNumber, requesterNumber),
        taskQueue,
        ...start,
        args: [startInput(companyNumber, requesterNumber)],
        signal: inboundSignal,
        signalArgs: [{ messageId }],
        typedSearchAttributes: [
          { key: SA.RequesterNumber, value: requesterNumber },
          { key: SA.CompanyNumber, value: companyNumber },
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
      try {
        await bounded(() => handle(workflowId).executeUpdate(assignUpdate, { args: [p] }));
      } catch (err) {
        // A run from before the `assign` update (legacy) refuses it: the signal it knows does the same. So does any
        // other failure of the update's RPC (a loaded server, a deadline): the offer is accepted in the database
        // already, and a signal, once the server has it, is delivered; the decider takes the second "assigned" as
        // nothing. Without it the run learnt of the accept only when the offer's timer settled it from the row.
        await handle(workflowId).signal(assignedSignal, p).catch((signalErr: unknown) => {
          throw err instanceof WorkflowUpdateFailedError ? signalErr : err;
        });
      }
    },
    compose: (companyNumber, requesterNumber, c) =>
      update(() =>
        client.workflow.executeUpdateWithStart(composeUpdate, {
          args: [c],
          startWorkflowOperation: new WithStartWorkflowOperation('interactionWorkflow', {
            workflowId: interactionWorkflowId(companyNumber, requesterNumber),
            taskQueue,
            ...start,
            args: [startInput(companyNumber, requesterNumber)],
            workflowIdConflictPolicy: 'USE_EXISTING',
            typedSearchAttributes: [
              { key: SA.RequesterNumber, value: requesterNumber },
              { key: SA.CompanyNumber, value: companyNumber },
            ],
          }),
        }),
      ),
    live: (id) => handle(id).query(liveQuery),
    sendAgentMessage: (id, a) => update(() => handle(id).executeUpdate(agentMessageUpdate, { args: [a] })),
    hold: (id, a) => update(() => handle(id).executeUpdate(holdUpdate, { args: [a] })),
    resume: (id, a) => update(() => handle(id).executeUpdate(resumeUpdate, { args: [a] })),
    end: (id, a) => update(() => handle(id).executeUpdate(endUpdate, { args: [a] })),
    transfer: (id, a) => update(() => handle(id).executeUpdate(transferUpdate, { args: [a] })),
    manualAssign: (id, a) => update(() => handle(id).executeUpdate(manualAssignUpdate, { args: [a] })),
    reassign: (id, a) => update(() => handle(id).executeUpdate(reassignUpdate, { args: [a] })),
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
