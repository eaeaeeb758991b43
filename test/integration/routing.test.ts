import assert from 'node:assert/strict';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface RoutingEvent {
  type: string;
  at: string;
  agentId?: string;
  candidates?: { agentId: string; eligible: boolean; reason?: string }[];
  byUserId?: string;
  byUserName?: string | null;
  reason?: string;
}

// Issue 16 through the whole stack: the routes of DESIGN.md's contract (routing events, transfer and assignment),
// queues with conditions and pools, and the admin and manager APIs.
describe('advanced work assignment (SPEC §5) end to end', function () {
  this.timeout(90_000);
  let parley: Parley;
  let admin: Agent;
  let manager: Agent;

  before(async () => {
    parley = await startParley({ offerTimeoutSeconds: 30 });
    admin = await parley.createAgent('admin');
    manager = await parley.createAgent('manager');
  });
  after(async () => parley?.stop());

  const events = async (id: string, token = manager.token) => {
    const r = await parley.request<RoutingEvent[]>('GET', `/api/interactions/${id}/routing-events`, { token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };

  it('EV-1: why not Ana? every offer names the candidates and why each was passed over', async () => {
    const ana = await parley.createAgent('agent', { presence: 'away' });
    const bo = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'hi');
    const interactionId = await parley.acceptOfferFor(bo, requester);
    const list = await events(interactionId, bo.token);
    assert.deepEqual(list.map((e) => e.type).filter((t) => t !== 'no_agent'), ['queued', 'offered', 'accepted']);
    const offered = list.find((e) => e.type === 'offered')!;
    assert.equal(offered.agentId, bo.id);
    assert.deepEqual(offered.candidates!.find((c) => c.agentId === ana.id), { agentId: ana.id, agentName: ana.email, eligible: false, reason: 'away' });
    assert.equal(offered.candidates!.find((c) => c.agentId === bo.id)!.eligible, true);
    await parley.request('PUT', '/api/me/presence', { token: bo.token, body: { status: 'offline' } });
  });

  it('TRF-2/REG-2: transfer to a queue with a note; the previous agent can no longer send; the new agent gets it', async () => {
    const first = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    const { interactionId } = await parley.acceptedConversation(first, requester);
    const q = await parley.request<{ id: string }>('POST', '/api/admin/queues', {
      token: admin.token, body: { id: `billing-${Date.now() % 1e6}`, name: 'Billing', position: 50, condition: null },
    });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    const second = await parley.createAgent('agent', { presence: 'available' });
    // An agent cannot read the admin lists: the transfer dialog asks for the targets.
    const targets = await parley.request<{ queues: { id: string }[]; agents: { id: string }[] }>('GET', '/api/transfer-targets', { token: first.token });
    assert.equal(targets.status, 200, JSON.stringify(targets.body));
    assert.ok(targets.body.queues.some((x) => x.id === q.body.id));
    assert.ok(targets.body.agents.some((a) => a.id === second.id), 'an Available agent is a target');
    assert.ok(!targets.body.agents.some((a) => a.id === first.id), 'not oneself');
    const t = await parley.request<{ state: string }>('POST', `/api/interactions/${interactionId}/transfer`, { token: first.token, body: { queueId: q.body.id, note: 'about an invoice' } });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    // Queued, or already offered to the Available colleague when the dispatcher was quicker than the update's answer.
    assert.ok(['queued', 'offered'].includes(t.body.state), t.body.state);
    const refused = await parley.request<{ error: { code: string } }>('POST', `/api/interactions/${interactionId}/messages`, { token: first.token, body: { body: 'still me?' } });
    assert.ok(refused.status === 403 || refused.status === 409, `REG-2: the previous agent's send is refused (${refused.status})`);
    await parley.acceptOfferFor(second, requester);
    const row = await parley.interactionFor(requester);
    assert.equal(row?.assigned_agent_id, second.id);
    assert.equal(row?.queue_id, q.body.id);
    const list = await events(interactionId);
    const transferred = list.find((e) => e.type === 'transferred')!;
    assert.equal(transferred.byUserId, first.id);
    const offered = list.filter((e) => e.type === 'offered').pop()!;
    assert.equal(offered.candidates!.find((c) => c.agentId === first.id)?.reason, 'rejected_before', 'the transferring agent is not offered it back');
    for (const a of [first, second]) await parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
  });

  it('TRF-3/WI-5: transfer to an agent who rejects it: the conversation comes back to the transferring agent; the item is canceled (transfer_rejected)', async () => {
    const first = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    const { interactionId } = await parley.acceptedConversation(first, requester);
    const target = await parley.createAgent('agent', { presence: 'available' });
    const t = await parley.request('POST', `/api/interactions/${interactionId}/transfer`, { token: first.token, body: { agentId: target.id } });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    const offer = await eventually('the transfer offer', async () => {
      const r = await parley.request<{ id: string; interactionId: string }[]>('GET', '/api/me/offers', { token: target.token });
      return r.body.find((o) => o.interactionId === interactionId);
    });
    const rej = await parley.request('POST', `/api/offers/${offer.id}/reject`, { token: target.token, body: { reason: 'Busy' } });
    assert.equal(rej.status, 200);
    await eventually('back with the first agent', async () => (await parley.interactionFor(requester))?.assigned_agent_id === first.id);
    assert.equal((await parley.interactionFor(requester))?.state, 'work_in_progress');
    const list = await events(interactionId);
    assert.ok(list.some((e) => e.type === 'canceled' && e.reason === 'transfer_rejected'), JSON.stringify(list.map((e) => e.type)));
    for (const a of [first, target]) await parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
  });

  it('MAN-1/REG-4: a manager assigns a conversation to an Offline agent; the previous agent can no longer send', async () => {
    const first = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    const { interactionId } = await parley.acceptedConversation(first, requester);
    await parley.request('PUT', '/api/me/presence', { token: first.token, body: { status: 'offline' } });
    const other = await parley.createAgent('agent', { presence: 'offline' });
    const notManager = await parley.request('POST', `/api/interactions/${interactionId}/assign`, { token: first.token, body: { agentId: other.id } });
    assert.equal(notManager.status, 403);
    const a = await parley.request<{ state: string }>('POST', `/api/interactions/${interactionId}/assign`, { token: manager.token, body: { agentId: other.id } });
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.state, 'work_in_progress');
    const row = await parley.interactionFor(requester);
    assert.equal(row?.assigned_agent_id, other.id);
    const refused = await parley.request('POST', `/api/interactions/${interactionId}/messages`, { token: first.token, body: { body: 'me again' } });
    assert.ok(refused.status === 403 || refused.status === 409);
    const sent = await parley.request('POST', `/api/interactions/${interactionId}/messages`, { token: other.token, body: { body: 'I have it now' } });
    assert.equal(sent.status, 202);
    const manual = (await events(interactionId)).find((e) => e.type === 'manually_assigned')!;
    assert.equal(manual.agentId, other.id);
    assert.equal(manual.byUserId, manager.id);
    assert.equal(manual.byUserName, manager.email, 'who acted is named, so the timeline need not look it up');
    const audit = await parley.request<{ rows: { action: string }[] }>('GET', `/api/admin/audit?interactionId=${interactionId}`, { token: admin.token });
    assert.ok(audit.body.rows.some((r) => r.action === 'interaction.assigned'));
  });

  describe('MAN-1 options: a manager’s assignment as an offer to one agent', () => {
    interface OfferRow { id: string; interactionId: string; allowReject: boolean; expiresAt: string | null; offeredByName: string | null }
    /**
     * A conversation waiting in a queue of its own whose pool holds nobody, so routing offers it to no one and
     * only the manager's offer reaches an agent; after a decline or a timeout it waits there again.
     */
    const waitingConversation = async () => {
      const requester = uniqueNumber();
      const group = await parley.request<{ id: string }>('POST', '/api/admin/groups', { token: admin.token, body: { name: `Nobody ${requester}`, memberIds: [] } });
      const queue = await parley.request<{ id: string }>('POST', '/api/admin/queues', {
        token: admin.token,
        body: { name: `Manual ${requester}`, position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester }, pools: [{ groupIds: [group.body.id], eligibleAfterSeconds: 0 }] },
      });
      assert.equal(queue.status, 201, JSON.stringify(queue.body));
      await parley.text(requester, 'is anyone there?');
      const row = await eventually('queued', async () => {
        const r = await parley.interactionFor(requester);
        return r?.state === 'queued' && r.queue_id === queue.body.id ? r : undefined;
      });
      return { requester, interactionId: row.id as string };
    };
    const assign = (interactionId: string, body: object, token = manager.token) =>
      parley.request<{ state: string; error?: { code: string; message: string } }>('POST', `/api/interactions/${interactionId}/assign`, { token, body });
    const offerFor = (agent: Agent, interactionId: string) =>
      eventually('the manager’s offer in the agent’s list', async () => {
        const r = await parley.request<OfferRow[]>('GET', '/api/me/offers', { token: agent.token });
        return r.body.find((o) => o.interactionId === interactionId);
      });
    const offline = async (...agents: Agent[]) => {
      for (const a of agents) await parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
    };

    it('MAN-1: offer → accept: only that agent is offered it, named as the manager’s, with no time limit given (SPEC §17: it expires after 24 h); accepted, it is theirs', async () => {
      const { requester, interactionId } = await waitingConversation();
      const ana = await parley.createAgent('agent', { presence: 'available' });
      const r = await assign(interactionId, { agentId: ana.id, offer: {} });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      // Nobody has it until the agent accepts: queued, or already offered to her when the dispatcher was quicker than
      // the update's answer (a loaded machine).
      assert.ok(['queued', 'offered'].includes(r.body.state), `nobody has it until the agent accepts: ${r.body.state}`);
      const offer = await offerFor(ana, interactionId);
      assert.deepEqual([offer.allowReject, offer.offeredByName], [true, manager.email]);
      const day = Date.parse(offer.expiresAt!) - Date.now();
      assert.ok(day > 24 * 3600_000 - 60_000 && day <= 24 * 3600_000, `expires in 24 h: ${offer.expiresAt}`);
      assert.equal((await parley.interactionFor(requester))?.assigned_agent_id, null);
      const live = await eventually('the offer timer in the live view', async () => {
        const r = await parley.request<{ timers: { kind: string; dueAt: string }[] }>('GET', `/api/interactions/${interactionId}/live`, { token: manager.token });
        return r.body.timers.find((t) => t.kind === 'offer_timeout');
      });
      assert.equal(Date.parse(live.dueAt), Date.parse(offer.expiresAt!), 'the workflow times it out as any offer');
      const accepted = await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: ana.token });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      const row = await parley.interactionFor(requester);
      assert.deepEqual([row?.state, row?.assigned_agent_id], ['work_in_progress', ana.id]);
      const list = await events(interactionId);
      const manual = list.find((e) => e.type === 'manually_assigned') as RoutingEvent & { previousWorkItemId?: string; offer?: object; workItemId?: string };
      assert.equal(manual.agentId, ana.id);
      assert.equal(manual.byUserId, manager.id);
      assert.deepEqual(manual.offer, { allowedToDecline: true, timeoutSeconds: null, timeoutPresence: 'away' });
      const queued = list.find((e) => e.type === 'queued') as RoutingEvent & { workItemId?: string };
      assert.equal(manual.previousWorkItemId, queued.workItemId, 'EV-1: the work item the manual assignment replaced');
      const after = list.slice(list.indexOf(manual)).map((e) => e.type);
      assert.deepEqual(after.filter((t) => t !== 'queued'), ['manually_assigned', 'offered', 'accepted']);
      await offline(ana);
    });

    it('MAN-1/SPEC §17: an offer respects the agent’s capacity and SMS switch unless the manager ticks over capacity', async () => {
      const { interactionId } = await waitingConversation();
      const full = await parley.createAgent('agent', { presence: 'available', capacity: 0 });
      const refused = await assign(interactionId, { agentId: full.id, offer: { timeoutSeconds: 60 } });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error?.code, 'agent_at_capacity');
      assert.match(refused.body.error!.message, /no room for another SMS conversation \(0 of 0 in use\): tick "over capacity"/);
      const smsOff = await parley.createAgent('agent', { presence: 'available' });
      assert.equal((await parley.request('PUT', '/api/me/channels', { token: smsOff.token, body: { sms: false } })).status, 200);
      const off = await assign(interactionId, { agentId: smsOff.id, offer: {} });
      assert.deepEqual([off.status, off.body.error?.code], [409, 'agent_channel_off']);
      assert.equal(await parley.db('offers').join('work_items', 'work_items.id', 'offers.work_item_id').where('work_items.interaction_id', interactionId).count('* as n').then((r) => Number(r[0].n)), 0, 'nothing offered');
      // Ticked: a person chose, so it is offered though they have no room.
      assert.equal((await assign(interactionId, { agentId: full.id, offer: { timeoutSeconds: 60, overCapacity: true } })).status, 200);
      const offer = await offerFor(full, interactionId);
      assert.ok(offer.expiresAt);
      await offline(full, smsOff);
    });

    it('MAN-1: offer → reject when allowed to decline: it goes back to routing and the agent is not offered it again', async () => {
      const { requester, interactionId } = await waitingConversation();
      const bo = await parley.createAgent('agent', { presence: 'available' });
      assert.equal((await assign(interactionId, { agentId: bo.id, offer: { allowedToDecline: true, timeoutSeconds: 600 } })).status, 200);
      const offer = await offerFor(bo, interactionId);
      assert.ok(offer.expiresAt && Date.parse(offer.expiresAt) > Date.now() + 500_000, 'the manager’s timeout, not the queue’s 30 s');
      const rej = await parley.request('POST', `/api/offers/${offer.id}/reject`, { token: bo.token, body: { reason: 'Busy' } });
      assert.equal(rej.status, 200, JSON.stringify(rej.body));
      await eventually('queued again', async () => (await parley.interactionFor(requester))?.state === 'queued');
      const item = await parley.db('work_items').where({ interaction_id: interactionId }).orderBy('created_at', 'desc').first();
      assert.deepEqual([item.state, item.target_agent_id, item.manual_offer], ['queued', null, null], 'an ordinary queued item: routing decides now');
      assert.deepEqual(item.rejected_agent_ids, [bo.id]);
      const list = await events(interactionId);
      assert.ok(list.some((e) => e.type === 'rejected' && e.agentId === bo.id && e.reason === 'Busy'));
      assert.ok(!list.some((e) => e.type === 'canceled' && e.reason === 'transfer_rejected'));
      await offline(bo);
    });

    it('MAN-1: not allowed to decline: the reject is refused (409 reject_not_allowed) and the Workspace is told to hide it', async () => {
      const { interactionId } = await waitingConversation();
      const cy = await parley.createAgent('agent', { presence: 'available' });
      assert.equal((await assign(interactionId, { agentId: cy.id, offer: { allowedToDecline: false } })).status, 200);
      const offer = await offerFor(cy, interactionId);
      assert.equal(offer.allowReject, false);
      const rej = await parley.request<{ error: { code: string; message: string } }>('POST', `/api/offers/${offer.id}/reject`, { token: cy.token, body: { reason: 'Busy' } });
      assert.equal(rej.status, 409);
      assert.equal(rej.body.error.code, 'reject_not_allowed');
      assert.match(rej.body.error.message, /manager/);
      assert.ok(await offerFor(cy, interactionId), 'the offer stays open');
      // The manager can still give it to someone else at once (REG-4).
      const dee = await parley.createAgent('agent');
      assert.equal((await assign(interactionId, { agentId: dee.id })).body.state, 'work_in_progress');
      const gone = await parley.request<OfferRow[]>('GET', '/api/me/offers', { token: cy.token });
      assert.ok(!gone.body.some((o) => o.interactionId === interactionId), 'the offer is withdrawn');
      await offline(cy);
    });

    it('MAN-1: timeout → back to the queue, and the agent takes the manager’s timeout presence (Offline)', async () => {
      const { requester, interactionId } = await waitingConversation();
      const eve = await parley.createAgent('agent', { presence: 'available' });
      assert.equal((await assign(interactionId, { agentId: eve.id, offer: { timeoutSeconds: 2, timeoutPresence: 'offline' } })).status, 200);
      await offerFor(eve, interactionId);
      // Waiting for "queued" alone could pass before the offer was even projected as offered: wait for the timeout.
      const list = await eventually('the offer timed out', async () => {
        const l = await events(interactionId);
        return l.some((e) => e.type === 'offer_timeout') ? l : undefined;
      }, 20_000);
      await eventually('queued again after the timeout', async () => (await parley.interactionFor(requester))?.state === 'queued');
      const me = await parley.request<{ presence: string }>('GET', '/api/me', { token: eve.token });
      assert.equal(me.body.presence, 'offline');
      const timeout = list.find((e) => e.type === 'offer_timeout') as RoutingEvent & { presence?: string };
      assert.deepEqual([timeout.agentId, timeout.presence], [eve.id, 'offline']);
      const item = await parley.db('work_items').where({ interaction_id: interactionId }).orderBy('created_at', 'desc').first();
      assert.deepEqual([item.state, item.target_agent_id], ['queued', null]);
      const history = await parley.request<{ status: string; reason: string }[]>('GET', `/api/supervisor/agents/${eve.id}/presence-history`, { token: manager.token });
      assert.deepEqual([history.body[0].status, history.body[0].reason], ['offline', 'offer_timeout']);
    });

    it('MAN-1: the options are validated and the preconditions refused with a message naming what to fix', async () => {
      const { interactionId } = await waitingConversation();
      const fay = await parley.createAgent('agent', { presence: 'available' });
      const bad: [object, number, RegExp][] = [
        [{ agentId: fay.id, offer: { timeoutSeconds: -1 } }, 400, /offer\.timeoutSeconds/],
        [{ agentId: fay.id, offer: { timeoutSeconds: 1.5 } }, 400, /offer\.timeoutSeconds.*whole number/],
        [{ agentId: fay.id, offer: { timeoutPresence: 'busy' } }, 400, /offer\.timeoutPresence/],
        [{ agentId: fay.id, offer: { allowedToDecline: 'no' } }, 400, /offer\.allowedToDecline/],
        [{ agentId: fay.id, offer: { autoAccept: true } }, 400, /offer/],
        [{ agentId: 'ana' }, 400, /agentId/],
        [{ agentId: '00000000-0000-4000-8000-000000000000', offer: {} }, 400, /agentId: no active user/],
      ];
      for (const [body, status, message] of bad) {
        const r = await assign(interactionId, body);
        assert.equal(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.match(r.body.error!.message, message, JSON.stringify(body));
      }
      const away = await parley.createAgent('agent', { presence: 'away' });
      const notAvailable = await assign(interactionId, { agentId: away.id, offer: {} });
      assert.deepEqual([notAvailable.status, notAvailable.body.error?.code], [409, 'agent_unavailable']);
      assert.match(notAvailable.body.error!.message, /not Available/);
      // REG-4: at once, whatever the presence, is still allowed; and then there is nothing waiting to offer.
      assert.equal((await assign(interactionId, { agentId: away.id })).status, 200);
      const inProgress = await assign(interactionId, { agentId: fay.id, offer: {} });
      assert.equal(inProgress.status, 409);
      assert.match(inProgress.body.error!.message, /only a waiting conversation can be offered/);
      await offline(fay);
    });
  });

  it('Q-2/Q-4/ELG-1: the first matching queue takes the conversation and only its pool’s group is offered it', async () => {
    const outsider = await parley.createAgent('agent', { presence: 'available' });
    const member = await parley.createAgent('agent', { presence: 'available' });
    const group = await parley.request<{ id: string }>('POST', '/api/admin/groups', { token: admin.token, body: { name: `VIP ${Date.now()}`, memberIds: [member.id] } });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const requester = uniqueNumber();
    const vip = await parley.request<{ id: string }>('POST', '/api/admin/queues', {
      token: admin.token,
      body: {
        name: 'VIP line', position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester },
        pools: [{ groupIds: [group.body.id], eligibleAfterSeconds: 0 }], assignmentRule: 'last_assigned',
      },
    });
    assert.equal(vip.status, 201, JSON.stringify(vip.body));
    await parley.text(requester, 'vip here');
    const interactionId = await parley.acceptOfferFor(member, requester);
    assert.equal((await parley.interactionFor(requester))?.queue_id, vip.body.id);
    const offered = (await events(interactionId)).find((e) => e.type === 'offered')!;
    assert.equal(offered.candidates!.find((c) => c.agentId === outsider.id)?.reason, 'not_eligible');
    for (const a of [outsider, member]) await parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
    await parley.request('PUT', `/api/admin/queues/${vip.body.id}`, { token: admin.token, body: { name: 'VIP line', position: 0, condition: null, active: false } });
  });

  it('Q-1: a routing condition is validated, and an invalid one is refused with a message naming the part', async () => {
    const r = await parley.request<{ error: { message: string } }>('POST', '/api/admin/queues', {
      token: admin.token, body: { name: 'Bad', position: 1, condition: { all: [{ field: 'context.lang', op: 'regex', value: '.*' }] } },
    });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /all\.0.*op/);
  });

  it('SPEC §10 manager views: active interactions filterable, and the agent table with capacity in use (CAP-8)', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available', capacity: 3 });
    const requester = uniqueNumber();
    const { interactionId } = await parley.acceptedConversation(agent, requester);
    const list = await parley.request<{ id: string; assignedAgentId: string; waitSeconds: number | null }[]>('GET', `/api/supervisor/interactions?agentId=${agent.id}`, { token: manager.token });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.map((i) => i.id), [interactionId]);
    const table = await parley.request<{ id: string; presence: string; channels: { channelId: string; capacity: number; inUse: number }[] }[]>('GET', '/api/supervisor/agents', { token: manager.token });
    const row = table.body.find((a) => a.id === agent.id)!;
    assert.equal(row.presence, 'available');
    assert.deepEqual(row.channels.find((c) => c.channelId === 'sms'), { channelId: 'sms', available: true, capacity: 3, inUse: 1 });
    const forbidden = await parley.request('GET', '/api/supervisor/agents', { token: agent.token });
    assert.equal(forbidden.status, 403);
    // RSN-4: a manager reassigns it; the agent's capacity is free again.
    const re = await parley.request<{ state: string }>('POST', `/api/interactions/${interactionId}/reassign`, { token: manager.token, body: { reason: 'shift ended' } });
    assert.equal(re.status, 200, JSON.stringify(re.body));
    assert.equal((await parley.interactionFor(requester))?.assigned_agent_id, null);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('WI-8: one wait time — the manager view’s wait of an accepted conversation is queued → accepted, as on its row, and stops there', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'how long did I wait?');
    const id = await parley.acceptOfferFor(agent, requester);
    const row = await eventually('accepted on the row', async () => {
      const r = await parley.db('interactions').where({ id }).first('queued_at', 'accepted_at');
      return r?.accepted_at ? r : undefined;
    });
    const expected = (row.accepted_at.getTime() - row.queued_at.getTime()) / 1000;
    const wait = async () => {
      const list = await parley.request<{ id: string; waitSeconds: number | null }[]>('GET', `/api/supervisor/interactions?agentId=${agent.id}`, { token: manager.token });
      return list.body.find((i) => i.id === id)!.waitSeconds;
    };
    // Whole seconds, from the same two timestamps.
    assert.equal(await wait(), Math.floor(expected));
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(await wait(), Math.floor(expected), 'an accepted conversation’s wait no longer grows');
    await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'complete' } });
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('PRS-3: an agent who turns SMS off gets no SMS offers; CAP-2 a group capacity applies to members', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const off = await parley.request<Record<string, boolean>>('PUT', '/api/me/channels', { token: agent.token, body: { sms: false } });
    assert.deepEqual(off.body, { sms: false });
    const requester = uniqueNumber();
    await parley.text(requester, 'anyone?');
    await eventually('queued', async () => (await parley.interactionFor(requester))?.state === 'queued');
    await new Promise((r) => setTimeout(r, 500));
    const offers = await parley.request<{ requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token });
    assert.deepEqual(offers.body.filter((o) => o.requesterNumber === requester), []);
    await parley.request('PUT', '/api/me/channels', { token: agent.token, body: { sms: true } });
    await parley.acceptOfferFor(agent, requester);
    const g = await parley.request<{ id: string }>('POST', '/api/admin/groups', { token: admin.token, body: { name: `Big ${Date.now()}`, memberIds: [agent.id], capacities: { sms: 7 } } });
    assert.equal(g.status, 201);
    const table = await parley.request<{ id: string; channels: { channelId: string; capacity: number }[] }[]>('GET', '/api/supervisor/agents', { token: manager.token });
    assert.equal(table.body.find((a) => a.id === agent.id)!.channels.find((c) => c.channelId === 'sms')!.capacity, 7);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('Q-10: a queue’s wait trigger texts the requester while they wait; Q-8 the wait past the target is flagged', async () => {
    const requester = uniqueNumber();
    const bad = await parley.request<{ error: { message: string } }>('POST', '/api/admin/queues', {
      token: admin.token, body: { name: 'Bad triggers', position: 1, condition: null, maxWaitSeconds: 60, waitTriggers: [{ afterSeconds: 60, text: 'too late' }] },
    });
    assert.equal(bad.status, 400, 'a wait trigger fires before the max wait');
    assert.match(bad.body.error.message, /waitTriggers\.0\.afterSeconds/);
    const q = await parley.request<{ id: string; waitTriggers: unknown }>('POST', '/api/admin/queues', {
      token: admin.token,
      body: {
        name: `Triggers ${Date.now()}`, position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester }, targetWaitSeconds: 1,
        waitTriggers: [{ afterSeconds: 1, text: 'Thanks for holding on: you are next in line.' }],
        // Nobody is in this pool, so the conversation waits.
        pools: [{ groupIds: [(await parley.request<{ id: string }>('POST', '/api/admin/groups', { token: admin.token, body: { name: `Empty ${Date.now()}` } })).body.id], eligibleAfterSeconds: 0 }],
      },
    });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    assert.deepEqual(q.body.waitTriggers, [{ afterSeconds: 1, text: 'Thanks for holding on: you are next in line.' }]);
    await parley.text(requester, 'hello?');
    const texts = () => parley.sim.sim.outbound({ to: requester }).map((m) => m.body);
    await eventually('the wait trigger’s text', async () => texts().includes('Thanks for holding on: you are next in line.'));
    const interactionId = (await parley.interactionFor(requester))!.id as string;
    assert.equal((await parley.interactionFor(requester))?.state, 'queued', 'the conversation keeps waiting');
    assert.ok((await events(interactionId)).some((e) => e.type === 'queue_trigger'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(texts().filter((t) => t.startsWith('Thanks for holding on')).length, 1, 'each trigger fires once');
    const list = await parley.request<{ id: string; exceededTargetWait: boolean; waitSeconds: number }[]>('GET', `/api/supervisor/interactions?queueId=${q.body.id}`, { token: manager.token });
    assert.deepEqual(list.body.map((i) => [i.id, i.exceededTargetWait]), [[interactionId, true]]);
    const ended = await parley.request('POST', `/api/interactions/${interactionId}/end`, { token: manager.token, body: { outcome: 'abandon' } });
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
  });

  it('VA-14/Q-10: a wait trigger that names a virtual agent topic takes the requester out of the queue (the offer withdrawn) and starts the topic', async () => {
    const requester = uniqueNumber();
    const unknown = await parley.request<{ error: { message: string } }>('POST', '/api/admin/queues', {
      token: admin.token, body: { name: 'Bad topic', position: 1, condition: null, waitTriggers: [{ afterSeconds: 5, text: 'x', topicId: 'no_such_topic' }] },
    });
    assert.equal(unknown.status, 400, 'VA-14: the topic must exist');
    assert.match(unknown.body.error.message, /waitTriggers\[0\]\.topicId: the virtual agent has no topic no_such_topic/);
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const q = await parley.request<{ id: string; waitTriggers: unknown }>('POST', '/api/admin/queues', {
      token: admin.token,
      body: {
        name: `Topic trigger ${Date.now()}`, position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester },
        waitTriggers: [{ afterSeconds: 3, text: 'Still busy here. Meanwhile our virtual agent can help.', topicId: 'order_status' }],
      },
    });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    assert.deepEqual(q.body.waitTriggers, [{ afterSeconds: 3, text: 'Still busy here. Meanwhile our virtual agent can help.', topicId: 'order_status' }]);
    await parley.text(requester, 'where is my parcel?');
    const offered = await eventually('offered to the agent, who does not answer', async () =>
      parley.db('work_items').where({ queue_id: q.body.id, state: 'offered' }).first());
    const texts = () => parley.sim.sim.outbound({ to: requester }).map((m) => m.body);
    await eventually('the trigger’s text, then the topic’s first step', async () =>
      texts().includes('What is your order number? (digits only)'), 20_000);
    assert.ok(texts().indexOf('Still busy here. Meanwhile our virtual agent can help.') < texts().indexOf('What is your order number? (digits only)'));
    const row = await parley.interactionFor(requester);
    assert.equal(row?.state, 'virtual_agent', 'out of the queue, with the virtual agent');
    assert.equal((await parley.db('work_items').where({ id: offered.id }).first()).state, 'canceled');
    assert.equal((await parley.db('offers').where({ id: offered.offer_id }).first()).state, 'withdrawn', 'the offer left the agent’s inbox');
    assert.deepEqual((await parley.request<unknown[]>('GET', '/api/me/offers', { token: agent.token })).body, []);
    assert.ok((await events(row!.id as string)).some((e) => e.type === 'queue_trigger'));
    // The topic goes on: the next text answers its step.
    await parley.text(requester, '10482');
    await eventually('the topic’s next step', async () => texts().some((t) => t.startsWith('Thanks! Order 10482 is on its way.')));
    assert.equal((await parley.interactionFor(requester))?.state, 'virtual_agent', 'not back in the queue');
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('VA-14/Q-9: a max wait that names a virtual agent topic: when it passes the requester leaves the queue and the topic starts', async () => {
    const requester = uniqueNumber();
    const noWait = await parley.request<{ error: { message: string } }>('POST', '/api/admin/queues', {
      token: admin.token, body: { name: 'No max wait', position: 1, condition: null, maxWaitTopicId: 'opening_hours' },
    });
    assert.equal(noWait.status, 400);
    assert.match(noWait.body.error.message, /maxWaitTopicId needs a max wait/);
    const unknown = await parley.request<{ error: { message: string } }>('POST', '/api/admin/queues', {
      token: admin.token, body: { name: 'Bad topic', position: 1, condition: null, maxWaitSeconds: 60, maxWaitTopicId: 'gone' },
    });
    assert.match(unknown.body.error.message, /maxWaitTopicId: the virtual agent has no topic gone/);
    const q = await parley.request<{ id: string; maxWaitTopicId?: string }>('POST', '/api/admin/queues', {
      token: admin.token,
      body: {
        name: `Max wait topic ${Date.now()}`, position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester },
        maxWaitSeconds: 2, maxWaitText: 'Everyone is busy. Here is what our virtual agent knows.', maxWaitTopicId: 'opening_hours',
      },
    });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    assert.equal(q.body.maxWaitTopicId, 'opening_hours');
    await parley.text(requester, 'when are you open?');
    const texts = () => parley.sim.sim.outbound({ to: requester }).map((m) => m.body);
    await eventually('the max-wait text, then the topic', async () => texts().some((t) => /^Our agents answer texts Monday to Friday/.test(t)), 20_000);
    assert.ok(texts().includes('Everyone is busy. Here is what our virtual agent knows.'));
    const row = await parley.interactionFor(requester);
    assert.equal(row?.state, 'virtual_agent');
    assert.equal((await parley.db('work_items').where({ interaction_id: row!.id }).first()).state, 'canceled');
    assert.ok((await events(row!.id as string)).some((e) => e.type === 'max_wait'));
  });

  it('PRS-6/PRS-4/PRS-2: presence (three fixed states), channel availability and capacities by API, and the presence history a manager reads', async () => {
    const agent = await parley.createAgent('agent', { presence: 'offline' });
    for (const status of ['available', 'away'] as const) {
      const r = await parley.request<{ status: string }>('PUT', '/api/me/presence', { token: agent.token, body: { status } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const channels = await parley.request<Record<string, boolean>>('PUT', '/api/me/channels', { token: agent.token, body: { sms: false } });
    assert.deepEqual(channels.body, { sms: false });
    const caps = await parley.request<{ channels: Record<string, number>; universalCapacity: number | null }>('PUT', `/api/admin/agents/${agent.id}/capacities`, {
      token: admin.token, body: { channels: { sms: 2 }, universalCapacity: 3 },
    });
    assert.equal(caps.status, 200, JSON.stringify(caps.body));
    assert.deepEqual([caps.body.channels.sms, caps.body.universalCapacity], [2, 3]);
    const refused = await parley.request('PUT', `/api/admin/agents/${agent.id}/capacities`, { token: agent.token, body: { channels: { sms: 9 }, universalCapacity: null } });
    assert.equal(refused.status, 403, 'PRS-6: capacities are role-restricted');
    // PRS-2: Parley's presence states are SPEC §5's three; there are no admin-defined states.
    const unknown = await parley.request<{ error: { message: string } }>('PUT', '/api/me/presence', { token: agent.token, body: { status: 'lunch' } });
    assert.equal(unknown.status, 400);
    const history = await parley.request<{ status: string; reason: string }[]>('GET', `/api/supervisor/agents/${agent.id}/presence-history`, { token: manager.token });
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.deepEqual(history.body.filter((h) => !h.reason.startsWith('channel')).map((h) => h.status).slice(0, 2), ['away', 'available']);
    assert.ok(history.body.some((h) => h.reason === 'channel sms off'));
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  });

  it('RSN-3/RSN-1: with reassignment on, a conversation whose agent goes Away continues with another Available agent', async () => {
    const on = await parley.request('PUT', '/api/admin/routing-settings', { token: admin.token, body: { reassignWhenAgentUnavailable: true, offlineGraceSeconds: 300 } });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    try {
      const first = await parley.createAgent('agent', { presence: 'available' });
      const requester = uniqueNumber();
      const { interactionId } = await parley.acceptedConversation(first, requester);
      const second = await parley.createAgent('agent', { presence: 'available' });
      await parley.request('PUT', '/api/me/presence', { token: first.token, body: { status: 'away' } });
      await parley.acceptOfferFor(second, requester);
      assert.equal((await parley.interactionFor(requester))?.assigned_agent_id, second.id);
      const reassigned = (await events(interactionId)).find((e) => e.type === 'reassigned')!;
      assert.equal(reassigned.agentId, first.id);
      const offered = (await events(interactionId)).filter((e) => e.type === 'offered').pop()!;
      assert.equal(offered.candidates!.find((c) => c.agentId === first.id)?.reason, 'away');
      await parley.request('PUT', '/api/me/presence', { token: second.token, body: { status: 'offline' } });
    } finally {
      await parley.request('PUT', '/api/admin/routing-settings', { token: admin.token, body: { reassignWhenAgentUnavailable: false, offlineGraceSeconds: 300 } });
    }
  });
});
