// Captures workflow histories from real runs into test/histories/, for the replay test; rename the new files with
// a version prefix (v1-, v2-, …) and keep the older ones, so every version stays replayable.
// Run it before changing the workflow in a way that could break replay: `npx tsx scripts/capture-histories.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { eventually, startParley, uniqueNumber } from '../test/support/parley';
import { stopSharedServers } from '../test/support/servers';

interface Offer { id: string; interactionId: string; requesterNumber: string }

async function main() {
  const out = path.resolve(__dirname, '../test/histories');
  fs.mkdirSync(out, { recursive: true });
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

    const workflowId = `sms:${parley.companyNumber}:${requester}`;
    await eventually('closed', async () => (await parley.client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED');
    let n = 0;
    for await (const wf of parley.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      const history = await parley.client.workflow.getHandle(workflowId, wf.runId).fetchHistory();
      const file = path.join(out, `conversation-run-${++n}.json`);
      fs.writeFileSync(file, `${JSON.stringify({ workflowId, history }, null, 1)}\n`);
      process.stdout.write(`wrote ${file} (${history.events?.length} events)\n`);
    }
  } finally {
    await parley.stop();
    await stopSharedServers();
  }
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
