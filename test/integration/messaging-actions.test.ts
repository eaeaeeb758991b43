import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';
import { ownTemporalServer } from '../support/servers';

interface Action { id: string; name: string; event: string; durationSeconds: number; action: string }
interface Live { state: string; timers: { kind: string; dueAt: string; actionId?: string; effect?: { action: string; targetState: string | null } }[] }
type ErrorBody = { error: { code: string; message: string } };

const E1 = 'requester_message_without_agent_response';
const E2 = 'agent_message_without_requester_response';

async function accepted(parley: Parley, agent: Agent, requester: string, body = 'hello'): Promise<string> {
  await parley.text(requester, body);
  return parley.acceptOfferFor(agent, requester);
}

describe('messaging actions (SPEC §7)', function () {
  this.timeout(180_000);

  describe('admin API, firing, the live view', () => {
    let parley: Parley;
    let admin: Agent;
    before(async () => {
      parley = await startParley();
      admin = await parley.createAgent('admin');
    });
    after(async () => parley?.stop());
    const create = (body: Record<string, unknown>) => parley.request<Action & ErrorBody>('POST', '/api/admin/messaging-actions', { token: admin.token, body: { name: 'Test', active: true, condition: {}, ...body } });

    it('MA-6/MA-12 seeds the two defaults; POST → 201 with the id, PUT replaces, DELETE removes; errors name the field; admins only', async () => {
      const list = await parley.request<Action[]>('GET', '/api/admin/messaging-actions', { token: admin.token });
      assert.deepEqual(list.body.map((a) => [a.event, a.durationSeconds, a.action]), [[E1, 1800, 'prompt_agent'], [E2, 172800, 'set_state']]);
      const created = await create({ event: E2, durationSeconds: 60, action: 'prompt_requester', promptText: 'Still there?' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.match(created.body.id, /^[0-9a-f-]{36}$/);
      const replaced = await parley.request<Action>('PUT', `/api/admin/messaging-actions/${created.body.id}`, { token: admin.token, body: { name: 'Renamed', active: false, event: E2, durationSeconds: 90, condition: { states: ['on_hold'] }, action: 'set_state', targetState: 'closed_abandoned' } });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.equal(replaced.body.name, 'Renamed');
      assert.equal((await parley.request('DELETE', `/api/admin/messaging-actions/${created.body.id}`, { token: admin.token })).status, 204);
      assert.equal((await parley.request('DELETE', `/api/admin/messaging-actions/${created.body.id}`, { token: admin.token })).status, 404);
      for (const [body, field] of [
        [{ event: 'whenever', durationSeconds: 60, action: 'prompt_agent' }, /event/],
        [{ event: E1, durationSeconds: 0, action: 'prompt_agent' }, /durationSeconds/],
        [{ event: E1, durationSeconds: 60, action: 'set_state' }, /targetState/],
        [{ event: E1, durationSeconds: 60, action: 'set_state', targetState: 'queued' }, /targetState/],
        [{ event: E1, durationSeconds: 60, action: 'prompt_requester' }, /promptText/],
      ] as const) {
        const r = await create(body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(r.body.error.message, field);
      }
      const agent = await parley.createAgent('agent');
      assert.equal((await parley.request('GET', '/api/admin/messaging-actions', { token: agent.token })).status, 403);
    });

    it('MA-5/SYS-5 prompt_requester fires once per run (its text reaches the phone); the live view shows the countdown; the requester’s reply starts no new one for the agent’s run', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const action = await create({ name: 'Nudge', event: E2, durationSeconds: 3, action: 'prompt_requester', promptText: 'Are you still there? Reply to go on.' });
      try {
        const requester = uniqueNumber();
        const id = await accepted(parley, agent, requester);
        await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
        await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'How can I help?' } });
        const live = await eventually('the timer in the live view', async () => {
          const r = await parley.request<Live>('GET', `/api/interactions/${id}/live`, { token: agent.token });
          return r.body.timers.find((t) => t.actionId === action.body.id) ? r.body : undefined;
        });
        const due = Date.parse(live.timers.find((t) => t.actionId === action.body.id)!.dueAt);
        // Issue 25: what it will do, for an agent who may not read the admin list.
        assert.deepEqual(live.timers.find((t) => t.actionId === action.body.id)!.effect, { action: 'prompt_requester', targetState: null });
        assert.ok(due > Date.now() - 1000 && due < Date.now() + 4000, `due in ~3 s: ${new Date(due).toISOString()}`);
        const prompted = () => parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === 'Are you still there? Reply to go on.');
        await eventually('the prompt at the phone', async () => prompted().length === 1, 15_000);
        await sleep(4000);
        assert.equal(prompted().length, 1, 'at most once per run');
        const after = await parley.request<Live>('GET', `/api/interactions/${id}/live`, { token: agent.token });
        assert.ok(!after.body.timers.some((t) => t.actionId === action.body.id));
        // Another agent cannot see it: 404, not 403.
        const other = await parley.createAgent('agent');
        assert.equal((await parley.request('GET', `/api/interactions/${id}/live`, { token: other.token })).status, 404);
      } finally {
        await parley.request('DELETE', `/api/admin/messaging-actions/${action.body.id}`, { token: admin.token });
      }
    });

    it('MA-4/MA-5 set_state closes a conversation the requester left (a system close: no SMS); the filter is read when it fires', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const close = await create({ name: 'Abandon on hold', event: E2, durationSeconds: 2, action: 'set_state', targetState: 'closed_abandoned', condition: { states: ['on_hold'] } });
      try {
        const requester = uniqueNumber();
        const id = await accepted(parley, agent, requester);
        await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
        await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'Let me check.' } });
        await sleep(3500);
        assert.equal((await parley.db('interactions').where({ id }).first()).state, 'work_in_progress', 'not on hold when it fired: filtered out');
        await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'Putting you on hold.' } });
        await parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token });
        const row = await eventually('closed by the action', async () => {
          const r = await parley.db('interactions').where({ id }).first();
          return r.state === 'closed_abandoned' ? r : undefined;
        }, 15_000);
        assert.equal(row.close_reason, 'auto_closed');
        await sleep(800);
        assert.deepEqual(parley.sim.sim.outbound({ to: requester }).map((m) => m.body), ['Let me check.', 'Putting you on hold.'], 'SPEC §8: not texted');
      } finally {
        await parley.request('DELETE', `/api/admin/messaging-actions/${close.body.id}`, { token: admin.token });
      }
    });
    it('REG-6 a prompt the provider refuses for good does not stop the next action: the close after it still fires', async () => {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const nudge = await create({ name: 'Nudge that fails', event: E2, durationSeconds: 2, action: 'prompt_requester', promptText: 'Still with us? (refused by the provider)' });
      const close = await create({ name: 'Abandon after the nudge', event: E2, durationSeconds: 5, action: 'set_state', targetState: 'closed_abandoned' });
      try {
        const requester = uniqueNumber();
        const id = await accepted(parley, agent, requester);
        await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
        await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'Anything else?' } });
        await eventually('the agent’s text at the phone', async () => parley.sim.sim.outbound({ to: requester }).some((m) => m.body === 'Anything else?'));
        // From here the provider refuses texts to this number for good (21211: not a valid To).
        parley.sim.sim.faults.add({ to: requester, restErrors: { status: 400, code: 21211, count: 5 } });
        const refused = await eventually('the nudge refused by the provider', async () => {
          const m = await parley.db('messages').where({ interaction_id: id, body: 'Still with us? (refused by the provider)' }).first();
          return m?.status === 'failed' ? m : undefined;
        }, 15_000);
        assert.equal(refused.error_code, '21211');
        const row = await eventually('closed by the next action', async () => {
          const r = await parley.db('interactions').where({ id }).first();
          return r.state === 'closed_abandoned' ? r : undefined;
        }, 15_000);
        assert.equal(row.close_reason, 'auto_closed');
      } finally {
        for (const a of [nudge, close]) await parley.request('DELETE', `/api/admin/messaging-actions/${a.body.id}`, { token: admin.token });
      }
    });
  });

  describe('durability: a worker SIGKILLed and the Temporal server restarted while an action is armed', () => {
    const temporal = ownTemporalServer('temporal-ma');
    let parley: Parley;
    before(async () => {
      await temporal.start();
      parley = await startParley({ temporalAddress: temporal.address, worker: 'child', env: { CONTINUE_AS_NEW_AFTER_EVENTS: '25' } });
    });
    after(async () => {
      await parley?.stop();
      await temporal.stop();
    });

    it('MA-11/SPEC §7 the 5-second action fires exactly once, and its anchor survives continue-as-new', async () => {
      const admin = await parley.createAgent('admin');
      const agent = await parley.createAgent('agent', { presence: 'available' });
      const action = await parley.request<Action>('POST', '/api/admin/messaging-actions', {
        token: admin.token, body: { name: 'Quick prompt', active: true, event: E1, durationSeconds: 5, condition: {}, action: 'prompt_requester', promptText: 'We have your message and will answer soon.' },
      });
      const requester = uniqueNumber();
      const id = await accepted(parley, agent, requester);
      // Enough history for continue-as-new while the run is armed.
      for (let i = 0; i < 3; i++) {
        await parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token });
        await parley.request('POST', `/api/interactions/${id}/resume`, { token: agent.token });
      }
      const armedAt = Date.now();
      await parley.killWorker();
      await temporal.stop();
      await temporal.start();
      await parley.startWorker();
      const prompted = () => parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === 'We have your message and will answer soon.');
      await eventually('the prompt', async () => prompted().length >= 1, 60_000);
      assert.ok(Date.now() - armedAt >= 4000, 'not before its time');
      await sleep(5000);
      assert.equal(prompted().length, 1, 'exactly once');
      const view = await parley.client.workflow.getHandle(`sms:${parley.companyNumber}:${requester}`).query<{ runs: number }>('view');
      assert.ok(view.runs >= 1, `continued as new while armed (${view.runs} times)`);
      assert.equal(action.status, 201);
    });
  });
});
