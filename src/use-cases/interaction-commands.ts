import { WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import type { SessionUser } from '../auth/sessions';
import { ConflictError, InvalidInputError } from '../domain/errors';
import type { InteractionState } from '../domain/interaction-state';
import type { OFFER_TIMEOUT_PRESENCES } from '../routing/offer-timeout';
import { DISPATCH, type PostCommit } from '../realtime/post-commit';
import { CommandRejected, type InteractionGateway } from '../temporal/interaction-gateway';
import { loadInteractionFor } from './interactions';
import { checkManualOfferRoom } from './offers';
import { refuseOptedOut } from './opt-out';

// Issue 16 (DESIGN.md "Transfer and assignment"), one use case per command (issue 26): the route validates the body
// and checks the role, then calls one of these; each loads the interaction for the user, checks the target, runs
// the workflow's update and says what follows it (a dispatcher wake-up) to the post-commit place.

export interface CommandDeps {
  db: Knex;
  gateway: InteractionGateway;
  postCommit: PostCommit;
}

/** What the route answers and audits: the state the workflow answered, and who held it before. */
export interface CommandOutcome {
  interactionId: string;
  previousAgentId: string | null;
  state: InteractionState;
}

const CLOSED = new Set(['closed_complete', 'closed_abandoned']);

/** Runs a workflow update for an open interaction; a refusal by the workflow is the caller's 409. */
export async function runCommand<T>(row: { state: string }, run: () => Promise<T>): Promise<T> {
  if (CLOSED.has(row.state)) throw new ConflictError(`the interaction is ${row.state.replace('_', ' ')}`);
  try {
    return await run();
  } catch (err) {
    if (err instanceof CommandRejected) throw new ConflictError(err.message);
    if (err instanceof WorkflowNotFoundError) throw new ConflictError('the interaction has ended');
    throw err;
  }
}

async function activeUser(db: Knex, id: string, what: string) {
  const u = await db('users as u').leftJoin('agent_presence as p', 'p.user_id', 'u.id').where('u.id', id).first('u.id', 'u.active', 'u.name', 'p.status');
  if (!u || !u.active) throw new InvalidInputError(`invalid body: ${what}: no active user ${id}`);
  return u as { id: string; name: string; status: string | null };
}

export interface TransferRequest {
  toQueueId?: string;
  toAgentId?: string;
  note?: string;
}

/** TRF-1…3: the assignee or a manager transfers to a queue (queued) or to an Available agent (offered). */
export async function transferInteraction(deps: CommandDeps, user: SessionUser, interactionId: string, req: TransferRequest): Promise<CommandOutcome> {
  const { db, gateway, postCommit } = deps;
  const row = await loadInteractionFor(db, interactionId, user);
  if (req.toQueueId) {
    const q = await db('queues').where({ id: req.toQueueId }).first('id', 'active');
    if (!q || !q.active) throw new InvalidInputError(`invalid body: queueId: no active queue ${req.toQueueId}`);
  }
  if (req.toAgentId) {
    const target = await activeUser(db, req.toAgentId, 'agentId');
    // TRF-3: the target is offered the conversation; someone who cannot take offers now would leave it waiting.
    if (target.status !== 'available') throw new ConflictError(`${target.name} is not Available to take a transfer`, 'agent_unavailable');
  }
  const r = await runCommand(row, () =>
    gateway.transfer(row.workflow_id, {
      interactionId: row.id, agentId: user.id, asSupervisor: user.role !== 'agent', toQueueId: req.toQueueId ?? null, toAgentId: req.toAgentId ?? null, note: req.note ?? null,
    }),
  );
  // The update answered once its projection committed: the work item waits for the dispatcher.
  postCommit.after(db, DISPATCH);
  return { interactionId: row.id, previousAgentId: row.assigned_agent_id, state: r.state };
}

export interface AssignRequest {
  toAgentId: string;
  /** MAN-1: offer it to the agent with the manager's options rather than assign it at once. */
  offer?: { allowedToDecline: boolean; timeoutSeconds: number | null; timeoutPresence: (typeof OFFER_TIMEOUT_PRESENCES)[number]; overCapacity: boolean };
}

/** MAN-1: a manager assigns to an agent at once (REG-4, Q-6), or offers it to an Available agent with options. */
export async function assignInteraction(deps: CommandDeps, user: SessionUser, interactionId: string, req: AssignRequest) {
  const { db, gateway, postCommit } = deps;
  const row = await loadInteractionFor(db, interactionId, user);
  const target = await activeUser(db, req.toAgentId, 'agentId');
  const offer = req.offer && { allowReject: req.offer.allowedToDecline, timeoutSeconds: req.offer.timeoutSeconds || null, timeoutPresence: req.offer.timeoutPresence };
  // MAN-1's preconditions for an offer: someone who cannot take offers now would leave the conversation waiting.
  if (offer && target.status !== 'available') {
    throw new ConflictError(`${target.name} is not Available to be offered it: assign it at once instead, or choose someone Available`, 'agent_unavailable');
  }
  if (req.offer && !req.offer.overCapacity) await checkManualOfferRoom(db, target);
  const r = await runCommand(row, () =>
    gateway.manualAssign(row.workflow_id, { interactionId: row.id, agentId: user.id, asSupervisor: true, toAgentId: req.toAgentId, ...(offer ? { offer } : {}) }),
  );
  if (offer) postCommit.after(db, DISPATCH);
  return { interactionId: row.id, previousAgentId: row.assigned_agent_id as string | null, state: r.state, offer };
}

/** RSN-4: the assignee or a manager clears the assignee and routes it again; the previous agent is not offered it again. */
export async function reassignInteraction(deps: CommandDeps, user: SessionUser, interactionId: string, reason: string | null): Promise<CommandOutcome> {
  const { db, gateway } = deps;
  const row = await loadInteractionFor(db, interactionId, user);
  const r = await runCommand(row, () => gateway.reassign(row.workflow_id, { interactionId: row.id, agentId: user.id, asSupervisor: user.role !== 'agent', reason }));
  return { interactionId: row.id, previousAgentId: row.assigned_agent_id, state: r.state };
}

/** An agent's text to the requester (refused to an opted-out number, SPEC §15); the workflow stores and sends it. */
export async function sendAgentMessage(deps: Pick<CommandDeps, 'db' | 'gateway'>, user: SessionUser, interactionId: string, body: string) {
  const { db, gateway } = deps;
  const row = await loadInteractionFor(db, interactionId, user);
  await refuseOptedOut(db, row.company_number, row.requester_number);
  const sent = await runCommand(row, () => gateway.sendAgentMessage(row.workflow_id, { interactionId: row.id, agentId: user.id, body }));
  return { interactionId: row.id as string, messageId: sent.messageId };
}

/** Hold, resume or end (complete or abandon): the state before, for the audit, and the one the workflow answered. */
export async function holdOrResume(deps: Pick<CommandDeps, 'db' | 'gateway'>, user: SessionUser, interactionId: string, action: 'hold' | 'resume') {
  const { db, gateway } = deps;
  const row = await loadInteractionFor(db, interactionId, user);
  const r = await runCommand(row, () => gateway[action](row.workflow_id, { interactionId: row.id, agentId: user.id }));
  return { interactionId: row.id as string, previousState: row.state as InteractionState, state: r.state };
}

export async function endInteraction(deps: Pick<CommandDeps, 'db' | 'gateway'>, user: SessionUser, interactionId: string, outcome: 'complete' | 'abandon') {
  const { db, gateway } = deps;
  const row = await loadInteractionFor(db, interactionId, user);
  const r = await runCommand(row, () => gateway.end(row.workflow_id, { interactionId: row.id, agentId: user.id, asSupervisor: user.role !== 'agent', outcome }));
  return { interactionId: row.id as string, previousState: row.state as InteractionState, state: r.state };
}
