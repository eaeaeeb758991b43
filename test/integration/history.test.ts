import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Row {
  id: string; channel: string; state: string; closeReason: string | null; requesterNumber: string; requesterName: string | null;
  companyNumber: string; companyNumberName: string | null; assignedAgentId: string | null; assignedAgentName: string | null; createdAt: string; closedAt: string;
}
interface Page { rows: Row[]; nextCursor: string | null }
type ErrorBody = { error: { code: string; message: string } };

// Issue 25, History: closed conversations found again, through the real api, workflows and PostgreSQL.
describe('History: closed conversations and the requester’s earlier ones (issue 25)', function () {
  this.timeout(180_000);
  let parley: Parley;
  let manager: Agent;
  let admin: Agent;
  before(async () => {
    parley = await startParley();
    manager = await parley.createAgent('manager');
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());

  async function agentNamed(name: string): Promise<Agent> {
    const a = await parley.createAgent('agent', { capacity: 20 });
    await parley.db('users').where({ id: a.id }).update({ name });
    return a;
  }

  /** The agent alone is Available while the requester texts: the offer is theirs; then they go Offline again. */
  async function accepted(agent: Agent, requester: string): Promise<string> {
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
    try {
      return await parley.acceptOfferFor(agent, requester);
    } finally {
      await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
    }
  }

  async function closedConversation(agent: Agent, requester: string, outcome: 'complete' | 'abandon' = 'complete'): Promise<string> {
    await parley.text(requester, `hello from ${requester}`);
    const id = await accepted(agent, requester);
    const reply = await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'On it.' } });
    assert.equal(reply.status, 202, JSON.stringify(reply.body));
    const end = await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome } });
    assert.equal(end.status, 200, JSON.stringify(end.body));
    await eventually('the close projected', async () => (await parley.db('interactions').where({ id }).first('state')).state.startsWith('closed_'));
    return id;
  }

  const history = (who: Agent, query = '') => parley.request<Page>('GET', `/api/interactions/history${query ? `?${query}` : ''}`, { token: who.token });
  const earlier = (who: Agent, id: string, query = '') =>
    parley.request<Page>('GET', `/api/interactions/${id}/requester-history${query ? `?${query}` : ''}`, { token: who.token });
  const digitsOf = (n: string) => n.replace(/\D/g, '');

  it('issue 25: an agent’s History lists the closed conversations they handled, newest first, with requester, company number, close reason and assignee; another agent does not see them, managers and admins see all', async () => {
    const ana = await agentNamed('Ana History');
    const ben = await agentNamed('Ben Elsewhere');
    const [first, second] = [uniqueNumber(), uniqueNumber()];
    const a = await closedConversation(ana, first, 'complete');
    const b = await closedConversation(ana, second, 'abandon');
    const c = await closedConversation(ben, uniqueNumber());

    const mine = await history(ana);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(mine.body.rows.map((r) => r.id), [b, a], 'only Ana’s, newest first');
    assert.equal(mine.body.nextCursor, null);
    const row = mine.body.rows[0];
    assert.equal(row.channel, 'sms');
    assert.equal(row.state, 'closed_abandoned');
    assert.equal(row.closeReason, 'agent_ended');
    assert.equal(row.requesterNumber, second);
    assert.equal(row.requesterName, null, 'a guest');
    assert.equal(row.companyNumber, parley.companyNumber);
    assert.equal(row.companyNumberName, 'Test line');
    assert.equal(row.assignedAgentId, ana.id);
    assert.equal(row.assignedAgentName, 'Ana History');
    assert.ok(Date.parse(row.closedAt) >= Date.parse(row.createdAt));

    assert.deepEqual((await history(ben)).body.rows.map((r) => r.id), [c], 'Ben sees his own only');
    // An agent cannot open a conversation they never handled, nor list its requester's history.
    assert.equal((await parley.request<ErrorBody>('GET', `/api/interactions/${a}`, { token: ben.token })).status, 403);
    assert.equal((await earlier(ben, a)).status, 403);

    for (const boss of [manager, admin]) {
      const all = await history(boss, 'limit=100');
      assert.equal(all.status, 200);
      const ids = all.body.rows.map((r) => r.id);
      for (const id of [a, b, c]) assert.ok(ids.includes(id), `${boss.role} sees ${id}`);
      assert.ok(ids.indexOf(c) < ids.indexOf(b) && ids.indexOf(b) < ids.indexOf(a), 'newest first');
    }
    assert.equal((await parley.request('GET', '/api/interactions/history')).status, 401);
  });

  it('issue 25: an agent who wrote in a conversation and transferred it finds it in History and may open it; the agent who ended it too', async () => {
    const first = await agentNamed('Tara Transferrer');
    const second = await agentNamed('Uma Taker');
    const requester = uniqueNumber();
    await parley.text(requester, 'I need billing');
    const id = await accepted(first, requester);
    await parley.request('POST', `/api/interactions/${id}/messages`, { token: first.token, body: { body: 'Passing you to a colleague.' } });
    await parley.request('PUT', '/api/me/presence', { token: second.token, body: { status: 'available' } });
    const t = await parley.request('POST', `/api/interactions/${id}/transfer`, { token: first.token, body: { agentId: second.id } });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    await parley.acceptOfferFor(second, requester);
    await parley.request('PUT', '/api/me/presence', { token: second.token, body: { status: 'offline' } });
    await parley.request('POST', `/api/interactions/${id}/end`, { token: second.token, body: { outcome: 'complete' } });
    await eventually('closed', async () => (await parley.interactionFor(requester))?.state === 'closed_complete');

    const row = (await history(first)).body.rows.find((r) => r.id === id);
    assert.ok(row, 'the transferring agent finds it');
    assert.equal(row.assignedAgentName, 'Uma Taker', 'the assignee is who held it at the end');
    assert.ok((await history(second)).body.rows.some((r) => r.id === id));
    const read = await parley.request<{ messages: { body: string }[] }>('GET', `/api/interactions/${id}`, { token: first.token });
    assert.equal(read.status, 200);
    assert.ok(read.body.messages.some((m) => m.body === 'Passing you to a colleague.'));
    // Read-only: a closed conversation takes no commands.
    assert.notEqual((await parley.request('POST', `/api/interactions/${id}/messages`, { token: first.token, body: { body: 'again' } })).status, 202);
  });

  it('issue 25: History searches by any run of the number’s digits, by the requester’s name and by when it closed', async () => {
    const agent = await agentNamed('Sam Searcher');
    const mobile = uniqueMobileNumber();
    const name = `Nadia Historia ${randomUUID().slice(0, 6)}`;
    const user = await parley.request<{ id: string }>('POST', '/api/admin/users', {
      token: admin.token, body: { email: `${randomUUID().slice(0, 8)}@example.com`, name, role: 'agent', password: 'a-long-password-1' },
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    assert.equal((await parley.request('PATCH', `/api/admin/users/${user.body.id}`, { token: admin.token, body: { mobilePhone: mobile } })).status, 200);
    const guest = uniqueNumber();
    const named = await closedConversation(agent, mobile);
    const guestOne = await closedConversation(agent, guest);

    // Part of the number, typed as a person would (spaces, dashes); digits from its middle.
    const middle = digitsOf(guest).slice(4, 11);
    const typed = `${middle.slice(0, 3)} ${middle.slice(3)}`;
    const byNumber = await history(agent, `number=${encodeURIComponent(typed)}`);
    assert.equal(byNumber.status, 200, JSON.stringify(byNumber.body));
    assert.deepEqual(byNumber.body.rows.map((r) => r.id), [guestOne]);
    const byNational = await history(manager, `number=${encodeURIComponent(`(${mobile.slice(2, 5)}) ${mobile.slice(5, 8)}-${mobile.slice(8)}`)}`);
    assert.deepEqual(byNational.body.rows.map((r) => r.id), [named], 'a manager finds it by the number as written nationally');

    const byName = await history(agent, `name=${encodeURIComponent(name.split(' ')[1].toLowerCase())}`);
    assert.ok(byName.body.rows.some((r) => r.id === named), 'part of the name, any case');
    assert.ok(!byName.body.rows.some((r) => r.id === guestOne), 'a guest has no name to match');
    assert.equal(byName.body.rows.find((r) => r.id === named)?.requesterName, name);

    // Closed between: the second close's time splits the two.
    const mine = (await history(agent)).body.rows;
    const [later, earlierRow] = mine;
    assert.deepEqual([later.id, earlierRow.id], [guestOne, named]);
    const since = await history(agent, `closedSince=${encodeURIComponent(later.closedAt)}`);
    assert.deepEqual(since.body.rows.map((r) => r.id), [guestOne]);
    const until = await history(agent, `closedUntil=${encodeURIComponent(later.closedAt)}`);
    assert.deepEqual(until.body.rows.map((r) => r.id), [named]);
    const between = await history(agent, `closedSince=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&closedUntil=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    assert.deepEqual(between.body.rows.map((r) => r.id), [guestOne, named]);
    const yesterday = await history(agent, `closedUntil=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`);
    assert.deepEqual(yesterday.body.rows, []);
    // Filters combine.
    assert.deepEqual((await history(agent, `number=${digitsOf(guest).slice(-7)}&closedUntil=${encodeURIComponent(later.closedAt)}`)).body.rows, []);
  });

  it('issue 25: History pages with limit and cursor, newest first, every row exactly once', async () => {
    const agent = await agentNamed('Paula Pages');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await closedConversation(agent, uniqueNumber()));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: Page } = await history(agent, `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.rows.length <= 2);
      seen.push(...r.body.rows.map((x) => x.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...ids].reverse());
    // The cap: more than 100 a page is refused rather than quietly cut.
    const tooMany = await history(agent, 'limit=101');
    assert.equal(tooMany.status, 400);
    assert.match((tooMany.body as unknown as ErrorBody).error.message, /limit/);
  });

  it('issue 25: bad History parameters answer 400 naming what to fix', async () => {
    const agent = await agentNamed('Vera Validator');
    const cases: [string, RegExp][] = [
      ['number=12', /number.*at least 3 digits/],
      ['number=abc', /number.*digits of a phone number/],
      ['name=a', /name.*at least 2 characters/],
      ['closedSince=yesterday', /closedSince.*ISO 8601/],
      ['closedUntil=2026-13-01T00:00:00Z', /closedUntil.*ISO 8601/],
      ['closedSince=2026-12-02T00:00:00Z&closedUntil=2026-12-01T00:00:00Z', /closedUntil.*later than closedSince/],
      ['cursor=not-a-cursor', /cursor.*nextCursor/],
      ['limit=0', /limit/],
      ['limit=ten', /limit/],
      ['sort=oldest', /sort|unrecognized/i],
    ];
    for (const [query, message] of cases) {
      const r = await parley.request<ErrorBody>('GET', `/api/interactions/history?${query}`, { token: agent.token });
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.code, 'invalid_request', query);
      assert.match(r.body.error.message, message, query);
    }
    const e = await parley.request<ErrorBody>('GET', `/api/interactions/not-an-id/requester-history`, { token: agent.token });
    assert.equal(e.status, 400);
    assert.equal((await parley.request('GET', `/api/interactions/${randomUUID()}/requester-history`, { token: agent.token })).status, 404);
  });

  it('issue 25: the requester panel lists the requester’s earlier conversations; the agent working with them opens one a colleague handled, read-only; a colleague not working with them does not see it', async () => {
    const old = await agentNamed('Olive Earlier');
    const now = await agentNamed('Nico Now');
    const outsider = await agentNamed('Otto Outside');
    const requester = uniqueNumber();
    const firstTime = await closedConversation(old, requester);
    const secondTime = await closedConversation(old, requester, 'abandon');
    const otherGuest = await closedConversation(old, uniqueNumber());
    await parley.text(requester, 'it is me again');
    const current = await accepted(now, requester);

    const list = await earlier(now, current);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.rows.map((r) => r.id), [secondTime, firstTime], 'the same number’s, newest first, not the current one nor another requester’s');
    assert.ok(!list.body.rows.some((r) => r.id === otherGuest));
    assert.equal(list.body.rows[0].assignedAgentName, 'Olive Earlier');
    // Nico may open what Olive handled because he works with this requester now; he may not act in it.
    const read = await parley.request<{ state: string; messages: { body: string }[] }>('GET', `/api/interactions/${firstTime}`, { token: now.token });
    assert.equal(read.status, 200);
    assert.equal(read.body.state, 'closed_complete');
    assert.ok(read.body.messages.some((m) => m.body === `hello from ${requester}`));
    assert.equal((await parley.request('POST', `/api/interactions/${firstTime}/read`, { token: now.token })).status, 403);
    // The list pages too.
    const one = await earlier(now, current, 'limit=1');
    assert.deepEqual(one.body.rows.map((r) => r.id), [secondTime]);
    assert.deepEqual((await earlier(now, current, `limit=1&cursor=${encodeURIComponent(one.body.nextCursor!)}`)).body.rows.map((r) => r.id), [firstTime]);
    // Not in Nico's own History: he did not handle them.
    assert.ok(!(await history(now)).body.rows.some((r) => r.id === firstTime));

    // Otto may read Nico's conversation (ONG-6) but works with nobody here: the list has nothing he may open.
    const outside = await earlier(outsider, current);
    assert.equal(outside.status, 200);
    assert.deepEqual(outside.body.rows, []);
    assert.equal((await parley.request('GET', `/api/interactions/${firstTime}`, { token: outsider.token })).status, 403);
    // Once Nico's conversation is closed he no longer works with the requester: their earlier ones close to him again.
    await parley.request('POST', `/api/interactions/${current}/end`, { token: now.token, body: { outcome: 'complete' } });
    await eventually('closed', async () => (await parley.db('interactions').where({ id: current }).first('state')).state === 'closed_complete');
    assert.equal((await parley.request('GET', `/api/interactions/${firstTime}`, { token: now.token })).status, 403);
    assert.deepEqual((await earlier(now, current)).body.rows, [], 'from his own closed one he sees only what he handled');
    // Olive, from a conversation she handled: the earlier ones she handled.
    assert.deepEqual((await earlier(old, firstTime)).body.rows.map((r) => r.id), [secondTime], 'not Nico’s: she did not handle it');
    // Managers see every earlier conversation.
    assert.deepEqual((await earlier(manager, firstTime)).body.rows.map((r) => r.id), [current, secondTime]);
  });

  it('issue 25: a requester’s earlier conversations follow the user from an old number to a new one, and a number that passed to someone else does not show its former owner’s', async () => {
    const agent = await agentNamed('Rita Requester');
    const [oldMobile, newMobile] = [uniqueMobileNumber(), uniqueMobileNumber()];
    const u = await parley.request<{ id: string }>('POST', '/api/admin/users', {
      token: admin.token, body: { email: `${randomUUID().slice(0, 8)}@example.com`, name: 'Moving Mona', role: 'agent', password: 'a-long-password-1' },
    });
    await parley.request('PATCH', `/api/admin/users/${u.body.id}`, { token: admin.token, body: { mobilePhone: oldMobile } });
    const onOld = await closedConversation(agent, oldMobile);
    await parley.request('PATCH', `/api/admin/users/${u.body.id}`, { token: admin.token, body: { mobilePhone: newMobile } });
    const onNew = await closedConversation(agent, newMobile);
    assert.equal((await parley.db('interactions').where({ id: onNew }).first('requester_user_id')).requester_user_id, u.body.id);
    assert.deepEqual((await earlier(manager, onNew)).body.rows.map((r) => r.id), [onOld], 'the same user on another number');
    // The old number, texting again as a stranger (its profile says Mona): re-associated to a guest, it is no longer her.
    await parley.text(oldMobile, 'new owner of this number');
    const strangerId = await accepted(agent, oldMobile);
    const r = await parley.request('PUT', `/api/interactions/${strangerId}/requester`, { token: agent.token, body: { userId: null } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual((await earlier(manager, strangerId)).body.rows, [], 'Mona’s conversation on that number is not the guest’s');
  });
});
