// Captures workflow histories from real runs into test/histories/, for the replay test; rename the new files with
// a version prefix (v1-, v2-, …) and keep the older ones, so every version stays replayable.
// Run it before changing the workflow in a way that could break replay: `npx tsx scripts/capture-histories.ts`;
// `-- --only issue-22` captures only the issue 22 conversations (a compose while the closed one drains, an adoption);
// `-- --only va-only` only the conversation on a virtual-agent-only number (RI-9/VA-13);
// `-- --only close-reasons` only issue 24's: `bye` while queued (INT-5), a wait trigger's and a max wait's topic (VA-14).
import fs from 'node:fs';
import path from 'node:path';
import { eventually, startParley, uniqueNumber } from '../test/support/parley';
import { stopSharedServers } from '../test/support/servers';

interface Offer { id: string; interactionId: string; requesterNumber: string }

async function main() {
  const out = path.resolve(__dirname, '../test/histories');
  fs.mkdirSync(out, { recursive: true });
  // Issue 22's conversations on a Parley of their own: continuing as new early (below) would move the window they need.
  const only = (['va-only', 'issue-22', 'close-reasons'] as const).find((o) => process.argv.includes(o)) ?? null;
  const plain = await startParley();
  try {
    if (only === null || only === 'issue-22') await issue22(plain, out);
    if (only === null || only === 'va-only') await vaOnly(plain, out);
    if (only === null || only === 'close-reasons') await closeReasons(plain, out);
  } finally {
    await plain.stop();
  }
  if (process.argv.includes('--only')) {
    await stopSharedServers();
    return;
  }
  const parley = await startParley({ offerTimeoutSeconds: 1, env: { CONTINUE_AS_NEW_AFTER_EVENTS: '60' } });
  try {
    const slow = await parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await parley.text(requester, 'hello');
    // First offer times out (slow agent → Away), then a second agent accepts.
    await eventually('first offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: slow.token })).body.length > 0);
    const agent = await parley.createAgent('agent', { presence: 'available' });
    const offer = await eventually('second offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester), 20_000);
    await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    const id = offer.interactionId;
    for (let i = 0; i < 8; i++) {
      await parley.text(requester, `question ${i}`);
      await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: `answer ${i}` } });
    }
    await parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token });
    await parley.text(requester, 'back again');
    await eventually('resumed', async () => (await parley.db('interactions').where({ id }).first()).state === 'work_in_progress');
    await eventually('all sent', async () => (await parley.db('messages').where({ interaction_id: id, direction: 'outbound' }).whereNull('provider_sid')).length === 0);
    await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'complete' } });

    await save(parley, out, `sms:${parley.companyNumber}:${requester}`, 'conversation');

    // A conversation the virtual agent answers first, captures an order number, hands off; the agent ends it.
    const va = '+14155550100';
    await parley.db('company_numbers').insert({ number: va, display_name: 'VA line', queue_id: parley.queueId, live_agent_only: false });
    const vaRequester = uniqueNumber();
    for (const text of ['hi', '1', '10482', 'agent']) {
      await parley.sim.sim.sendInbound({ from: vaRequester, to: va, body: text });
      await new Promise((r) => setTimeout(r, 700));
    }
    const handed = await eventually('the handoff offered', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === vaRequester), 20_000);
    await parley.request('POST', `/api/offers/${handed.id}/accept`, { token: agent.token });
    await parley.request('POST', `/api/interactions/${handed.interactionId}/messages`, { token: agent.token, body: { body: 'Let me look at 10482.' } });
    await parley.request('POST', `/api/interactions/${handed.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
    await save(parley, out, `sms:${va}:${vaRequester}`, 'va-conversation');

    // Compose SMS to a new number, and the requester's answer.
    const to = '+14155557001';
    const composed = await parley.request<{ interactionId: string }>('POST', '/api/compose', { token: agent.token, body: { from: parley.companyNumber, to, body: 'Your order shipped.' } });
    await parley.text(to, 'Thanks!');
    await eventually('the answer taken in', async () => (await parley.db('messages').where({ interaction_id: composed.body.interactionId, direction: 'inbound' })).length === 1);
    await parley.request('POST', `/api/interactions/${composed.body.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
    await save(parley, out, `sms:${parley.companyNumber}:${to}`, 'compose');

    // a queue's wait trigger and its max wait text the requester while nobody is Available; then an agent
    // accepts and ends it.
    const admin = await parley.createAgent('admin');
    const waiting = uniqueNumber();
    await parley.request('POST', '/api/admin/queues', {
      token: admin.token,
      body: {
        id: 'triggers', name: 'Triggers', position: 0, condition: { field: 'requesterNumber', op: 'eq', value: waiting }, maxWaitSeconds: 3,
        waitTriggers: [{ afterSeconds: 1, text: 'Thanks for waiting.' }],
      },
    });
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'away' } });
    await parley.text(waiting, 'is anyone there?');
    await eventually('the wait trigger and the max-wait texts', async () => parley.sim.sim.outbound({ to: waiting }).length >= 3, 20_000);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
    const waited = await eventually('the waiting offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === waiting), 20_000);
    await parley.request('POST', `/api/offers/${waited.id}/accept`, { token: agent.token });
    await parley.request('POST', `/api/interactions/${waited.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
    await save(parley, out, `sms:${parley.companyNumber}:${waiting}`, 'queue-trigger');

    // MAN-1: a manager's offer that times out (the agent becomes Away, the conversation waits again), then one
    // without a timeout that the agent accepts. Its queue's pool holds nobody, so routing itself offers it to no one.
    const manager = await parley.createAgent('manager');
    const manual = uniqueNumber();
    const nobody = await parley.request<{ id: string }>('POST', '/api/admin/groups', { token: admin.token, body: { name: 'Nobody', memberIds: [] } });
    await parley.request('POST', '/api/admin/queues', {
      token: admin.token,
      body: { id: 'manual', name: 'Manual', position: 0, condition: { field: 'requesterNumber', op: 'eq', value: manual }, pools: [{ groupIds: [nobody.body.id], eligibleAfterSeconds: 0 }] },
    });
    await parley.text(manual, 'can someone help?');
    const manualRow = await eventually<{ id: string }>('queued', async () => parley.db('interactions').where({ requester_number: manual, state: 'queued' }).first('id'));
    const assign = (offer: object) => parley.request('POST', `/api/interactions/${manualRow.id}/assign`, { token: manager.token, body: { agentId: agent.id, offer } });
    await assign({ timeoutSeconds: 1 });
    await eventually('the manager’s offer expired', async () => (await parley.db('routing_events').where({ interaction_id: manualRow.id, type: 'offer_timeout' })).length === 1, 20_000);
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
    await assign({ allowedToDecline: false });
    const manualOffer = await eventually('the manager’s second offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === manual), 20_000);
    await parley.request('POST', `/api/offers/${manualOffer.id}/accept`, { token: agent.token });
    await parley.request('POST', `/api/interactions/${manualRow.id}/messages`, { token: agent.token, body: { body: 'Hello, I can help.' } });
    await parley.request('POST', `/api/interactions/${manualRow.id}/end`, { token: agent.token, body: { outcome: 'complete' } });
    await save(parley, out, `sms:${parley.companyNumber}:${manual}`, 'manual-offer');

    // SPEC §9: a prompt held for quiet hours and sent when they end; a "no agents available" text that waits for
    // the number's rate while another conversation's replies use it (1/s).
    const now = Date.now();
    const end = Math.ceil((now + 20_000) / 60_000) * 60_000;
    const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    await parley.db('company_numbers').where({ number: parley.companyNumber })
      .update({ quiet_hours_start: utc(now - 3600_000), quiet_hours_end: utc(end), time_zone: 'UTC', rate_per_second: 1 });
    await parley.request('POST', '/api/admin/messaging-actions', {
      token: admin.token,
      body: { name: 'Nudge', active: true, event: 'agent_message_without_requester_response', durationSeconds: 1, condition: {}, action: 'prompt_requester', promptText: 'Still there?' },
    });
    const night = uniqueNumber();
    await parley.text(night, 'late question');
    const nightOffer = await eventually('the night offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === night), 20_000);
    await parley.request('POST', `/api/offers/${nightOffer.id}/accept`, { token: agent.token });
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
    for (let i = 0; i < 4; i++) await parley.request('POST', `/api/interactions/${nightOffer.interactionId}/messages`, { token: agent.token, body: { body: `reply ${i}` } });
    const paced = uniqueNumber();
    await parley.text(paced, 'anyone there?');
    await eventually('the paced no-agents text sent', async () => parley.sim.sim.outbound({ to: paced }).length === 1, 30_000);
    await eventually('the held prompt sent', async () => parley.sim.sim.outbound({ to: night }).some((m) => m.body === 'Still there?'), end - Date.now() + 30_000, 500);
    await parley.request('POST', `/api/interactions/${nightOffer.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
    const pacedRow = await parley.db('interactions').where({ requester_number: paced }).first('id');
    await parley.request('POST', `/api/interactions/${pacedRow.id}/end`, { token: admin.token, body: { outcome: 'complete' } });
    await save(parley, out, `sms:${parley.companyNumber}:${night}`, 'quiet-hours');
    await save(parley, out, `sms:${parley.companyNumber}:${paced}`, 'paced');
  } finally {
    await parley.stop();
    await stopSharedServers();
  }
}

/**
 * Issue 22: a compose accepted while the ended conversation's closing text waits for the sending rate (the run keeps
 * serving the composed interaction), and a conversation whose run was terminated, taken over by a new run at its take-in.
 */
async function issue22(parley: Awaited<ReturnType<typeof startParley>>, out: string) {
  const agent = await parley.createAgent('agent', { presence: 'available' });
  const requester = '+14155557002';
  const { interactionId } = await parley.acceptedConversation(agent, requester, 'my parcel is lost');
  await parley.db('company_numbers').where({ number: parley.companyNumber }).update({ rate_per_second: 1 });
  await parley.request('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { body: 'Found it.' } });
  await parley.request('POST', `/api/interactions/${interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
  const composed = await parley.request<{ interactionId: string }>('POST', '/api/compose', { token: agent.token, body: { from: parley.companyNumber, to: requester, body: 'One more thing.' } });
  await new Promise((r) => setTimeout(r, 3_000));
  await parley.request('POST', `/api/interactions/${composed.body.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
  await parley.db('company_numbers').where({ number: parley.companyNumber }).update({ rate_per_second: 100 });
  await save(parley, out, `sms:${parley.companyNumber}:${requester}`, 'compose-while-draining');

  const orphan = uniqueNumber();
  const accepted = await parley.acceptedConversation(agent, orphan, 'hello');
  const workflowId = `sms:${parley.companyNumber}:${orphan}`;
  const firstRun = (await parley.client.workflow.getHandle(workflowId).describe()).runId;
  await parley.client.workflow.getHandle(workflowId).terminate('capture: the run is gone');
  await parley.text(orphan, 'still there?');
  await eventually('adopted', async () => (await parley.db('messages').where({ requester_number: orphan, body: 'still there?' }).first('interaction_id'))?.interaction_id === accepted.interactionId);
  await parley.request('POST', `/api/interactions/${accepted.interactionId}/messages`, { token: agent.token, body: { body: 'Yes, here.' } });
  await parley.request('POST', `/api/interactions/${accepted.interactionId}/end`, { token: agent.token, body: { outcome: 'complete' } });
  await save(parley, out, workflowId, 'adoption', (runId) => runId !== firstRun);
  // The conversations after these, on the same Parley, must wait in their queue (INT-5's `bye` while queued).
  await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'away' } });
}

/** RI-9/VA-13: on a virtual-agent-only number the requester asks for a person, is told, and ends with `bye`. */
async function vaOnly(parley: Awaited<ReturnType<typeof startParley>>, out: string) {
  const number = '+14155550177';
  await parley.db('company_numbers').insert({ number, display_name: 'VA only', queue_id: parley.queueId, live_agent_only: false, virtual_agent_only: true });
  const requester = uniqueNumber();
  for (const body of ['hi', 'agent', 'bye']) {
    await parley.sim.sim.sendInbound({ from: requester, to: number, body });
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await save(parley, out, `sms:${number}:${requester}`, 'va-only');
}

/** Issue 24: `bye` while queued closes as left_before_engagement (INT-5); a wait trigger's topic (VA-14), then bye. */
async function closeReasons(parley: Awaited<ReturnType<typeof startParley>>, out: string) {
  const leaving = uniqueNumber();
  await parley.text(leaving, 'hello?');
  await eventually('queued', async () => (await parley.interactionFor(leaving))?.state === 'queued');
  await new Promise((r) => setTimeout(r, 1_000));
  await parley.text(leaving, 'bye');
  await save(parley, out, `sms:${parley.companyNumber}:${leaving}`, 'left-before-engagement');

  const waiting = uniqueNumber();
  await parley.db('queues').insert({
    id: 'capture-topic-trigger', name: 'Topic trigger', channel_id: 'sms', position: 0,
    condition: JSON.stringify({ field: 'requesterNumber', op: 'eq', value: waiting }),
    wait_triggers: JSON.stringify([{ afterSeconds: 2, text: 'Still busy. Meanwhile our virtual agent can help.', topicId: 'order_status' }]),
  });
  await parley.text(waiting, 'where is my parcel?');
  await eventually('the topic started', async () => parley.sim.sim.outbound({ to: waiting }).some((m) => m.body === 'What is your order number? (digits only)'), 20_000);
  for (const body of ['10482', 'bye']) {
    await parley.text(waiting, body);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await save(parley, out, `sms:${parley.companyNumber}:${waiting}`, 'trigger-topic');

  // VA-14 from the max wait: out of the queue to the opening-hours topic, then "no" ends it (auto_closed).
  const late = uniqueNumber();
  await parley.db('queues').insert({
    id: 'capture-max-wait-topic', name: 'Max wait topic', channel_id: 'sms', position: 0,
    condition: JSON.stringify({ field: 'requesterNumber', op: 'eq', value: late }), max_wait_seconds: 2, max_wait_topic_id: 'opening_hours',
  });
  await parley.text(late, 'when are you open?');
  await eventually('the topic started', async () => parley.sim.sim.outbound({ to: late }).some((m) => /anything else\?/.test(m.body)), 20_000);
  await parley.text(late, 'no');
  await save(parley, out, `sms:${parley.companyNumber}:${late}`, 'max-wait-topic');
}

async function save(parley: Awaited<ReturnType<typeof startParley>>, out: string, workflowId: string, name: string, keep: (runId: string) => boolean = () => true) {
  await eventually('closed', async () => (await parley.client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED', 30_000);
  let n = 0;
  for await (const wf of parley.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    if (!keep(wf.runId)) continue;
    const history = await parley.client.workflow.getHandle(workflowId, wf.runId).fetchHistory();
    const file = path.join(out, `${name}-run-${++n}.json`);
    fs.writeFileSync(file, `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
    process.stdout.write(`wrote ${file} (${history.events?.length} events)\n`);
  }
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
