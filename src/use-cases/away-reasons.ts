// PRS-2 (SPEC §17): admin-defined away reasons. An agent who picks one is Away; the reason only says why.
import type { Knex } from 'knex';
import { writeAudit } from '../audit/audit-log';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors';
import type { PostCommit } from '../realtime/post-commit';

export interface AwayReasonInput {
  name: string;
  position: number;
  active: boolean;
}

const present = (r: Record<string, unknown>) => ({ id: r.id as string, name: r.name as string, position: r.position as number, active: r.active as boolean });

/** In the order agents see them; `activeOnly` for the presence selector. */
export async function listAwayReasons(db: Knex, activeOnly = false) {
  const q = db('away_reasons').orderBy([{ column: 'position' }, { column: 'name' }]);
  if (activeOnly) q.where({ active: true });
  return (await q).map(present);
}

/** The reason an agent picks must exist and be active; the error names the field. */
export async function activeAwayReason(trx: Knex, id: string): Promise<{ id: string; name: string }> {
  const r = await trx('away_reasons').where({ id }).first('id', 'name', 'active');
  if (!r) throw new InvalidInputError(`invalid body: awayReasonId: no away reason ${id}`);
  if (!r.active) throw new InvalidInputError(`invalid body: awayReasonId: the away reason ${r.name} is not active`);
  return { id: r.id as string, name: r.name as string };
}

async function refuseTakenName(trx: Knex, name: string, exceptId?: string): Promise<void> {
  const q = trx('away_reasons').whereRaw('lower(name) = lower(?)', [name]);
  if (exceptId) q.whereNot({ id: exceptId });
  if (await q.first('id')) throw new ConflictError(`an away reason named ${name} already exists`);
}

export async function createAwayReason(deps: { db: Knex; postCommit: PostCommit }, actorId: string, r: AwayReasonInput) {
  const { db, postCommit } = deps;
  return db.transaction(async (trx) => {
    await refuseTakenName(trx, r.name);
    const [row] = await trx('away_reasons').insert(r).returning('*');
    await writeAudit(trx, { action: 'away_reason.created', actorId, subject: { type: 'away_reason', id: row.id }, to: r.name });
    postCommit.after(trx, { type: 'routing_config' });
    return present(row);
  });
}

export async function replaceAwayReason(deps: { db: Knex; postCommit: PostCommit }, actorId: string, id: string, r: AwayReasonInput) {
  const { db, postCommit } = deps;
  return db.transaction(async (trx) => {
    const before = await trx('away_reasons').where({ id }).forUpdate().first();
    if (!before) throw new NotFoundError('no such away reason');
    await refuseTakenName(trx, r.name, id);
    const [row] = await trx('away_reasons').where({ id }).update(r).returning('*');
    await writeAudit(trx, {
      action: 'away_reason.changed', actorId, subject: { type: 'away_reason', id }, detail: { reason: r },
      from: `${before.name}${before.active ? '' : ' (inactive)'}`, to: `${r.name}${r.active ? '' : ' (inactive)'}`,
    });
    postCommit.after(trx, { type: 'routing_config' });
    return present(row);
  });
}

/** Agents Away for it stay Away without a reason; their history keeps its name. */
export async function deleteAwayReason(deps: { db: Knex; postCommit: PostCommit }, actorId: string, id: string): Promise<void> {
  const { db, postCommit } = deps;
  await db.transaction(async (trx) => {
    const before = await trx('away_reasons').where({ id }).forUpdate().first('name');
    if (!before) throw new NotFoundError('no such away reason');
    await trx('away_reasons').where({ id }).delete();
    await writeAudit(trx, { action: 'away_reason.deleted', actorId, subject: { type: 'away_reason', id }, from: before.name });
    postCommit.after(trx, { type: 'routing_config' });
  });
}
