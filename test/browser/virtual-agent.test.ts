import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openVirtualPhone, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn as signInAs } from '../support/browser';
import { uniqueNumber } from '../support/parley';

const VA_NUMBER = '+14155550100';
const GREETING = "Hi! You're texting Parley Support's virtual agent.";
const STOPPED = 'This requester texted STOP: nothing can be sent until they text START.';

// SPEC §6 (the virtual agent answers first, hands off with its transcript and context), §9 (opt-out) and the admin
// page that edits and tries the topics, as admins, agents and requesters see them.
describe('The virtual agent, its admin page and opt-out in Chromium', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);

  before(async () => {
    await t.parley.db('company_numbers').insert({ number: VA_NUMBER, display_name: 'VA line', queue_id: t.parley.queueId, live_agent_only: false });
  });

  /** A virtual phone texting `companyNumber`, as a requester does from the phones page. */
  async function openPhone(number: string, companyNumber: string) {
    const page = await newPage();
    await openVirtualPhone(page, t.parley.sim.url, number);
    await page.getByLabel('Company number to text').fill(companyNumber);
    const log = page.getByRole('log', { name: `Messages on ${number}` });
    return {
      log,
      text: async (body: string) => {
        await page.getByRole('textbox', { name: 'Text message' }).fill(body);
        await page.getByRole('button', { name: 'Send' }).click();
        await log.getByRole('listitem').filter({ hasText: body }).last().getByText('Received by Parley').waitFor();
      },
      receives: (body: string | RegExp) => log.getByRole('listitem').filter({ hasText: body }).last().waitFor(),
    };
  }

  async function goAvailable(page: Page): Promise<void> {
    await page.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    await page.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
  }

  it('an admin tries the topics in the test box (picker, capture, handoff) and sees every error of a broken document with its path', async () => {
    const admin = await newAgent('Ada Admin', 'admin');
    const ws = await newPage();
    await signInAs(ws, t.parley.url, admin);
    await ws.getByRole('link', { name: 'Admin', exact: true }).click();
    await ws.getByText('JSON', { exact: true }).click(); // the form is the default view
    const editor = ws.getByRole('textbox', { name: 'Topic document (JSON)' });
    await editor.waitFor();
    assert.match(await editor.inputValue(), /"greeting": "Hi! You're texting Parley Support's virtual agent\."/);
    await ws.getByRole('status', { name: /^Saved version \d+$/ }).waitFor();

    const box = ws.getByRole('region', { name: 'Test conversation' });
    const thread = box.getByRole('log', { name: 'Test conversation with the virtual agent' });
    const input = box.getByRole('textbox', { name: 'Text to the virtual agent' });
    const say = async (text: string, reply: string | RegExp) => {
      await input.fill(text);
      await input.press('Enter');
      await thread.getByText(reply).last().waitFor();
    };
    await say('hi', GREETING);
    // VA-4: the greeting's numbered topic picker, as plain SMS.
    assert.match(await thread.innerText(), /Reply with a number:\s*1\. Order status\s*2\. Opening hours/);
    await say('1', 'What is your order number? (digits only)');
    await say('10482', /Order 10482 is on its way/);
    await thread.getByText('Can I help with anything else?').waitFor();
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'va-admin.png') });
    await input.fill('agent');
    await input.press('Enter');
    await box.getByRole('status').filter({ hasText: 'Handed off to a live agent (requested)' }).waitFor();

    // Start over clears the conversation and its outcome.
    await box.getByRole('button', { name: 'Start over' }).click();
    await box.getByText('Text “hi” to start.').waitFor();
    assert.equal(await box.getByRole('status').count(), 0);

    // A broken document is refused with every error and its JSON path, one per line; nothing is saved.
    const before = await editor.inputValue();
    const broken = before.replace(`"greeting": "${GREETING}"`, '"greeting": ""').replace('"next": "found"', '"next": "nowhere"');
    assert.notEqual(broken, before);
    await editor.fill(broken);
    await ws.getByRole('button', { name: 'Save' }).click();
    const problems = ws.getByRole('list', { name: 'Problems in the topic document' });
    await problems.waitFor();
    const lines = await problems.getByRole('listitem').allInnerTexts();
    assert.ok(lines.includes('greeting: must not be empty'), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('topics[0].steps[0].next: "nowhere" is not a step of topic "order_status"')), lines.join('\n'));
    await ws.getByRole('button', { name: 'Revert' }).click();
    assert.equal(await editor.inputValue(), before);
    await problems.waitFor({ state: 'detached' });

    // System texts: each with its purpose, a switch and the composer's segment counter.
    await ws.getByRole('link', { name: 'System texts' }).click();
    const transfer = ws.getByRole('region', { name: 'Virtual agent hands off' });
    await transfer.getByText('The virtual agent hands the conversation to a live agent.').waitFor();
    await transfer.getByText(/^\d+ \/ 1,600 characters · 1 segment · GSM-7$/).waitFor();
    // Company numbers: the virtual agent answers the VA number first, not the live agents' one.
    await ws.getByRole('link', { name: 'Company numbers' }).click();
    assert.equal(await ws.getByRole('combobox', { name: `Who answers ${VA_NUMBER}` }).inputValue(), 'Virtual agent first');
    assert.equal(await ws.getByRole('combobox', { name: `Who answers ${t.parley.companyNumber}` }).inputValue(), 'Live agents only');
  });

  it('a requester texts the virtual agent and asks for a person; the agent sees the captured order number, accepts and reads the VA part', async () => {
    const agent = await newAgent('Alex Agent');
    const requester = uniqueNumber();
    const phone = await openPhone(requester, VA_NUMBER);
    await phone.text('hi');
    await phone.receives(GREETING);
    await phone.text('1');
    await phone.receives('What is your order number? (digits only)');
    await phone.text('10482');
    await phone.receives('Can I help with anything else?');

    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);
    assert.equal(await ws.getByRole('link', { name: 'Admin', exact: true }).count(), 0, 'agents have no admin area');
    await goAvailable(ws);
    await phone.text('agent');
    await phone.receives('Connecting you with a person.');

    // VA-10: the Inbox card shows what the virtual agent captured.
    const card = ws.getByRole('article', { name: requester });
    await card.getByRole('group', { name: 'Captured by the virtual agent' }).getByText('Order number: 10482').waitFor();
    await card.getByRole('button', { name: `Accept offer from ${requester}` }).click();

    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: requester }).waitFor();
    await conversation.getByRole('group', { name: 'Captured by the virtual agent' }).getByText('Order number: 10482').waitFor();
    await ws.getByRole('complementary', { name: 'Requester' }).getByText('10482').waitFor();
    // The virtual agent's part of the conversation is marked as its own.
    const transcript = ws.getByRole('log', { name: `Transcript with ${requester}` });
    const vaMessage = transcript.getByRole('listitem').filter({ hasText: 'What is your order number?' });
    await vaMessage.getByText('Virtual agent', { exact: true }).waitFor();
    assert.equal(await vaMessage.getAttribute('data-author'), 'virtual_agent');
    await transcript.getByRole('listitem').filter({ hasText: /^Requester: 10482/ }).waitFor();
    await transcript.getByRole('listitem').filter({ hasText: 'Connecting you with a person.' }).getByText('Automatic SMS:').waitFor();
    await transcript.getByRole('listitem').filter({ hasText: 'Alex Agent accepted the conversation.' }).getByText('Note for agents:').waitFor();
    await ws.getByRole('textbox', { name: `Reply to ${requester}` }).fill('Hi, I am Alex. Let me look at order 10482.');
    // The screenshot shows the virtual agent's part rather than the latest messages.
    await vaMessage.evaluate((el) => {
      const log = el.closest('[role="log"]')!;
      log.scrollTop += el.getBoundingClientRect().top - log.getBoundingClientRect().top - 80;
    });
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'va-handoff.png') });
  });

  it('after the requester texts STOP the composer is disabled and says why', async () => {
    const agent = await newAgent('Sam Agent');
    const requester = uniqueNumber();
    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);
    await goAvailable(ws);
    const phone = await openPhone(requester, t.parley.companyNumber);
    await phone.text('My parcel is late');
    await ws.getByRole('article', { name: requester }).getByRole('button', { name: `Accept offer from ${requester}` }).click();
    const composer = ws.getByRole('textbox', { name: `Reply to ${requester}` });
    await composer.waitFor();
    assert.equal(await composer.isEnabled(), true);

    await phone.text('STOP');
    await phone.receives('You are unsubscribed and will get no more messages from this number.');
    await ws.getByText(STOPPED).waitFor();
    assert.equal(await composer.isEnabled(), false);
    await ws.getByRole('complementary', { name: 'Requester' }).getByText('Opted out (STOP)').waitFor();
  });

  it('a send the api refuses with 409 opted_out (an opt-out the page has not heard of) shows its message and disables the composer', async () => {
    const agent = await newAgent('Kim Agent');
    const requester = uniqueNumber();
    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);
    await goAvailable(ws);
    const phone = await openPhone(requester, t.parley.companyNumber);
    await phone.text('Where is my refund?');
    // A page that has not heard of the opt-out yet (a provider's 21610 records one without any text arriving): its
    // reads say "not opted out" until the api refuses the send.
    let refused = false;
    await ws.route(/\/api\/interactions\/[0-9a-f-]{36}(\/messages)?$/, async (route) => {
      const response = await route.fetch();
      if (route.request().method() === 'POST') refused ||= response.status() === 409;
      if (refused || route.request().method() !== 'GET') return route.fulfill({ response });
      return route.fulfill({ response, json: { ...((await response.json()) as object), optedOut: false } });
    });
    await ws.getByRole('article', { name: requester }).getByRole('button', { name: `Accept offer from ${requester}` }).click();
    const composer = ws.getByRole('textbox', { name: `Reply to ${requester}` });
    await composer.waitFor();
    await t.parley.db('consents').insert({ company_number: t.parley.companyNumber, requester_number: requester, opted_out: true });
    await composer.fill('Your refund left today.');
    await composer.press('Enter');
    await ws.getByText(`${requester} opted out (STOP) of texts from ${t.parley.companyNumber}: nothing can be sent until they text START`).waitFor();
    await ws.getByText(STOPPED).waitFor();
    assert.equal(await composer.isEnabled(), false);
  });
});
