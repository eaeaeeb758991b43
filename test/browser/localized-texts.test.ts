import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openVirtualPhone, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { uniqueNumber } from '../support/parley';

const VA_A = '+14155550100';
const VA_B = '+14155550101';
const SPANISH_BUSY = 'Todos nuestros agentes están ocupados. Le escribiremos en cuanto alguien esté libre.';

// Issue 24 as admins and requesters see it: system texts translated per language (SYS-6), a queue's own initial
// response (SYS-2) and topics offered per company number (VA-3).
describe('Translated system texts, queue initial responses and topics per number in Chromium', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);

  before(async () => {
    await t.parley.db('company_numbers').insert([
      { number: VA_A, display_name: 'Shop line', queue_id: t.parley.queueId, live_agent_only: false, quiet_hours_start: null, quiet_hours_end: null },
      { number: VA_B, display_name: 'Info line', queue_id: t.parley.queueId, live_agent_only: false, quiet_hours_start: null, quiet_hours_end: null },
    ]);
  });

  async function adminPage(tab: string): Promise<Page> {
    const admin = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, admin);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: tab }).click();
    return page;
  }

  it('SYS-6: an admin writes a Spanish translation on the system texts page; a Spanish (+34) phone receives it', async () => {
    const page = await adminPage('System texts');
    const busy = page.getByRole('region', { name: 'No agents available' });
    await busy.getByRole('textbox', { name: 'Text of No agents available' }).waitFor();
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('Español').click();
    const spanish = busy.getByRole('textbox', { name: 'Español text of No agents available' });
    // No translation yet: the default shows greyed, as what Spanish requesters get now.
    assert.match((await spanish.getAttribute('placeholder')) ?? '', /^All our agents are busy right now/);
    await busy.getByText('No Spanish text: Spanish requesters get the default').waitFor();
    await spanish.fill(SPANISH_BUSY);
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('Español (1)').waitFor();
    await page.mouse.move(0, 790);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-system-text-translations.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('1 text changed.').waitFor();
    const saved = await t.parley.db('system_text_translations').where({ key: 'no_agents_available', language: 'es' }).first();
    assert.equal(saved.body, SPANISH_BUSY);

    // Nobody is Available: a Spanish requester's first text gets "no agents available" in Spanish.
    const phone = await newPage();
    const requester = `+3461${uniqueNumber().slice(-7)}`;
    await openVirtualPhone(phone, t.parley.sim.url, requester);
    await phone.getByLabel('Company number to text').fill(t.parley.companyNumber);
    await phone.getByRole('textbox', { name: 'Text message' }).fill('Hola, mi pedido no llegó');
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('log', { name: `Messages on ${requester}` }).getByText(SPANISH_BUSY).waitFor();
  });

  it('SYS-2: an admin gives a queue its own initial agent response with a Spanish translation', async () => {
    const page = await adminPage('Queues');
    await page.getByRole('button', { name: 'Edit Test SMS' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the queue “Test SMS”' });
    const field = dialog.getByRole('textbox', { name: 'Initial agent response', exact: true });
    await field.fill('Hi, this is {{agentName}} from the test queue.');
    await dialog.getByRole('radiogroup', { name: 'Language of Initial agent response' }).getByText('Español').click();
    await dialog.getByRole('textbox', { name: 'Initial agent response (Español)' }).fill('Hola, soy {{agentName}} de la cola de pruebas.');
    await dialog.getByRole('radiogroup', { name: 'Language of Initial agent response' }).getByText('Español •').waitFor();
    await page.setViewportSize({ width: 1280, height: 1500 });
    await dialog.getByRole('group', { name: 'When an agent accepts' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-queue-initial-response.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = await t.parley.db('queues').where({ id: t.parley.queueId }).first('initial_response_text', 'initial_response_translations');
    assert.deepEqual(row, {
      initial_response_text: 'Hi, this is {{agentName}} from the test queue.',
      initial_response_translations: { es: 'Hola, soy {{agentName}} de la cola de pruebas.' },
    });
    // Reopened, the dialog shows what was saved.
    await page.getByRole('button', { name: 'Edit Test SMS' }).click();
    assert.equal(await dialog.getByRole('textbox', { name: 'Initial agent response', exact: true }).inputValue(), 'Hi, this is {{agentName}} from the test queue.');
  });

  it('VA-3: an admin offers a topic on one company number; the test box and a phone texting the other number do not see it', async () => {
    const page = await adminPage('Virtual agent topics');
    const offering = page.getByRole('combobox', { name: 'Company numbers offering Returns and refunds' });
    await offering.click();
    await page.getByRole('option', { name: `${VA_A} · Shop line` }).click();
    await page.getByRole('heading', { name: 'Where each topic is offered' }).click(); // closes the options
    await page.getByText('JSON', { exact: true }).click(); // the form is the default view
    const editor = page.getByRole('textbox', { name: 'Topic document (JSON)' });
    assert.match(await editor.inputValue(), new RegExp(`"companyNumbers": \\[\\s*"\\${VA_A}"\\s*\\]`), 'written into the draft');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Version \d+ now answers new texts\./).waitFor();

    // The test box plays a requester texting the other number.
    const box = page.getByRole('region', { name: 'Test conversation' });
    await box.getByRole('combobox', { name: 'Company number the test texts' }).click();
    await page.getByRole('option', { name: `${VA_B} · Info line` }).click();
    const input = box.getByRole('textbox', { name: 'Text to the virtual agent' });
    await input.fill('hi');
    await input.press('Enter');
    const thread = box.getByRole('log', { name: 'Test conversation with the virtual agent' });
    await thread.getByText(/3\. Talk to a person/).waitFor();
    assert.doesNotMatch(await thread.innerText(), /Returns and refunds/);
    await page.getByText(/Version \d+ now answers new texts\./).waitFor({ state: 'detached', timeout: 15_000 });
    await page.mouse.move(0, 790);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'va-topic-availability.png') });

    // Requesters: the topic is in A's picker and not in B's.
    const phone = await newPage();
    const requester = uniqueNumber();
    await openVirtualPhone(phone, t.parley.sim.url, requester);
    const log = phone.getByRole('log', { name: `Messages on ${requester}` });
    for (const [to, expected] of [[VA_A, /3\. Returns and refunds\s*4\. Talk to a person/], [VA_B, /3\. Talk to a person/]] as const) {
      await phone.getByLabel('Company number to text').fill(to);
      await phone.getByRole('textbox', { name: 'Text message' }).fill('hi');
      await phone.getByRole('button', { name: 'Send' }).click();
      await log.getByRole('listitem').filter({ hasText: expected }).first().waitFor();
    }
    const bodies = t.parley.sim.sim.outbound({ to: requester }).map((m) => [m.from, m.body] as const);
    assert.ok(bodies.some(([from, body]) => from === VA_A && body.includes('Returns and refunds')), 'A offers it');
    assert.ok(bodies.every(([from, body]) => from !== VA_B || !body.includes('Returns and refunds')), 'B does not');
  });
});
