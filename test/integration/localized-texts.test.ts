import assert from 'node:assert/strict';
import { ensureQueueGroup } from '../../src/routing/default-groups';
import { eventually, startParley, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

interface Offer { id: string; interactionId: string; requesterNumber: string }
interface SystemText { key: string; body: string; enabled: boolean; translations: Record<string, string> }
interface Queue { id: string; initialResponseText: string | null; initialResponseTranslations: Record<string, string> }
type ErrorBody = { error: { code: string; message: string } };

// Numbers no other test of the run uses (workflow ids name the pair): the unique +1555 number's last 7 digits.
const spanish = () => `+3461${uniqueNumber().slice(-7)}`;
const mexican = () => `+52551${uniqueNumber().slice(-7)}`;
const french = () => `+3361${uniqueNumber().slice(-7)}`;

const BILLING_NUMBER = '+15005550301';
const SALES_NUMBER = '+15005550302';
const VA_A = '+15005550303';
const VA_B = '+15005550304';

// Issue 24: SYS-2 per queue, SYS-6 per language, VA-3 per company number, through the api, the workflow, the
// activities and the simulator's phones.
describe('system texts per queue and language, topics per company number (SYS-2, SYS-6, VA-3)', function () {
  this.timeout(180_000);
  let parley: Parley;
  let admin: Agent;
  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
    await parley.db('queues').insert([
      { id: 'billing', name: 'Billing', channel_id: 'sms', position: 10 },
      { id: 'sales', name: 'Sales', channel_id: 'sms', position: 20 },
    ]);
    // a queue offers only to its groups; these get their own default group, as `admin.js add-queue` gives one.
    for (const q of [{ id: 'billing', name: 'Billing' }, { id: 'sales', name: 'Sales' }]) await ensureQueueGroup(parley.db, q);
    await parley.db('company_numbers').insert([
      { number: BILLING_NUMBER, display_name: 'Billing line', queue_id: 'billing', rate_per_second: 100, quiet_hours_start: null, quiet_hours_end: null },
      { number: SALES_NUMBER, display_name: 'Sales line', queue_id: 'sales', rate_per_second: 100, quiet_hours_start: null, quiet_hours_end: null },
      { number: VA_A, display_name: 'VA line A', queue_id: parley.queueId, live_agent_only: false, rate_per_second: 100, quiet_hours_start: null, quiet_hours_end: null },
      { number: VA_B, display_name: 'VA line B', queue_id: parley.queueId, live_agent_only: false, rate_per_second: 100, quiet_hours_start: null, quiet_hours_end: null },
    ]);
  });
  after(async () => parley?.stop());
  beforeEach(async () => {
    await parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
    await parley.db('agent_presence').update({ status: 'offline' });
  });

  const smsTo = (to: string) => parley.sim.sim.outbound({ to }).map((m) => m.body);
  const waitSms = (to: string, n: number) => eventually(`${n} texts to ${to}`, async () => (smsTo(to).length >= n ? smsTo(to) : undefined), 20_000);
  const queueBody = (id: string, name: string, position: number, extra: Record<string, unknown>) => ({ id, name, position, condition: null, ...extra });
  const putTexts = (body: unknown) => parley.request<SystemText[]>('PUT', '/api/admin/system-texts', { token: admin.token, body });

  /** `requester` texts `to`; the available agent accepts the offer. */
  async function acceptFrom(agent: Agent, requester: string, to: string): Promise<string> {
    await parley.sim.sim.sendInbound({ from: requester, to, body: 'hello' });
    const offer = await eventually('an offer', async () => (await parley.request<Offer[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    const r = await parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return offer.interactionId;
  }

  it('SYS-2: two queues with their own initial responses; accepting on each texts that queue’s, an empty one the global text', async () => {
    const billing = await parley.request<Queue>('PUT', '/api/admin/queues/billing', {
      token: admin.token, body: queueBody('billing', 'Billing', 10, { initialResponseText: 'Billing here: {{agentName}} is on your invoice question.' }),
    });
    assert.equal(billing.status, 200, JSON.stringify(billing.body));
    assert.equal(billing.body.initialResponseText, 'Billing here: {{agentName}} is on your invoice question.');
    const sales = await parley.request<Queue>('PUT', '/api/admin/queues/sales', {
      token: admin.token, body: queueBody('sales', 'Sales', 20, { initialResponseText: 'Sales team, {{agentName}} speaking. What can we offer you?' }),
    });
    assert.equal(sales.status, 200, JSON.stringify(sales.body));
    const audit = await parley.db('audit_log').where({ action: 'queue.changed', subject_id: 'sales' }).orderBy('id', 'desc').first();
    assert.equal(audit.detail.queue.initialResponseText, 'Sales team, {{agentName}} speaking. What can we offer you?', 'the change is audited');

    const agent = await parley.createAgent('agent', { presence: 'available' });
    await parley.db('users').where({ id: agent.id }).update({ name: 'Ana' });
    const toBilling = uniqueNumber();
    await acceptFrom(agent, toBilling, BILLING_NUMBER);
    assert.deepEqual(await waitSms(toBilling, 1), ['Billing here: Ana is on your invoice question.']);
    const toSales = uniqueNumber();
    await acceptFrom(agent, toSales, SALES_NUMBER);
    assert.deepEqual(await waitSms(toSales, 1), ['Sales team, Ana speaking. What can we offer you?']);
    // The global text is off by default; a queue's own text is that queue's setting and goes regardless.
    assert.equal((await parley.db('system_texts').where({ key: 'agent_accepted' }).first()).enabled, false);

    // A PUT without the field keeps the text (clients from before it existed); null clears it: the global text again.
    const kept = await parley.request<Queue>('PUT', '/api/admin/queues/sales', { token: admin.token, body: queueBody('sales', 'Sales', 20, {}) });
    assert.equal(kept.body.initialResponseText, 'Sales team, {{agentName}} speaking. What can we offer you?');
    const cleared = await parley.request<Queue>('PUT', '/api/admin/queues/sales', { token: admin.token, body: queueBody('sales', 'Sales', 20, { initialResponseText: null }) });
    assert.equal(cleared.body.initialResponseText, null);
    await putTexts([{ key: 'agent_accepted', body: 'Hi, this is {{agentName}} from support.', enabled: true }]);
    try {
      const again = uniqueNumber();
      await acceptFrom(agent, again, SALES_NUMBER);
      assert.deepEqual(await waitSms(again, 1), ['Hi, this is Ana from support.']);
    } finally {
      await putTexts([{ key: 'agent_accepted', body: 'Hi, this is {{agentName}} from support.', enabled: false }]);
    }
  });

  it('SYS-6: a Spanish (+34) or Mexican (+52) requester gets the Spanish text, a US requester the English, a French one (no translation) the default', async () => {
    const saved = await putTexts([{
      key: 'no_agents_available', enabled: true,
      body: 'All our agents are busy right now. You are in the queue and we will text you back as soon as someone is free.',
      translations: { es: 'Todos nuestros agentes están ocupados. Está en la cola y le escribiremos en cuanto alguien esté libre.', de: '' },
    }]);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.find((t) => t.key === 'no_agents_available')!.translations, {
      es: 'Todos nuestros agentes están ocupados. Está en la cola y le escribiremos en cuanto alguien esté libre.',
    }, 'an empty translation is none');
    const audit = await parley.db('audit_log').where({ action: 'system_texts.saved' }).orderBy('id', 'desc').first();
    assert.deepEqual(audit.detail, { translations: { no_agents_available: ['es'] } });

    // Nobody is Available: each requester's first text gets "no agents available" (SYS-3), in their language.
    const cases: [string, string, RegExp, string | null][] = [
      ['Spain', spanish(), /^Todos nuestros agentes están ocupados/, 'es'],
      ['Mexico', mexican(), /^Todos nuestros agentes están ocupados/, 'es'],
      ['the US', uniqueMobileNumber(), /^All our agents are busy right now/, null],
      ['France (no French translation)', french(), /^All our agents are busy right now/, null],
    ];
    for (const [, requester] of cases) await parley.text(requester, 'hola');
    for (const [where, requester, text, language] of cases) {
      const [sms] = await waitSms(requester, 1);
      assert.match(sms, text, `a requester from ${where}`);
      const row = await parley.db('messages').where({ requester_number: requester, system_text_key: 'no_agents_available' }).first('text_language');
      assert.equal(row.text_language, language, `the translation recorded for ${where}`);
    }
  });

  it('SYS-6: a number with no country of its own gets the company number’s language; a queue’s text has its translations too', async () => {
    const set = await parley.request<{ language: string }>('PATCH', `/api/admin/company-numbers/${encodeURIComponent(BILLING_NUMBER)}`, { token: admin.token, body: { language: 'es' } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.language, 'es');
    const bad = await parley.request<ErrorBody>('PATCH', `/api/admin/company-numbers/${encodeURIComponent(BILLING_NUMBER)}`, { token: admin.token, body: { language: 'klingon' } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /language/);
    const noText = await parley.request<ErrorBody>('PUT', '/api/admin/queues/sales', {
      token: admin.token, body: queueBody('sales', 'Sales', 20, { initialResponseTranslations: { es: 'Ventas aquí.' } }),
    });
    assert.equal(noText.status, 400, 'translations without the text they translate');
    assert.match(noText.body.error.message, /initialResponseTranslations: give initialResponseText too/);
    const billing = await parley.request<Queue>('PUT', '/api/admin/queues/billing', {
      token: admin.token,
      body: queueBody('billing', 'Billing', 10, {
        initialResponseText: 'Billing here: {{agentName}} is on your invoice question.',
        initialResponseTranslations: { es: 'Facturación: {{agentName}} se ocupa de su factura.' },
      }),
    });
    assert.deepEqual(billing.body.initialResponseTranslations, { es: 'Facturación: {{agentName}} se ocupa de su factura.' });
    try {
      const agent = await parley.createAgent('agent', { presence: 'available' });
      await parley.db('users').where({ id: agent.id }).update({ name: 'Luz' });
      const noCountry = uniqueNumber(); // +1 555: libphonenumber-js names no country
      await acceptFrom(agent, noCountry, BILLING_NUMBER);
      assert.deepEqual(await waitSms(noCountry, 1), ['Facturación: Luz se ocupa de su factura.']);
      const german = `+49151${uniqueNumber().slice(-7)}0`;
      await acceptFrom(agent, german, BILLING_NUMBER);
      assert.deepEqual(await waitSms(german, 1), ['Billing here: Luz is on your invoice question.'], 'German: the queue’s default text');
    } finally {
      await parley.request('PATCH', `/api/admin/company-numbers/${encodeURIComponent(BILLING_NUMBER)}`, { token: admin.token, body: { language: 'en' } });
    }
  });

  it('VA-3: a topic limited to one company number is in its picker and not in the other’s; matching skips it there too', async () => {
    const { body: current } = await parley.request<{ document: { topics: { id: string; companyNumbers?: string[] }[] } }>('GET', '/api/admin/virtual-agent/topics', { token: admin.token });
    const limited = { ...current.document, topics: current.document.topics.map((t) => (t.id === 'returns' ? { ...t, companyNumbers: [VA_A] } : t)) };
    const unknown = await parley.request<ErrorBody>('PUT', '/api/admin/virtual-agent/topics', {
      token: admin.token, body: { ...limited, topics: limited.topics.map((t) => (t.id === 'returns' ? { ...t, companyNumbers: [VA_A, '+15005559999'] } : t)) },
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /topics\[2\]\.companyNumbers\[1\]: \+15005559999 is not one of our company numbers/);
    const saved = await parley.request<{ document: typeof limited }>('PUT', '/api/admin/virtual-agent/topics', { token: admin.token, body: limited });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.document.topics.find((t) => t.id === 'returns')!.companyNumbers, [VA_A]);

    const onA = uniqueNumber();
    const onB = uniqueNumber();
    await parley.sim.sim.sendInbound({ from: onA, to: VA_A, body: 'hi' });
    await parley.sim.sim.sendInbound({ from: onB, to: VA_B, body: 'hi' });
    const [pickerA] = await waitSms(onA, 1);
    const [pickerB] = await waitSms(onB, 1);
    assert.match(pickerA, /\n1\. Order status\n2\. Opening hours\n3\. Returns and refunds\n4\. Talk to a person$/);
    assert.match(pickerB, /\n1\. Order status\n2\. Opening hours\n3\. Talk to a person$/);
    assert.doesNotMatch(pickerB, /Returns/);

    // The topic's words find it on A only; on B they are not understood.
    await parley.sim.sim.sendInbound({ from: onA, to: VA_A, body: 'refund' });
    await parley.sim.sim.sendInbound({ from: onB, to: VA_B, body: 'refund' });
    assert.match((await waitSms(onA, 2))[1], /^What would you like to do\?/);
    assert.match((await waitSms(onB, 2))[1], /^Sorry, I didn't get that\./);

    // The admin's test box tries the topics as a requester of a number sees them.
    const tried = await parley.request<{ replies: string[] }>('POST', '/api/admin/virtual-agent/try', { token: admin.token, body: { text: 'hi', companyNumber: VA_B } });
    assert.equal(tried.status, 200, JSON.stringify(tried.body));
    assert.doesNotMatch(tried.body.replies[0], /Returns/);
  });
});
