import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { createDb } from '../../src/db/knex';
import { CHANGES_CHANNEL } from '../../src/realtime/pg-change-events';
import { createPostCommit, DISPATCH, type PostCommit } from '../../src/realtime/post-commit';
import { createTestDatabase, sharedServers, testLog } from '../support/servers';

// Issue 26: the post-commit place against real knex transactions and PostgreSQL's LISTEN — what the SSE hub hears.
describe('post-commit notices on PostgreSQL (issue 26)', function () {
  this.timeout(30_000);
  const name = `postcommit_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let db: Knex;
  let listener: pg.Client;
  let postCommit: PostCommit;
  const heard: unknown[] = [];
  let kicks = 0;

  before(async () => {
    const url = await createTestDatabase(name);
    db = createDb(url, { max: 4 });
    listener = new pg.Client({ connectionString: url });
    await listener.connect();
    listener.on('notification', (m) => m.channel === CHANGES_CHANNEL && heard.push(JSON.parse(m.payload!)));
    await listener.query(`listen ${CHANGES_CHANNEL}`);
    postCommit = createPostCommit({ db, dispatcher: () => ({ kick: () => void kicks++ }), log: testLog });
  });
  after(async () => {
    await listener?.end();
    await db?.destroy();
    const admin = createDb((await sharedServers()).pg.url, { max: 1 });
    await admin.raw(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.destroy();
  });
  beforeEach(() => {
    heard.length = 0;
    kicks = 0;
  });

  const quiet = () => new Promise((r) => setTimeout(r, 300));

  it('a committed transaction’s notices are heard once each after it commits, and the dispatcher is woken once', async () => {
    let heardInside = -1;
    await db.transaction(async (trx) => {
      postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
      await trx.raw('select 1');
      postCommit.after(trx, { type: 'routing_config' }, { type: 'capacity', agentId: 'a1' }, DISPATCH);
      await quiet();
      heardInside = heard.length + kicks;
    });
    await quiet();
    assert.equal(heardInside, 0, 'nothing before the commit');
    assert.deepEqual(heard, [{ type: 'routing_config' }, { type: 'capacity', agentId: 'a1' }]);
    assert.equal(kicks, 1);
  });

  it('a rolled-back transaction tells nobody', async () => {
    await assert.rejects(
      db.transaction(async (trx) => {
        postCommit.after(trx, { type: 'routing_config' }, DISPATCH);
        throw new Error('refused');
      }),
      /refused/,
    );
    await quiet();
    assert.deepEqual(heard, []);
    assert.equal(kicks, 0);
  });

  it('a savepoint’s notices wait for the outer commit, and go with the outer rollback', async () => {
    await assert.rejects(
      db.transaction(async (trx) => {
        await trx.transaction(async (inner) => postCommit.after(inner, { type: 'offers', agentId: 'a2' }, DISPATCH));
        await quiet();
        assert.deepEqual(heard, []);
        throw new Error('outer refused');
      }),
      /outer refused/,
    );
    await quiet();
    assert.deepEqual(heard, []);
    assert.equal(kicks, 0);
    await db.transaction(async (trx) => {
      await trx.transaction(async (inner) => postCommit.after(inner, { type: 'offers', agentId: 'a3' }));
    });
    await quiet();
    assert.deepEqual(heard, [{ type: 'offers', agentId: 'a3' }]);
  });
});
