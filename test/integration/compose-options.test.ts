import assert from 'node:assert/strict';
import type { RecipientRules } from '../../src/domain/compose-recipient';
import { defaultRecipientRules } from '../../src/domain/compose-recipient';
import { toValidE164 } from '../../src/domain/phone';
import { eventually, startParley, uniqueMobileNumber, type Agent, type Parley } from '../support/parley';

interface ChannelSettings { channel: string; active: boolean; order: number; checkActiveProfile: boolean; allowManualTo: boolean }
interface Settings { allowManualFrom: boolean; channels: ChannelSettings[] }
type ErrorBody = { error: { code: string; message: string } };
interface Composed { interactionId: string; outcome: string }

const DEFAULT_SMS: ChannelSettings = { channel: 'sms', active: true, order: 0, checkActiveProfile: false, allowManualTo: true };

/** A user of the company with a mobile number (or none), made as an admin does it. */
async function person(parley: Parley, admin: Agent, name: string, mobilePhone: string | null = null): Promise<string> {
  const email = `${name.replace(/\W/g, '').toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const r = await parley.request<{ id: string }>('POST', '/api/admin/users', { token: admin.token, body: { email, name, role: 'agent', password: 'a-long-password-1', mobilePhone } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

// AI-2: Compose settings per channel (SMS is the one channel today), through the API, the workflow and the simulator.
describe('AI-2 compose settings per channel', function () {
  this.timeout(120_000);
  let parley: Parley;
  let admin: Agent;
  let ana: Agent;
  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
    ana = await parley.createAgent('agent', { presence: 'away' });
  });
  after(async () => parley?.stop());

  const put = (agent: Agent, body: unknown) => parley.request<Settings & ErrorBody>('PUT', '/api/admin/compose-settings', { token: agent.token, body });
  const setSms = async (change: Partial<ChannelSettings>) => {
    const r = await put(admin, { channels: [{ ...DEFAULT_SMS, ...change }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const compose = (body: Record<string, unknown>) =>
    parley.request<Composed & ErrorBody>('POST', '/api/compose', { token: ana.token, body: { from: parley.companyNumber, body: 'Hello from support', ...body } });
  const check = (q: Record<string, string>) =>
    parley.request<{ to: string } & ErrorBody>('GET', `/api/compose/check?${new URLSearchParams({ from: parley.companyNumber, ...q }).toString()}`, { token: ana.token });
  afterEach(async () => {
    await setSms({});
  });

  it('AI-2 the defaults keep what compose did before: SMS active, a typed recipient allowed, no profile check', async () => {
    const r = await parley.request<Settings>('GET', '/api/admin/compose-settings', { token: admin.token });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { allowManualFrom: false, channels: [DEFAULT_SMS] });
    const options = await parley.request<Settings>('GET', '/api/compose/options', { token: ana.token });
    assert.deepEqual(options.body.channels, [DEFAULT_SMS]);
    const to = uniqueMobileNumber();
    const sent = await compose({ to });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
  });

  it('AI-2 the channel settings are for admins, validated (unknown channel, bad field) and audited; the old {allowManualFrom} body still works', async () => {
    assert.equal((await put(ana, { channels: [DEFAULT_SMS] })).status, 403);
    const unknown = await put(admin, { channels: [{ ...DEFAULT_SMS, channel: 'carrier-pigeon' }] });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /channels: no channel carrier-pigeon/);
    const bad = await put(admin, { channels: [{ ...DEFAULT_SMS, order: 'first' }] });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /order/);
    assert.equal((await put(admin, {})).status, 400, 'an empty change is refused');

    const changed = await setSms({ order: 5, checkActiveProfile: true, allowManualTo: false });
    assert.deepEqual(changed.channels, [{ ...DEFAULT_SMS, order: 5, checkActiveProfile: true, allowManualTo: false }]);
    const [audit] = await parley.db('audit_log').where({ action: 'compose_settings.changed', actor_user_id: admin.id }).orderBy('id', 'desc');
    assert.deepEqual(audit.detail, { channels: [{ ...DEFAULT_SMS, order: 5, checkActiveProfile: true, allowManualTo: false }] });
    const options = await parley.request<Settings>('GET', '/api/compose/options', { token: ana.token });
    assert.deepEqual(options.body.channels, changed.channels, 'agents read them from the compose options');

    const old = await put(admin, { allowManualFrom: true });
    assert.equal(old.status, 200);
    assert.equal(old.body.allowManualFrom, true);
    assert.deepEqual(old.body.channels, changed.channels, 'a channel left out keeps its settings');
    assert.equal((await put(admin, { allowManualFrom: false })).status, 200);
  });

  it('AI-2 with compose off for SMS, compose and its check answer 409 compose_off and nothing is created', async () => {
    await setSms({ active: false });
    const to = uniqueMobileNumber();
    const r = await compose({ to });
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'compose_off');
    assert.match(r.body.error.message, /compose is switched off for SMS/);
    assert.equal((await check({ to })).status, 409);
    assert.equal(await parley.db('interactions').where({ requester_number: to }).first(), undefined);
    assert.equal(parley.sim.sim.outbound({ to }).length, 0);
    await setSms({ active: true });
    assert.equal((await compose({ to })).status, 201, 'on again, it sends');
  });

  it('AI-2 with manual recipient entry off, a typed to that is not the chosen user’s mobile is refused (400 naming to); their own mobile is sent to', async () => {
    await setSms({ allowManualTo: false });
    const mobile = uniqueMobileNumber();
    const gina = await person(parley, admin, 'Gina Mobile', mobile);
    const nomobile = await person(parley, admin, 'Nora Nomobile');
    const typed = uniqueMobileNumber();

    const nobody = await compose({ to: typed });
    assert.equal(nobody.status, 400);
    assert.match(nobody.body.error.message, /^invalid to: typing a recipient is switched off: choose the person you are writing for/);
    const other = await compose({ to: typed, forUserId: gina });
    assert.equal(other.status, 400);
    assert.match(other.body.error.message, new RegExp(`^invalid to: \\${typed} is not Gina Mobile’s number`));
    assert.equal((await check({ to: typed, forUserId: gina })).status, 400, 'the check refuses it too');
    const none = await compose({ to: typed, forUserId: nomobile });
    assert.equal(none.status, 400);
    assert.match(none.body.error.message, /^invalid to: Nora Nomobile has no mobile number to send to/);
    assert.equal(await parley.db('interactions').where({ requester_number: typed }).first(), undefined);

    // Her own number, in any form the rules normalise, is hers; left out, the api reads it from her record.
    const national = `(${mobile.slice(2, 5)}) ${mobile.slice(5, 8)}-${mobile.slice(8)}`;
    const sent = await compose({ to: national, forUserId: gina });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await eventually('the text at Gina’s phone', async () => parley.sim.sim.outbound({ to: mobile })[0]);
    const fromRecord = await check({ forUserId: gina });
    assert.equal(fromRecord.status, 200, JSON.stringify(fromRecord.body));
    assert.equal(fromRecord.body.to, mobile);
    const again = await compose({ forUserId: gina, body: 'And once more' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    await eventually('the second text at Gina’s phone', async () => parley.sim.sim.outbound({ to: mobile }).some((m) => m.body === 'And once more'));
    const neither = await compose({});
    assert.equal(neither.status, 400);
    assert.match(neither.body.error.message, /^invalid to: is required/);
  });

  it('AI-2 with the active-profile check on, a number without an active messaging profile is refused (400 naming to); one that has texted is sent to', async () => {
    await setSms({ checkActiveProfile: true });
    const fresh = uniqueMobileNumber();
    const r = await compose({ to: fresh });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, new RegExp(`^invalid to: \\${fresh} has no active messaging profile`));
    assert.equal((await check({ to: fresh })).status, 400);
    assert.equal(await parley.db('messaging_profiles').where({ phone_number: fresh }).first(), undefined, 'nothing created');

    // A number that texted in has a profile (PROF-4, a guest's): compose may write to it.
    const known = uniqueMobileNumber();
    await parley.text(known, 'hello');
    await eventually('the number’s profile', async () => parley.db('messaging_profiles').where({ phone_number: known, active: true }).first());
    const ok = await check({ to: known });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const sent = await compose({ to: known });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
  });
});

/**
 * AI-12: a deployment's own recipient rules — a UK and US company: numbers are read in the default region (US), and
 * a UK national number (07…) as GB; a user record points at a work phone kept outside Parley, else the mobile.
 */
function ukAndUsRules(workPhones: Map<string, string>): RecipientRules {
  const builtIn = defaultRecipientRules('US');
  return {
    normalise(value) {
      const e164 = toValidE164(value, 'US') ?? toValidE164(value, 'GB');
      return e164 ? { e164 } : { refuse: `"${value}" is not a US or UK phone number` };
    },
    numberOf: (user) => workPhones.get(user.id) ?? builtIn.numberOf(user),
  };
}

describe('AI-12 compose with recipient rules a deployment supplies', function () {
  this.timeout(120_000);
  const workPhones = new Map<string, string>();
  let parley: Parley;
  let admin: Agent;
  let ana: Agent;
  before(async () => {
    parley = await startParley({ extensions: { recipientRules: ukAndUsRules(workPhones) } });
    admin = await parley.createAgent('admin');
    ana = await parley.createAgent('agent', { presence: 'away' });
  });
  after(async () => parley?.stop());

  const compose = (body: Record<string, unknown>) =>
    parley.request<Composed & ErrorBody>('POST', '/api/compose', { token: ana.token, body: { from: parley.companyNumber, body: 'Hello from support', ...body } });

  it('AI-12 a UK national number the default rules refuse is normalised by the supplied rules and sent to', async () => {
    assert.deepEqual(defaultRecipientRules('US').normalise('07911 123456'), { refuse: '"07911 123456" is not a valid phone number (region US)' });
    const check = await parley.request<{ to: string }>('GET', `/api/compose/check?${new URLSearchParams({ from: parley.companyNumber, to: '07911 123456' }).toString()}`, { token: ana.token });
    assert.equal(check.status, 200, JSON.stringify(check.body));
    assert.equal(check.body.to, '+447911123456');
    const r = await compose({ to: '07911 123456' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await eventually('the text at the UK phone', async () => parley.sim.sim.outbound({ to: '+447911123456' })[0]);
    const refused = await compose({ to: '12' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.message, 'invalid to: "12" is not a US or UK phone number', 'the refusal is the supplied rules’ own');
  });

  it('AI-12 with manual recipient entry off, the user record points where the supplied rules say (a work phone, not the mobile)', async () => {
    const set = await parley.request('PUT', '/api/admin/compose-settings', { token: admin.token, body: { channels: [{ ...DEFAULT_SMS, allowManualTo: false }] } });
    assert.equal(set.status, 200);
    const mobile = uniqueMobileNumber();
    const work = uniqueMobileNumber();
    const hal = await person(parley, admin, 'Hal Workphone', mobile);
    workPhones.set(hal, work);
    const toMobile = await compose({ to: mobile, forUserId: hal });
    assert.equal(toMobile.status, 400);
    assert.match(toMobile.body.error.message, new RegExp(`^invalid to: \\${mobile} is not Hal Workphone’s number`));
    const check = await parley.request<{ to: string }>('GET', `/api/compose/check?${new URLSearchParams({ from: parley.companyNumber, forUserId: hal }).toString()}`, { token: ana.token });
    assert.equal(check.body.to, work, 'the record points at the work phone');
    const toWork = await compose({ to: work, forUserId: hal });
    assert.equal(toWork.status, 201, JSON.stringify(toWork.body));
    await eventually('the text at the work phone', async () => parley.sim.sim.outbound({ to: work })[0]);
  });
});
