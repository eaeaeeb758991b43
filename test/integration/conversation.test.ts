import assert from 'node:assert/strict';
import { SA } from '../../src/domain/search-attributes';
import { eventually, startParley, uniqueNumber, type Parley } from '../support/parley';

interface Offer { id: string; interactionId: string; requesterNumber: string; firstMessage: string }
interface MetricsDetail {
  closedAt: string | null;
  messages: { body: string; createdAt: string }[];
  metrics: { waitSeconds: number | null; firstResponseSeconds: number | null; agentAverageResponseSeconds: number | null; agentResponses: number; requesterAverageResponseSeconds: number | null; requesterResponses: number; handleSeconds: number | null };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
interface Detail { id: string; state: string; assignedAgentId: string | null; messages: { id: string; direction: string; body: string; status: string }[] }

describe('an SMS conversation end to end (real Temporal, PostgreSQL, twilio client and simulator)', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley();
  });
  after(async () => parley?.stop());

  it('text → workflow with search attributes → offer → accept → reply reaches the phone → delivered', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();

    const sent = await parley.text(requester, 'My router is blinking red');
    assert.equal(sent.webhook.status, 200);
    assert.match(sent.webhook.body ?? '', /<Response\/>/);

    const workflowId = `sms:${parley.companyNumber}:${requester}`;
    const offer = await eventually('an offer for the agent', async () => {
      const r = await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token });
      return r.body.find((o) => o.requesterNumber === requester);
    });
    assert.equal(offer.firstMessage, 'My router is blinking red');

    const desc = await parley.client.workflow.getHandle(workflowId).describe();
    assert.equal(desc.status.name, 'RUNNING');
    assert.equal(desc.typedSearchAttributes.get(SA.RequesterNumber), requester);
    assert.equal(desc.typedSearchAttributes.get(SA.CompanyNumber), parley.companyNumber);
    // The offer can reach the agent (the enqueue activity's dispatch) before the workflow task that upserts the
    // queue completes: the attribute follows, it does not lead.
    await eventually('search attributes to show the queue', async () =>
      (await parley.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(SA.QueueId) === parley.queueId);

    const accepted = await parley.request<{ interactionId: string; state: string }>('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.state, 'work_in_progress');

    await eventually('search attributes to show the assignee', async () => {
      const d = await parley.client.workflow.getHandle(workflowId).describe();
      return d.typedSearchAttributes.get(SA.AssignedAgentId) === agent.id && d.typedSearchAttributes.get(SA.InteractionState) === 'work_in_progress';
    });

    const reply = await parley.request<{ messageId: string }>('POST', `/api/interactions/${offer.interactionId}/messages`, {
      token: agent.token, body: { body: 'Please unplug it for 10 seconds.' },
    });
    assert.equal(reply.status, 202, JSON.stringify(reply.body));

    const onPhone = await eventually('the reply on the virtual phone', async () =>
      parley.sim.sim.outbound({ to: requester }).find((m) => m.body === 'Please unplug it for 10 seconds.'),
    );
    assert.equal(onPhone.from, parley.companyNumber);
    assert.equal(onPhone.to, requester);

    const detail = await eventually('the reply to be delivered', async () => {
      const r = await parley.request<Detail>('GET', `/api/interactions/${offer.interactionId}`, { token: agent.token });
      const out = r.body.messages.find((m) => m.id === reply.body.messageId);
      return out?.status === 'delivered' ? r.body : undefined;
    });
    assert.equal(detail.state, 'work_in_progress');
    assert.equal(detail.assignedAgentId, agent.id);
    assert.deepEqual(detail.messages.map((m) => [m.direction, m.body]), [
      ['inbound', 'My router is blinking red'],
      ['system', `${agent.email} accepted the conversation.`], // a note for agents (SYS-7), never texted
      ['outbound', 'Please unplug it for 10 seconds.'],
    ]);
    assert.equal(parley.sim.sim.outbound({ to: requester }).length, 1, 'the provider saw the reply exactly once');
  });

  it('INT-13: the record keeps wait, first response, both average response times and handle time from its transcript', async () => {
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'Is my order shipped?');
    const offer = await eventually('an offer', async () =>
      (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    assert.equal((await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token })).status, 200);
    const say = async (body: string) => {
      const r = await parley.request<{ messageId: string }>('POST', `/api/interactions/${offer.interactionId}/messages`, { token: agent.token, body: { body } });
      assert.equal(r.status, 202, JSON.stringify(r.body));
    };
    const stored = async (body: string) =>
      eventually(`"${body}" stored`, async () => {
        const r = await parley.request<MetricsDetail>('GET', `/api/interactions/${offer.interactionId}`, { token: agent.token });
        return r.body.messages.find((m) => m.body === body);
      });
    await say('Let me look.');
    await stored('Let me look.');
    await sleep(2_000);
    await parley.text(requester, 'Thanks');
    await stored('Thanks');
    await sleep(1_000);
    await parley.text(requester, 'Order 1234');
    await stored('Order 1234');
    await sleep(2_000);
    await say('It ships today.');
    await stored('It ships today.');
    assert.equal((await parley.request('POST', `/api/interactions/${offer.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } })).status, 200);

    const d = await eventually('the closed record', async () => {
      const r = await parley.request<MetricsDetail>('GET', `/api/interactions/${offer.interactionId}`, { token: agent.token });
      return r.body.closedAt ? r.body : undefined;
    });
    const at = (body: string) => Date.parse(d.messages.find((m) => m.body === body)!.createdAt);
    const m = d.metrics;
    // Two agent answers: the first right after the accept, the second to "Thanks" + "Order 1234", timed from "Thanks".
    assert.equal(m.agentResponses, 2);
    assert.ok(m.firstResponseSeconds !== null && m.firstResponseSeconds <= 2, `first response ${m.firstResponseSeconds}`);
    const secondPair = (at('It ships today.') - at('Thanks')) / 1000;
    assert.ok(secondPair >= 3, `the second answer came ${secondPair} s after the first unanswered text`);
    assert.ok(Math.abs(m.agentAverageResponseSeconds! - secondPair / 2) <= 1.5, `agent average ${m.agentAverageResponseSeconds} vs ≈${secondPair / 2}`);
    // One requester answer: "Thanks" to "Let me look." (≈ 2 s).
    assert.equal(m.requesterResponses, 1);
    assert.ok(Math.abs(m.requesterAverageResponseSeconds! - (at('Thanks') - at('Let me look.')) / 1000) <= 1);
    assert.ok(m.waitSeconds !== null && m.waitSeconds >= 0);
    assert.ok(m.handleSeconds !== null && m.handleSeconds >= 4, `handle ${m.handleSeconds}`);
  });
});
