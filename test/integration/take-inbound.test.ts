import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createActivities } from '../../src/activities';
import { CLAIMED_IDS_LISTED } from '../../src/activities/take-inbound';
import { CHANGES_CHANNEL } from '../../src/realtime/pg-change-events';
import { recordSignalled } from '../../src/use-cases/receive-inbound-sms';
import { startParley, uniqueNumber, type Parley } from '../support/parley';
import { testLog } from '../support/servers';

describe('taking inbound messages into an interaction (activity against real PostgreSQL)', function () {
  this.timeout(60_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ worker: 'none' });
  });
  after(async () => parley?.stop());

  const activities = () =>
    createActivities({
      db: parley.db, events: { interactionChanged: () => undefined }, postCommit: { after: () => undefined, interactionChanged: () => undefined }, log: testLog, statusCallbackUrl: undefined,
      provider: { send: async () => ({ providerSid: 'x', status: 'queued' }), findSent: async () => null },
    });

  async function store(requester: string, body: string): Promise<string> {
    const id = randomUUID();
    await parley.db('messages').insert({ id, direction: 'inbound', company_number: parley.companyNumber, requester_number: requester, body, status: 'received', provider_sid: `SM${randomUUID().replace(/-/g, '')}` });
    return id;
  }

  it('waits for a message row another writer holds for a moment instead of skipping it (found by the ingest benchmark)', async () => {
    const requester = uniqueNumber();
    const id = await store(requester, 'locked for a moment');
    const trx = await parley.db.transaction();
    await trx('messages').where({ id }).update({ signalled_at: trx.fn.now() }); // what the api does after signalling
    const release = setTimeout(() => void trx.commit(), 300);
    const res = await activities().takeIn({
      workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester,
      interactionId: null,
    });
    clearTimeout(release);
    assert.equal(res.taken, 1);
    const row = await parley.db('messages').where({ id }).first();
    assert.equal(row.interaction_id, res.interactionId);
    assert.ok(row.taken_at instanceof Date);

    // The same for a text into the now open conversation.
    const later = await store(requester, 'also locked for a moment');
    const trx2 = await parley.db.transaction();
    await trx2('messages').where({ id: later }).update({ signalled_at: trx2.fn.now() });
    const release2 = setTimeout(() => void trx2.commit(), 300);
    const res2 = await activities().takeIn({
      workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester,
      interactionId: res.interactionId,
    });
    clearTimeout(release2);
    assert.equal(res2.taken, 1);
    assert.equal((await parley.db('messages').where({ id: later }).first()).interaction_id, res.interactionId);
  });

  it('records "signalled" only on messages no interaction has claimed yet', async () => {
    const requester = uniqueNumber();
    const claimedFirst = await store(requester, 'claimed before the record');
    await activities().takeIn({
      workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester,
      interactionId: null,
    });
    const waiting = await store(requester, 'not claimed yet');
    const before = await parley.db('messages').where({ id: claimedFirst }).first('updated_at', 'signalled_at', parley.db.raw('xmin::text as xmin'));
    await recordSignalled(parley.db, [claimedFirst, waiting]);
    const claimedRow = await parley.db('messages').where({ id: claimedFirst }).first('signalled_at', parley.db.raw('xmin::text as xmin'));
    assert.equal(claimedRow.signalled_at, null);
    assert.equal(claimedRow.xmin, before.xmin, 'the claimed row was not rewritten');
    assert.ok((await parley.db('messages').where({ id: waiting }).first()).signalled_at instanceof Date);
  });

  it('records "signalled" without waiting for rows a claim holds, so the two cannot deadlock', async () => {
    const requester = uniqueNumber();
    const first = await store(requester, 'one');
    const second = await store(requester, 'two');
    // A claim locks the pair's rows in order of receipt; here it holds the first and has yet to reach the second.
    const claim = await parley.db.transaction();
    try {
      await claim('messages').where({ id: first }).forUpdate().select('id');
      const recorded = recordSignalled(parley.db, [second, first]).then(() => 'recorded');
      const stalled = new Promise((r) => setTimeout(() => r('waited for the claim'), 3000));
      assert.equal(await Promise.race([recorded, stalled]), 'recorded');
      // The claim can go on to the second row: nothing else holds it now.
      await claim('messages').where({ id: second }).forUpdate().select('id');
    } finally {
      await claim.rollback();
    }
    const rows = await parley.db('messages').whereIn('id', [first, second]).select('id', 'signalled_at');
    const signalled = new Map(rows.map((r) => [r.id, r.signalled_at]));
    assert.equal(signalled.get(first), null, 'the held row is left to its claim (or to the sweeper)');
    assert.ok(signalled.get(second) instanceof Date);
  });

  it('takes every waiting message of the pair in order of receipt, and each message only once', async () => {
    const requester = uniqueNumber();
    for (const b of ['one', 'two', 'three']) await store(requester, b);
    const a = activities();
    const input = { workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null as string | null };
    const first = await a.takeIn(input);
    assert.equal(first.taken, 3);
    assert.equal(first.opened, true);
    const again = await a.takeIn({ ...input, interactionId: first.interactionId});
    assert.equal(again.taken, 0);
    const bodies = await parley.db('messages').where({ interaction_id: first.interactionId }).orderBy('seq').pluck('body');
    assert.deepEqual(bodies, ['one', 'two', 'three']);
    // Issue 22: a later run (r1 has ended: one run of a pair runs at a time) that finds the pair's interaction still
    // open takes it over instead of failing on "one open interaction per pair".
    const adopted = await a.takeIn({ ...input, runId: 'r2' });
    assert.deepEqual([adopted.interactionId, adopted.opened, adopted.taken, adopted.adopted?.interaction.state], [first.interactionId, false, 0, 'new']);
    // A wake-up for a pair whose conversation closed and whose messages are all taken opens nothing.
    await parley.db('interactions').where({ id: first.interactionId }).update({ state: 'closed_complete' });
    const none = await a.takeIn({ ...input, runId: 'r3' });
    assert.equal(none.interactionId, null);
  });

  it('queues one notification per claim, on commit: the interaction change with the ids it took, or a bare "claimed"', async () => {
    const listener = new pg.Client({ connectionString: parley.config.DATABASE_URL });
    await listener.connect();
    const changes: unknown[] = [];
    listener.on('notification', (m) => m.channel === CHANGES_CHANNEL && changes.push(JSON.parse(m.payload!)));
    await listener.query(`listen ${CHANGES_CHANNEL}`);
    try {
      const requester = uniqueNumber();
      const first = await store(requester, 'hello');
      const a = activities();
      const input = { workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null as string | null };
      const opened = await a.takeIn(input);
      const second = await store(requester, 'again');
      const third = await store(requester, 'and again');
      const claimed = await a.takeIn({ ...input, interactionId: opened.interactionId});
      const nothing = await a.takeIn({ ...input, interactionId: opened.interactionId});
      assert.equal(claimed.taken, 2);
      assert.equal(nothing.taken, 0);
      const other = uniqueNumber();
      const many = [];
      for (let i = 0; i < CLAIMED_IDS_LISTED + 1; i++) many.push(store(other, `burst ${i}`));
      await Promise.all(many);
      const burst = await a.takeIn({ ...input, workflowId: `sms:${parley.companyNumber}:${other}`, requesterNumber: other });
      assert.equal(burst.taken, CLAIMED_IDS_LISTED + 1);
      await new Promise((r) => setTimeout(r, 300));
      const change = (claimedIds: string[] | null, wf = input.workflowId, id = opened.interactionId) => ({ type: 'interaction', id, workflowId: wf, claimed: claimedIds?.sort() ?? null });
      // The ids come in no particular order.
      for (const c of changes as { claimed?: string[] | null }[]) c.claimed?.sort();
      assert.deepEqual(changes, [
        change([first]),
        change([second, third]),
        { type: 'claimed', workflowId: input.workflowId },
        change(null, `sms:${parley.companyNumber}:${other}`, burst.interactionId),
      ]);
    } finally {
      await listener.end();
    }
  });
  it('issue 11: opening is not enqueuing: a new interaction is created as `new`, with no work item, and only facts come back', async () => {
    const requester = uniqueNumber();
    await store(requester, 'first text');
    const facts = await activities().takeIn({ workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null });
    assert.deepEqual(Object.keys(facts).sort(), ['interactionId', 'keywords', 'liveAgentOnly', 'opened', 'optedOut', 'queueId', 'taken']);
    assert.equal(facts.queueId, parley.queueId);
    const row = await parley.db('interactions').where({ id: facts.interactionId }).first();
    assert.equal(row.state, 'new');
    assert.equal(Number(row.projection_version), 0);
    assert.equal((await parley.db('work_items').where({ interaction_id: facts.interactionId })).length, 0);
  });

  it('RI-6: a take-in into an interaction closed meanwhile claims nothing; the texts wait for the next interaction', async () => {
    const requester = uniqueNumber();
    await store(requester, 'hello');
    const a = activities();
    const input = { workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null as string | null };
    const opened = await a.takeIn(input);
    await a.close({ projection: { interactionId: opened.interactionId!, version: 1, state: 'closed_complete', closeReason: 'agent_ended', queueId: parley.queueId, assignedAgentId: null } });
    const late = await store(requester, 'after the close');
    const facts = await a.takeIn({ ...input, interactionId: opened.interactionId });
    assert.equal(facts.taken, 0);
    assert.equal((await parley.db('messages').where({ id: late }).first()).interaction_id, null);
  });

  it('one writer: a projection applies only over a lower version, and a closed row never changes again', async () => {
    const requester = uniqueNumber();
    await store(requester, 'hello');
    const a = activities();
    const opened = await a.takeIn({ workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null });
    const id = opened.interactionId!;
    const p = (version: number, state: 'queued' | 'offered' | 'work_in_progress' | 'closed_abandoned', agent: string | null = null) =>
      ({ interactionId: id, version, state, queueId: parley.queueId, assignedAgentId: agent, closeReason: state === 'closed_abandoned' ? 'agent_ended' as const : null });
    const agent = await parley.createAgent('agent');
    await a.enqueue({ workflowId: 'wf', workItemId: randomUUID(), queueId: parley.queueId, projection: p(1, 'queued') });
    await a.project(p(3, 'work_in_progress', agent.id));
    await a.project(p(2, 'offered')); // late: a retried or slow write of an older decision
    let row = await parley.db('interactions').where({ id }).first();
    assert.equal(row.state, 'work_in_progress');
    assert.equal(row.assigned_agent_id, agent.id);
    assert.ok(row.accepted_at instanceof Date && row.queued_at instanceof Date);
    await a.close({ projection: p(4, 'closed_abandoned', agent.id) });
    await a.project(p(9, 'work_in_progress', agent.id)); // even a higher version cannot reopen a closed row
    row = await parley.db('interactions').where({ id }).first();
    assert.equal(row.state, 'closed_abandoned');
    assert.equal(row.close_reason, 'agent_ended');
    assert.equal(Number(row.projection_version), 4);
    assert.ok(row.closed_at instanceof Date);
  });

  it('enqueue is idempotent under the work item id the workflow minted (a retried activity)', async () => {
    const requester = uniqueNumber();
    await store(requester, 'hello');
    const a = activities();
    const opened = await a.takeIn({ workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null });
    const input = {
      workflowId: 'wf', workItemId: randomUUID(), queueId: parley.queueId,
      projection: { interactionId: opened.interactionId!, version: 1, state: 'queued' as const, queueId: parley.queueId, assignedAgentId: null, closeReason: null },
    };
    await a.enqueue(input);
    await a.enqueue(input);
    assert.deepEqual(await parley.db('work_items').where({ interaction_id: opened.interactionId }).pluck('id'), [input.workItemId]);
    assert.deepEqual(await parley.db('routing_events').where({ interaction_id: opened.interactionId }).pluck('type'), ['queued']);
    assert.equal((await parley.db('interactions').where({ id: opened.interactionId }).first()).state, 'queued');
  });

  // Issue 23's fault test: a workflow task attempt that never became history wrote a row under a workflow-minted id;
  // the next attempt minted the same id for another message. History's content must win, and only over a row no
  // provider call has touched.
  describe('a row left by a workflow task attempt that never became history', () => {
    async function openInteraction(): Promise<string> {
      const requester = uniqueNumber();
      await store(requester, 'hello');
      const r = await activities().takeIn({ workflowId: `sms:${parley.companyNumber}:${requester}`, runId: 'r1', companyNumber: parley.companyNumber, requesterNumber: requester, interactionId: null });
      return r.interactionId!;
    }
    const agentId = async () => (await parley.createAgent('agent')).id;

    it('an agent message takes over an unsent row under its id (reply 27 must not go out as reply 32)', async () => {
      const interactionId = await openInteraction();
      const author = await agentId();
      const messageId = randomUUID();
      await activities().recordOutbound({ messageId, interactionId, body: 'reply 27', authorId: author });
      await activities().cancelOutbound({ messageId, reason: 'refused in the lost attempt' });
      await activities().recordOutbound({ messageId, interactionId, body: 'reply 32', authorId: author });
      const row = await parley.db('messages').where({ id: messageId }).first();
      assert.equal(row.body, 'reply 32');
      assert.equal(row.status, 'pending');
      assert.equal(row.error_message, null);
      // A retry of the same write changes nothing.
      await activities().recordOutbound({ messageId, interactionId, body: 'reply 32', authorId: author });
      assert.equal((await parley.db('messages').where({ interaction_id: interactionId, direction: 'outbound' })).length, 1);
    });

    it('a row a provider call has touched is history’s and is never rewritten', async () => {
      const interactionId = await openInteraction();
      const author = await agentId();
      const messageId = randomUUID();
      await activities().recordOutbound({ messageId, interactionId, body: 'already sent', authorId: author });
      await parley.db('messages').where({ id: messageId }).update({ status: 'sending', send_attempts: 1 });
      await activities().recordOutbound({ messageId, interactionId, body: 'something else', authorId: author });
      assert.equal((await parley.db('messages').where({ id: messageId }).first()).body, 'already sent');
    });

    it('SYS-7 a note is stored in its words, with the agent it names (issue 26); a note scheduled before notes had kinds ({ text }) as it was', async () => {
      const interactionId = await openInteraction();
      const author = await agentId();
      const name = (await parley.db('users').where({ id: author }).first('name')).name as string;
      const a = activities();
      const kinded = randomUUID();
      await a.recordNote({ interactionId, note: { kind: 'ended', outcome: 'complete' }, agentId: author, noteId: kinded });
      const legacy = randomUUID();
      await a.recordNote({ interactionId, text: '{{agent}} accepted the conversation.', agentId: author, noteId: legacy });
      const bodies = await parley.db('messages').whereIn('id', [kinded, legacy]).select('id', 'body', 'direction', 'author_user_id');
      const byId = new Map(bodies.map((r) => [r.id, r]));
      assert.deepEqual([byId.get(kinded).body, byId.get(kinded).direction, byId.get(kinded).author_user_id], [`${name} ended the conversation (complete).`, 'system', author]);
      assert.equal(byId.get(legacy).body, `${name} accepted the conversation.`);
    });

    it('a note and a system text take over an unsent row under their id, and a retried system text keeps its own', async () => {
      const interactionId = await openInteraction();
      const author = await agentId();
      const a = activities();
      const noteId = randomUUID();
      await a.recordOutbound({ messageId: noteId, interactionId, body: 'lost reply', authorId: author });
      await a.recordNote({ interactionId, text: 'Closed by a messaging action.', noteId });
      const note = await parley.db('messages').where({ id: noteId }).first();
      assert.deepEqual([note.direction, note.body, note.status], ['system', 'Closed by a messaging action.', 'received']);

      const textId = randomUUID();
      await a.recordNote({ interactionId, text: 'a lost note', noteId: textId });
      assert.equal((await a.recordSystemText({ interactionId, key: 'no_agents_available', messageId: textId })).recorded, true);
      const text = await parley.db('messages').where({ id: textId }).first();
      assert.deepEqual([text.direction, text.system_text_key, text.status], ['outbound', 'no_agents_available', 'pending']);
      const body = text.body;
      // The same text again (a retry): kept as it was.
      await a.recordSystemText({ interactionId, key: 'no_agents_available', messageId: textId, body: 'another body' });
      assert.equal((await parley.db('messages').where({ id: textId }).first()).body, body);
    });
  });
});
