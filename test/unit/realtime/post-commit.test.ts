import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import pino from 'pino';
import { createPostCommit, DISPATCH } from '../../../src/realtime/post-commit';

// Issue 26: change notices and dispatcher wake-ups go out from one place, once, after the commit — never for a
// transaction that rolled back. knex's transaction is stood in for by what the helper reads of it.

function fakeTrx(parent?: Knex.Transaction) {
  let settle!: { commit: () => void; fail: (err: Error) => void };
  const executionPromise = new Promise<void>((resolve, reject) => (settle = { commit: resolve, fail: reject }));
  const trx = {
    isTransaction: true, executionPromise, parentTransaction: parent,
    rollback: () => {
      settle.commit(); // knex resolves a rollback without an error, as it does a commit
      return Promise.resolve();
    },
  };
  return { trx: trx as unknown as Knex.Transaction, commit: () => settle.commit(), fail: (err: Error) => settle.fail(err) };
}

function scene() {
  const notified: string[][] = [];
  let kicks = 0;
  const db = { raw: (_sql: string, [, payloads]: [string, string[]]) => (notified.push(payloads), Promise.resolve()) } as unknown as Knex;
  const postCommit = createPostCommit({ db, dispatcher: () => ({ kick: () => void kicks++ }), log: pino({ level: 'silent' }) });
  return { postCommit, db, notified, kicks: () => kicks };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('post-commit notices (issue 26)', () => {
  it('sends nothing before the commit, then every notice once, in one statement, and wakes the dispatcher once', async () => {
    const s = scene();
    const t = fakeTrx();
    s.postCommit.after(t.trx, { type: 'routing_config' }, DISPATCH);
    s.postCommit.after(t.trx, { type: 'capacity', agentId: 'a1' }, { type: 'routing_config' }, DISPATCH);
    await settled();
    assert.deepEqual(s.notified, []);
    assert.equal(s.kicks(), 0);
    t.commit();
    await settled();
    assert.deepEqual(s.notified, [[JSON.stringify({ type: 'routing_config' }), JSON.stringify({ type: 'capacity', agentId: 'a1' })]]);
    assert.equal(s.kicks(), 1);
  });

  it('sends nothing for a transaction that failed and rolled back', async () => {
    const s = scene();
    const t = fakeTrx();
    s.postCommit.after(t.trx, { type: 'offers', agentId: 'a1' }, DISPATCH);
    t.fail(new Error('conflict'));
    await settled();
    assert.deepEqual(s.notified, []);
    assert.equal(s.kicks(), 0);
  });

  it('sends nothing for a transaction rolled back without an error (which knex resolves like a commit)', async () => {
    const s = scene();
    const t = fakeTrx();
    s.postCommit.after(t.trx, { type: 'routing_config' }, DISPATCH);
    await t.trx.rollback();
    await settled();
    assert.deepEqual(s.notified, []);
    assert.equal(s.kicks(), 0);
  });

  it('holds a savepoint’s notices until the outermost transaction commits', async () => {
    const s = scene();
    const outer = fakeTrx();
    const inner = fakeTrx(outer.trx);
    s.postCommit.after(inner.trx, { type: 'capacity', agentId: 'a2' });
    inner.commit();
    await settled();
    assert.deepEqual(s.notified, []);
    outer.commit();
    await settled();
    assert.deepEqual(s.notified, [[JSON.stringify({ type: 'capacity', agentId: 'a2' })]]);
  });

  it('sends at once, deduplicated, when given the database (the change is already durable)', async () => {
    const s = scene();
    s.postCommit.after(s.db, { type: 'interaction', id: 'i1' }, { type: 'interaction', id: 'i1' }, DISPATCH);
    s.postCommit.interactionChanged('i2');
    assert.deepEqual(s.notified, [[JSON.stringify({ type: 'interaction', id: 'i1' })], [JSON.stringify({ type: 'interaction', id: 'i2' })]]);
    assert.equal(s.kicks(), 1);
  });

  it('a wake-up alone sends no NOTIFY', async () => {
    const s = scene();
    const t = fakeTrx();
    s.postCommit.after(t.trx, DISPATCH);
    t.commit();
    await settled();
    assert.deepEqual(s.notified, []);
    assert.equal(s.kicks(), 1);
  });
});
