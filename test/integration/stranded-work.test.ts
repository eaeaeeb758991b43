import assert from 'node:assert/strict';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

// Issue 22: a burst of new conversations, each opened by a text that arrives as the previous conversation with the same
// requester ends, must all reach routing: every queued item is offered, or its timeline says why nobody could take it,
// within a dispatch pass while an eligible agent has room. Run against the embedded PostgreSQL and, when
// `DATABASE_URL` names one, against that server too (it was seen failing on PostgreSQL 15).

interface Offer { id: string; interactionId: string; requesterNumber: string }

const servers: [string, string | undefined][] = [['the embedded PostgreSQL', undefined]];
if (process.env.DATABASE_URL) servers.push(['the PostgreSQL named by DATABASE_URL', process.env.DATABASE_URL]);

for (const [name, pgUrl] of servers) {
  describe(`nothing left where nobody can act on it, on ${name}`, function () {
    this.timeout(180_000);
    let parley: Parley;
    before(async () => {
      parley = await startParley({ pgUrl, env: process.env.BURST_ENV ? JSON.parse(process.env.BURST_ENV) : {} });
    });
    after(async () => parley?.stop());
    // Each test's agent is the only one Available: an earlier test's agent would take some of its offers.
    beforeEach(async () => {
      await parley.db('agent_presence').update({ status: 'offline' });
    });

    const offers = async (agent: Agent) => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body;

    it('RI-6/AI-14 a compose right after End, while the closing text waits for the sending rate: the new interaction takes commands and ends', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available', capacity: 100 });
      const requester = uniqueMobileNumber();
      const { interactionId } = await parley.acceptedConversation(agent, requester, 'my parcel is lost');
      // SPEC §9: one text a second, so the "conversation closed" text waits about a second behind the reply.
      await parley.db('company_numbers').where({ number: parley.companyNumber }).update({ rate_per_second: 1 });
      try {
        const reply = await parley.request('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { body: 'Found it, it ships today' } });
        assert.equal(reply.status, 202);
        const ended = await parley.request('POST', `/api/interactions/${interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
        assert.equal(ended.status, 200);
        const composed = await parley.request<{ interactionId: string; outcome: string }>('POST', '/api/compose', {
          token: agent.token, body: { from: parley.companyNumber, to: requester, body: 'One more thing: your tracking number is 123' },
        });
        assert.equal(composed.status, 201, JSON.stringify(composed.body));
        assert.notEqual(composed.body.interactionId, interactionId);
        // Past the drain: the closing text and the compose have gone; the run that owns the new interaction is alive.
        await eventually('the closing text and the compose sent', async () => {
          const sent = await parley.db('messages').where({ interaction_id: composed.body.interactionId, direction: 'outbound' }).whereNotNull('provider_sid').first('id');
          return Boolean(sent);
        });
        await new Promise((r) => setTimeout(r, 1_500));
        const workflowId = `sms:${parley.companyNumber}:${requester}`;
        assert.equal((await parley.client.workflow.getHandle(workflowId).describe()).status.name, 'RUNNING');
        const hold = await parley.request<{ state: string }>('POST', `/api/interactions/${composed.body.interactionId}/hold`, { token: agent.token });
        assert.equal(hold.status, 200, JSON.stringify(hold.body));
        const end = await parley.request<{ state: string }>('POST', `/api/interactions/${composed.body.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
        assert.equal(end.status, 200, JSON.stringify(end.body));
        assert.equal(end.body.state, 'closed_complete');
      } finally {
        await parley.db('company_numbers').where({ number: parley.companyNumber }).update({ rate_per_second: 100 });
      }
    });

    it('PostgreSQL runs Parley\'s statements without JIT (it compiled the routing load query for seconds a run)', async () => {
      const { rows } = await parley.db.raw('show jit');
      assert.equal(rows[0].jit, 'off');
    });

    it('SPEC §5 "never stuck": 16 conversations ended while their requesters text again, then texted once more: every new one is offered', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available', capacity: 100 });
      const requesters = Array.from({ length: 16 }, () => uniqueNumber());
      await Promise.all(requesters.map((r) => parley.text(r, 'hi')));
      const first = new Map<string, string>();
      for (const r of requesters) first.set(r, await parley.acceptOfferFor(agent, r));

      // Each is ended by the agent while its requester texts again (the text lands in the closing run's window).
      await Promise.all(requesters.map(async (r) => {
        const [ended] = await Promise.all([
          parley.request('POST', `/api/interactions/${first.get(r)}/end`, { token: agent.token, body: { outcome: 'complete' } }),
          parley.text(r, 'wait, one more thing'),
        ]);
        assert.equal(ended.status, 200);
      }));
      // Then each texts once more, all within about half a second.
      await Promise.all(requesters.map((r) => parley.text(r, 'hello?')));

      // Within a few dispatch passes every requester has a new, open interaction, offered to the agent (room for 100).
      // (The report saw minutes; the bound leaves room for a loaded 2-core machine running other suites.)
      const until = Date.now() + 60_000;
      const openRows = () => parley.db('interactions').whereIn('requester_number', requesters).whereNotIn('state', ['closed_complete', 'closed_abandoned']).select('id', 'requester_number', 'state');
      const open = await eventually('a new open interaction for every requester', async () => {
        const rows = await openRows();
        return rows.length === requesters.length ? rows : undefined;
      }, until - Date.now()).catch(async (err) => {
        const rows = await openRows();
        const missing = requesters.filter((r) => !rows.some((i) => i.requester_number === r));
        const texts = await parley.db('messages').whereIn('requester_number', missing).where({ direction: 'inbound' }).orderBy('seq').select('requester_number', 'body', 'interaction_id');
        throw new Error(`${(err as Error).message}: ${rows.length} of ${requesters.length}; texts of the others: ${JSON.stringify(texts)}`);
      });
      assert.ok(open.every((i) => i.id !== first.get(i.requester_number)), 'the ended interactions stay ended');
      await eventually('an offer for every new interaction', async () => {
        const offered = new Set((await offers(agent)).map((o) => o.interactionId));
        return open.every((i) => offered.has(i.id));
      }, Math.max(1, until - Date.now())).catch(async (err) => {
        const offered = new Set((await offers(agent)).map((o) => o.interactionId));
        const stuck = [];
        for (const i of open.filter((x) => !offered.has(x.id))) {
          const now = await parley.db('interactions').where({ id: i.id }).first('state');
          const items = await parley.db('work_items').where({ interaction_id: i.id }).select('state', 'last_decision', 'created_at');
          const events = await parley.db('routing_events').where({ interaction_id: i.id }).orderBy('id').pluck('type');
          stuck.push(`${i.id} ${now.state}: items ${JSON.stringify(items)}; events ${events.join(', ')}`);
        }
        throw new Error(`${(err as Error).message}\n${stuck.join('\n')}`);
      });
    });
  });
}
