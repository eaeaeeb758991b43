import { WorkflowNotFoundError } from '@temporalio/client';
import { ConflictError } from '../../domain/errors';
import { CommandRejected } from '../../temporal/interaction-gateway';

const CLOSED = new Set(['closed_complete', 'closed_abandoned']);

/** Runs a workflow update for an open interaction; a refusal by the workflow is the caller's 409. */
export async function command<T>(row: { state: string }, run: () => Promise<T>): Promise<T> {
  if (CLOSED.has(row.state)) throw new ConflictError(`the interaction is ${row.state.replace('_', ' ')}`);
  try {
    return await run();
  } catch (err) {
    if (err instanceof CommandRejected) throw new ConflictError(err.message);
    if (err instanceof WorkflowNotFoundError) throw new ConflictError('the interaction has ended');
    throw err;
  }
}
