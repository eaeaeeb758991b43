import assert from 'node:assert/strict';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

type ErrorBody = { error: { code: string; message: string } };
interface Preferences { audioAlerts: boolean; desktopNotifications: boolean }
interface Colleague { id: string; channel: string; state: string; requesterNumber: string; assignedAgentId: string; assignedAgentName: string; updatedAt: string }
interface Message { body: string; authorKind: string; authorId: string | null; authorName: string | null }
interface Detail { id: string; state: string; assignedAgentId: string | null; messages: Message[] }
interface Ongoing { id: string; lastMessage: string; lastMessageAuthorKind: string | null; lastMessageAuthorId: string | null; lastMessageAuthorName: string | null }

/** The Agent Workspace's rules as the api enforces them (reference §7: ONG-6, END-1…3, NOT-1; SPEC §17). */
describe('Workspace rules at the api (ONG-6, END, NOT-1, transcript authorship)', function () {
  this.timeout(120_000);
  let parley: Parley;
  let manager: Agent;
  before(async () => {
    parley = await startParley();
    manager = await parley.createAgent('manager');
  });
  after(async () => parley?.stop());
  beforeEach(async () => {
    await parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await parley.db('agent_presence').update({ status: 'offline' });
  });

  /** A conversation in progress with a fresh agent, who is then Offline so the next test's texts go elsewhere. */
  async function conversationWith(name: string, requester = uniqueNumber()): Promise<{ agent: Agent; id: string; requester: string }> {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    await parley.db('users').where({ id: agent.id }).update({ name });
    const { interactionId } = await parley.acceptedConversation(agent, requester, `hello from ${requester}`);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
    return { agent, id: interactionId, requester };
  }

  const colleagues = async (who: Agent) => {
    const r = await parley.request<Colleague[]>('GET', '/api/interactions/colleagues', { token: who.token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };

  it('NOT-1: audio alerts and desktop notifications are per-user preferences on the server, both off until opted in; a change is audited', async () => {
    const ana = await parley.createAgent('agent');
    const ben = await parley.createAgent('agent');
    assert.equal((await parley.request('GET', '/api/me/preferences')).status, 401);
    const initial = await parley.request<Preferences>('GET', '/api/me/preferences', { token: ana.token });
    assert.deepEqual(initial.body, { audioAlerts: false, desktopNotifications: false }, 'opt-in: off by default');

    const on = await parley.request<Preferences>('PUT', '/api/me/preferences', { token: ana.token, body: { audioAlerts: true } });
    assert.equal(on.status, 200);
    assert.deepEqual(on.body, { audioAlerts: true, desktopNotifications: false }, 'what is left out stays');
    await parley.request('PUT', '/api/me/preferences', { token: ana.token, body: { desktopNotifications: true } });
    assert.deepEqual((await parley.request<Preferences>('GET', '/api/me/preferences', { token: ana.token })).body, { audioAlerts: true, desktopNotifications: true });
    assert.deepEqual((await parley.request<Preferences>('GET', '/api/me/preferences', { token: ben.token })).body, { audioAlerts: false, desktopNotifications: false }, 'Ana’s choice is hers only');

    for (const body of [{}, { audioAlerts: 'yes' }, { sound: true }]) {
      const bad = await parley.request<ErrorBody>('PUT', '/api/me/preferences', { token: ana.token, body });
      assert.equal(bad.status, 400, JSON.stringify(body));
    }
    const audited = await parley.db('audit_log').where({ actor_user_id: ana.id, action: 'preferences.changed' });
    assert.equal(audited.length, 2);
  });

  it('ONG-6: agents and managers list SMS work in progress or on hold with OTHER agents (channel, interaction, assignee, state, last updated); an agent reads it but cannot act on it', async () => {
    const held = await conversationWith('Hana Holder');
    const reader = await parley.createAgent('agent');
    await parley.request('POST', `/api/interactions/${held.id}/hold`, { token: held.agent.token });

    const row = (await colleagues(reader)).find((c) => c.id === held.id);
    assert.ok(row, 'the colleague’s conversation is listed');
    assert.equal(row.channel, 'sms');
    assert.equal(row.state, 'on_hold');
    assert.equal(row.assignedAgentId, held.agent.id);
    assert.equal(row.assignedAgentName, 'Hana Holder');
    assert.ok(Date.now() - Date.parse(row.updatedAt) < 60_000);
    assert.ok((await colleagues(manager)).some((c) => c.id === held.id), 'a manager sees it too');
    assert.ok(!(await colleagues(held.agent)).some((c) => c.id === held.id), 'not one’s own');

    // Read-only for an agent: the transcript, yes; sending, holding, resuming, ending, no.
    const read = await parley.request<Detail>('GET', `/api/interactions/${held.id}`, { token: reader.token });
    assert.equal(read.status, 200);
    assert.ok(read.body.messages.some((m) => m.body === `hello from ${held.requester}`));
    for (const [path, body] of [['messages', { body: 'not mine' }], ['resume', undefined], ['end', { outcome: 'complete' }], ['read', undefined]] as const) {
      const r = await parley.request<ErrorBody>('POST', `/api/interactions/${held.id}/${path}`, { token: reader.token, body });
      assert.equal(r.status, 403, path);
      assert.match(r.body.error.message, /not assigned to you/);
    }
    assert.equal((await parley.interactionFor(held.requester))?.state, 'on_hold');

    // A closed conversation leaves the list.
    await parley.request('POST', `/api/interactions/${held.id}/end`, { token: held.agent.token, body: { outcome: 'complete' } });
    assert.ok(!(await colleagues(reader)).some((c) => c.id === held.id));
    // …and is no longer an agent's to read: only its holder and managers see a closed conversation.
    await eventually('the close projected', async () => (await parley.interactionFor(held.requester))?.state === 'closed_complete');
    assert.equal((await parley.request('GET', `/api/interactions/${held.id}`, { token: reader.token })).status, 403);
    assert.equal((await parley.request('GET', `/api/interactions/${held.id}`, { token: held.agent.token })).status, 200);
  });

  it('END-1: an agent ends their own conversation; another agent cannot (403); a manager can end one not assigned to them', async () => {
    const own = await conversationWith('Olga Owner');
    const other = await parley.createAgent('agent');
    const refused = await parley.request<ErrorBody>('POST', `/api/interactions/${own.id}/end`, { token: other.token, body: { outcome: 'complete' } });
    assert.equal(refused.status, 403);
    assert.equal((await parley.interactionFor(own.requester))?.state, 'work_in_progress');
    const ended = await parley.request<{ state: string }>('POST', `/api/interactions/${own.id}/end`, { token: own.agent.token, body: { outcome: 'complete' } });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.state, 'closed_complete');

    const second = await conversationWith('Otto Owner');
    const byManager = await parley.request<{ state: string }>('POST', `/api/interactions/${second.id}/end`, { token: manager.token, body: { outcome: 'complete' } });
    assert.equal(byManager.status, 200);
    assert.equal(byManager.body.state, 'closed_complete');
    const audit = await parley.db('audit_log').where({ action: 'interaction.ended', subject_id: second.id }).first();
    assert.equal(audit?.actor_user_id, manager.id);
  });

  it('END-2: Complete closes as closed_complete, Abandon as closed_abandoned; an unknown outcome is refused', async () => {
    const a = await conversationWith('Cora Complete');
    const b = await conversationWith('Abe Abandon');
    const bad = await parley.request('POST', `/api/interactions/${a.id}/end`, { token: a.agent.token, body: { outcome: 'finished' } });
    assert.equal(bad.status, 400);
    await parley.request('POST', `/api/interactions/${a.id}/end`, { token: a.agent.token, body: { outcome: 'complete' } });
    await parley.request('POST', `/api/interactions/${b.id}/end`, { token: b.agent.token, body: { outcome: 'abandon' } });
    for (const [c, state] of [[a, 'closed_complete'], [b, 'closed_abandoned']] as const) {
      const d = await parley.request<Detail>('GET', `/api/interactions/${c.id}`, { token: c.agent.token });
      assert.equal(d.body.state, state);
    }
  });

  it('END-3: after close neither the agent who held it, an earlier agent nor a manager can send in it: a clear 4xx, and nothing reaches the phone', async () => {
    const first = await conversationWith('Fay First');
    const next = await parley.createAgent('agent');
    const moved = await parley.request('POST', `/api/interactions/${first.id}/assign`, { token: manager.token, body: { agentId: next.id } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await parley.request('POST', `/api/interactions/${first.id}/end`, { token: next.token, body: { outcome: 'complete' } });

    const byLast = await parley.request<ErrorBody>('POST', `/api/interactions/${first.id}/messages`, { token: next.token, body: { body: 'after close' } });
    assert.equal(byLast.status, 409);
    assert.match(byLast.body.error.message, /closed complete/);
    const byEarlier = await parley.request<ErrorBody>('POST', `/api/interactions/${first.id}/messages`, { token: first.agent.token, body: { body: 'after close' } });
    assert.equal(byEarlier.status, 403, 'the earlier agent no longer holds it');
    const byManager = await parley.request<ErrorBody>('POST', `/api/interactions/${first.id}/messages`, { token: manager.token, body: { body: 'after close' } });
    assert.equal(byManager.status, 409);
    const again = await parley.request<ErrorBody>('POST', `/api/interactions/${first.id}/end`, { token: next.token, body: { outcome: 'abandon' } });
    assert.equal(again.status, 409, 'ending twice is refused too');
    assert.equal(parley.sim.sim.outbound({ to: first.requester }).filter((m) => m.body === 'after close').length, 0);
  });

  it('SPEC §17 transcript authorship: every message carries its author; an agent who joined by compose (AI-15) is named, and the Ongoing snippet names who wrote last', async () => {
    // Compose accepts only numbers valid in the default region (AI-9).
    const ben = await conversationWith('Ben Holder', uniqueMobileNumber());
    const ana = await parley.createAgent('agent');
    await parley.db('users').where({ id: ana.id }).update({ name: 'Ana Joiner' });
    await parley.request('POST', `/api/interactions/${ben.id}/messages`, { token: ben.agent.token, body: { body: 'Ben here' } });
    const joined = await parley.request<{ outcome: string }>('POST', '/api/compose', { token: ana.token, body: { from: parley.companyNumber, to: ben.requester, body: 'Ana here too' } });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
    assert.equal(joined.body.outcome, 'joined');

    const d = await eventually('both agents’ messages in the transcript', async () => {
      const r = await parley.request<Detail>('GET', `/api/interactions/${ben.id}`, { token: ben.agent.token });
      return r.body.messages.some((m) => m.body === 'Ana here too') ? r.body : undefined;
    });
    const authors = d.messages.filter((m) => m.authorKind !== 'system').map((m) => [m.body, m.authorKind, m.authorId, m.authorName]);
    assert.deepEqual(authors, [
      [`hello from ${ben.requester}`, 'requester', null, null],
      ['Ben here', 'agent', ben.agent.id, 'Ben Holder'],
      ['Ana here too', 'agent', ana.id, 'Ana Joiner'],
    ]);

    // Each agent's Ongoing row: the last message is Ana's, named by her id (the page says "You" only to her).
    for (const reader of [ben.agent, ana]) {
      const rows = (await parley.request<Ongoing[]>('GET', '/api/interactions?view=ongoing', { token: reader.token })).body;
      const row = rows.find((r) => r.id === ben.id);
      assert.ok(row, reader.email);
      assert.deepEqual([row.lastMessage, row.lastMessageAuthorKind, row.lastMessageAuthorId, row.lastMessageAuthorName], ['Ana here too', 'agent', ana.id, 'Ana Joiner']);
    }
  });
});
