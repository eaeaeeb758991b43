import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import express from 'express';
import { freePort } from '../../src/runtime';
import { eventually, startParley, uniqueMobileNumber, type Agent, type Parley } from '../support/parley';

/** The value of one sample in Prometheus text: the metric with every given label. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    if (Object.entries(labels).every(([k, v]) => (m[2] ?? '').includes(`${k}="${v}"`))) return Number(m[3]);
  }
  return 0;
}

/** How the customer's directory answers one phone number. */
interface Answer { status?: number; body?: unknown; raw?: string; delayMs?: number }

/**
 * A customer's directory over real HTTP, as README "Requester directory" documents it: `GET /people?phone=<E.164>`.
 * Each test says how it answers its own numbers; a number nobody set up is unknown (404).
 */
async function startDirectory() {
  const answers = new Map<string, Answer>();
  const asked: string[] = [];
  const app = express();
  app.get('/people', (req, res) => {
    const phone = String(req.query.phone);
    asked.push(phone);
    const a = answers.get(phone) ?? { status: 404, body: { error: 'unknown' } };
    setTimeout(() => {
      if (res.destroyed) return;
      res.status(a.status ?? 200);
      if (a.raw !== undefined) res.type('application/json').send(a.raw);
      else res.json(a.body);
    }, a.delayMs ?? 0);
  });
  const port = await freePort(0);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${port}/people`,
    answers,
    asked,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

// PROF-11: "channel user id → user" from a customer's directory, with SPEC §1's rules and a fallback to the built-in
// mobile-phone match. Real HTTP, real worker, real take-in.
describe('PROF-11 the requester directory (PROFILE_DIRECTORY_URL)', function () {
  this.timeout(120_000);
  const TIMEOUT_MS = 400;
  let directory: Awaited<ReturnType<typeof startDirectory>>;
  let parley: Parley;
  let admin: Agent;
  let ana: Agent;
  before(async () => {
    directory = await startDirectory();
    parley = await startParley({
      env: { PROFILE_DIRECTORY_URL: directory.url, PROFILE_DIRECTORY_TIMEOUT_MS: String(TIMEOUT_MS), WORKER_METRICS_PORT: String(await freePort(0)) },
    });
    admin = await parley.createAgent('admin');
    ana = await parley.createAgent('agent', { presence: 'away' });
  });
  after(async () => {
    await parley?.stop();
    await directory?.close();
  });

  async function person(name: string, mobilePhone: string | null = null) {
    const email = `${name.replace(/\W/g, '').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const r = await parley.request<{ id: string }>('POST', '/api/admin/users', { token: admin.token, body: { email, name, role: 'agent', password: 'a-long-password-1', mobilePhone } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id, email };
  }

  /** The requester's first text opens a conversation; whom it was opened for, once the take-in has resolved it. */
  async function requesterOfFirstText(number: string) {
    await parley.text(number, 'hello');
    return eventually(`the requester of ${number}`, async () => {
      const row = await parley.interactionFor(number);
      return row?.requester_profile_id ? { userId: row.requester_user_id as string | null, verifyIdentity: row.verify_identity as boolean } : undefined;
    });
  }

  const lookups = async (outcome: string) => sample(await (await fetch(parley.workerMetricsUrl!)).text(), 'parley_requester_directory_lookups_total', { outcome });

  /** A number whose mobile-phone match (the built-in rule) is Vic. */
  async function vicsNumber() {
    const number = uniqueMobileNumber();
    const vic = await person('Vic Mobile', number);
    return { number, vic };
  }

  it('PROF-11 the directory names a user by email: the interaction is opened for them, not for the mobile-phone match, and the profile links them', async () => {
    const { number } = await vicsNumber();
    const una = await person('Una Directory');
    directory.answers.set(number, { body: { email: una.email.toUpperCase() } });
    const before = await lookups('matched');
    const r = await requesterOfFirstText(number);
    assert.deepEqual(r, { userId: una.id, verifyIdentity: false });
    assert.ok(directory.asked.includes(number), 'asked with the E.164 number as phone');
    const [profile] = await parley.db('messaging_profiles').where({ phone_number: number, active: true });
    assert.equal(profile.user_id, una.id, 'PROF-2: a profile linked to the directory’s user');
    assert.equal(await lookups('matched'), before + 1);
  });

  it('PROF-11 the directory names a user by Parley id: SPEC §1 still rules, so a number whose profile is someone else’s keeps them and asks to verify (PROF-5)', async () => {
    const una = await person('Una Byid');
    const number = uniqueMobileNumber();
    directory.answers.set(number, { body: { userId: una.id } });
    assert.deepEqual(await requesterOfFirstText(number), { userId: una.id, verifyIdentity: false });
    // The same number, later, answered by the directory as someone else: the profile's user stays, flagged.
    const wes = await person('Wes Other');
    directory.answers.set(number, { body: { userId: wes.id } });
    const open = await parley.interactionFor(number);
    await parley.request('POST', `/api/interactions/${open!.id as string}/end`, { token: admin.token, body: { outcome: 'complete' } });
    await eventually('the first conversation closed', async () => ((await parley.interactionFor(number))?.state as string).startsWith('closed'));
    await parley.text(number, 'me again');
    const second = await eventually('the second conversation resolved', async () => {
      const row = await parley.interactionFor(number);
      return row && row.id !== open!.id && row.requester_profile_id ? row : undefined;
    });
    assert.equal(second.requester_user_id, una.id);
    assert.equal(second.verify_identity, true);
  });

  const fallbacks: [string, Answer, string][] = [
    ['answers slower than PROFILE_DIRECTORY_TIMEOUT_MS', { body: { email: 'nobody-yet@example.com' }, delayMs: TIMEOUT_MS * 4 }, 'timeout'],
    ['answers 500', { status: 500, body: { error: 'down' } }, 'error'],
    ['names a user Parley does not have', { body: { email: 'not-a-parley-user@example.com' } }, 'unknown_user'],
    ['does not know the number (404)', { status: 404 }, 'not_found'],
    ['answers something else than the documented shape', { raw: '{"person": "Una"}' }, 'bad_answer'],
  ];
  for (const [when, answer, outcome] of fallbacks) {
    it(`PROF-11 when the directory ${when}, the built-in rule applies: the mobile-phone match (counted as ${outcome})`, async () => {
      const { number, vic } = await vicsNumber();
      if (answer.delayMs) {
        // The late answer names a real user: were it waited for, the requester would be them.
        const late = await person('Lou Late');
        answer.body = { email: late.email };
      }
      directory.answers.set(number, answer);
      const before = await lookups(outcome);
      const r = await requesterOfFirstText(number);
      assert.deepEqual(r, { userId: vic.id, verifyIdentity: false });
      assert.ok(directory.asked.includes(number));
      assert.equal(await lookups(outcome), before + 1);
    });
  }

  it('PROF-11 compose to a new number (AI-19) asks the directory too', async () => {
    const number = uniqueMobileNumber();
    const una = await person('Una Compose');
    directory.answers.set(number, { body: { email: una.email } });
    const r = await parley.request<{ interactionId: string }>('POST', '/api/compose', { token: ana.token, body: { from: parley.companyNumber, to: number, body: 'Hello' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const row = await eventually('the composed interaction resolved', async () => {
      const x = await parley.db('interactions').where({ id: r.body.interactionId }).first();
      return x?.requester_profile_id ? x : undefined;
    });
    assert.equal(row.requester_user_id, una.id);
  });
});
