import assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { isFocused, openVirtualPhone, parleyInChromium, SCREENSHOTS, signIn as signInAs, tabTo } from '../support/browser';
import { eventually, uniqueNumber, type Agent } from '../support/parley';

const LAPTOP = { width: 1280, height: 800 };
const MARKUP = '<img src=x onerror=alert(1)>';

describe('Agent Workspace and virtual phones in Chromium', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const contexts: BrowserContext[] = [];
  const agents: Agent[] = [];
  const dialogs: string[] = [];

  afterEach(async () => {
    // An agent left Available would be offered the next test's texts.
    for (const a of agents.splice(0)) await t.parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
    for (const c of contexts.splice(0)) await c.close();
  });

  async function newPage(viewport = LAPTOP): Promise<Page> {
    const context = await t.browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return page;
  }

  async function newAgent(): Promise<Agent> {
    const agent = await t.parley.createAgent('agent');
    agents.push(agent);
    return agent;
  }

  async function openPhone(number: string): Promise<Page> {
    const phone = await newPage();
    await openVirtualPhone(phone, t.parley.sim.url, number);
    assert.equal(await phone.getByLabel('Company number to text').inputValue(), t.parley.companyNumber);
    return phone;
  }

  async function textFromPhone(phone: Page, number: string, body: string): Promise<void> {
    await phone.getByRole('textbox', { name: 'Text message' }).fill(body);
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('log', { name: `Messages on ${number}` }).getByRole('listitem').filter({ hasText: body }).getByText('Received by Parley').waitFor();
  }

  const signIn = (page: Page, agent: Agent) => signInAs(page, t.parley.url, agent);

  async function goAvailable(page: Page): Promise<void> {
    await page.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    await page.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
  }

  it('ONG-1/ONG-2/ONG-3/ONG-5 a requester texts from the phones page; the agent accepts, replies, holds, sees the answer highlighted and ends it', async () => {
    const agent = await newAgent();
    await t.parley.db('users').where({ id: agent.id }).update({ name: 'Alex Agent' }); // for the screenshots
    const requester = uniqueNumber();

    const phone = await openPhone(requester);
    await textFromPhone(phone, requester, 'Hi, my order #1234 never arrived');

    const ws = await newPage();
    await signIn(ws, agent);
    await goAvailable(ws);

    // Inbox: the offer card with the first message, the wait and the countdown.
    const card = ws.getByRole('article', { name: requester });
    await card.waitFor();
    await card.getByText('Hi, my order #1234 never arrived').waitFor();
    assert.match(await card.getByRole('timer').innerText(), /^\d:\d\d left to accept$/);
    assert.match(await card.innerText(), /waiting \d+ s/);
    assert.match(await ws.getByRole('tab', { name: /Inbox/ }).innerText(), /1/);
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'workspace-inbox.png') });

    await card.getByRole('button', { name: `Accept offer from ${requester}` }).click();
    await card.waitFor({ state: 'detached' });

    // Conversation: requester number and state; the reply goes out and is delivered.
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: requester }).waitFor();
    await conversation.getByText('In progress').waitFor();
    const transcript = ws.getByRole('log', { name: `Transcript with ${requester}` });
    await transcript.getByText('Hi, my order #1234 never arrived').waitFor();

    const composer = ws.getByRole('textbox', { name: `Reply to ${requester}` });
    await composer.fill('Sorry about that! Let me check.');
    await conversation.getByText(/31 \/ 1,600 characters · 1 segment · GSM-7/).waitFor();
    await composer.press('Enter');
    await transcript.getByRole('listitem').filter({ hasText: 'Sorry about that! Let me check.' }).getByText('Delivered').waitFor();
    assert.equal(await composer.inputValue(), '', 'the composer is cleared after sending');

    // The phone received it, delivered.
    const phoneLog = phone.getByRole('log', { name: `Messages on ${requester}` });
    await phoneLog.getByRole('listitem').filter({ hasText: 'Sorry about that! Let me check.' }).getByText('Delivered').waitFor();

    // Hold: the row is de-emphasised as on hold; the agent closes the conversation and looks elsewhere.
    await conversation.getByRole('button', { name: 'Hold' }).click();
    await conversation.getByRole('button', { name: 'Resume' }).waitFor();
    await conversation.getByText('On hold').waitFor();
    await conversation.getByRole('button', { name: 'Close conversation' }).click();
    const ongoing = ws.getByRole('list', { name: 'Ongoing conversations' });
    const row = ongoing.getByRole('button', { name: new RegExp(requester.replace('+', '\\+')) });
    await row.getByText('On hold').waitFor();
    // The agent's reply is the last message: the row says who wrote it.
    await row.getByText('Sorry about that! Let me check.').waitFor();
    await row.getByText(/^You wrote (just now|\d+ s ago)$/).waitFor();

    // The requester answers: the row is highlighted with an unread badge, and so is the Ongoing tab.
    await textFromPhone(phone, requester, 'Thanks, it was the blue backpack');
    await row.getByText('1 unread message').waitFor({ state: 'attached' });
    await ws.getByRole('tab', { name: 'Ongoing 1 conversation with unread messages' }).waitFor();
    await row.getByText('In progress').waitFor();
    await row.getByText(/^Requester wrote (just now|\d+ s ago)$/).waitFor();
    const highlighted = await row.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    assert.notEqual(highlighted, 'rgb(255, 255, 255)', 'an unread row stands out from read rows');

    // Opening it marks it read; the agent's answer has an em dash, which is not GSM-7.
    await row.click();
    await ws.getByRole('tab', { name: 'Ongoing', exact: true }).waitFor();
    await transcript.getByText('Thanks, it was the blue backpack').waitFor();
    // The handset is briefly unreachable: the failure shows with the provider's code.
    const fault = t.parley.sim.sim.faults.add({ to: requester, final: { status: 'undelivered', errorCode: 30003 } });
    await composer.fill('Are you still there?');
    await composer.press('Enter');
    await transcript.getByRole('listitem').filter({ hasText: 'Are you still there?' }).getByText('Undelivered — error 30003: Unreachable destination handset').waitFor();
    t.parley.sim.sim.faults.remove(fault.id);

    await composer.fill('Found it — it ships today.');
    await conversation.getByText(/1 segment · UCS-2/).waitFor();
    await conversation.getByRole('button', { name: 'Send' }).click();
    await transcript.getByRole('listitem').filter({ hasText: 'Found it — it ships today.' }).getByText('Delivered').waitFor();
    await phoneLog.getByRole('listitem').filter({ hasText: 'Found it — it ships today.' }).getByText('Delivered').waitFor();
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'workspace-conversation.png') });
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'phones.png') });

    // End as complete: the row leaves Ongoing; the conversation says why the composer is disabled.
    await conversation.getByRole('button', { name: 'End', exact: true }).click();
    await ws.getByRole('menuitem', { name: 'Complete' }).click();
    await ws.getByRole('dialog', { name: `End the conversation with ${requester}?` }).getByRole('button', { name: 'End as complete' }).click();
    await row.waitFor({ state: 'detached' });
    await conversation.getByText('Closed · complete').waitFor();
    assert.equal(await composer.isDisabled(), true);
    await conversation.getByText('This conversation is closed: replies can no longer be sent.').waitFor();
    await ongoing.waitFor({ state: 'detached' });
    await ws.getByText('No ongoing conversations').waitFor();

    // The session survives a reload (an HttpOnly cookie); the conversation's address still shows it.
    await ws.reload();
    await ws.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
    await conversation.getByText('Closed · complete').waitFor();
    await ws.getByRole('button', { name: 'Sign out' }).click();
    await ws.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await ws.reload();
    await ws.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
  });

  it('ONG-4 switches between two conversations in progress without closing either; each keeps its transcript and its unsent draft', async () => {
    const agent = await t.parley.createAgent('agent', { presence: 'available' });
    agents.push(agent);
    const [a, b] = [uniqueNumber(), uniqueNumber()];
    await t.parley.text(a, 'Question from A');
    await t.parley.acceptOfferFor(agent, a);
    await t.parley.text(b, 'Question from B');
    await t.parley.acceptOfferFor(agent, b);
    await t.parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });

    const ws = await newPage();
    await signIn(ws, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    const ongoing = ws.getByRole('list', { name: 'Ongoing conversations' });
    const rowOf = (n: string) => ongoing.getByRole('button', { name: new RegExp(n.replace('+', '\\+')) });
    const conversation = ws.getByRole('region', { name: 'Conversation' });

    await rowOf(a).click();
    await conversation.getByRole('heading', { name: a }).waitFor();
    await ws.getByRole('textbox', { name: `Reply to ${a}` }).fill('Half-written answer for A');

    await rowOf(b).click();
    await conversation.getByRole('heading', { name: b }).waitFor();
    await ws.getByRole('log', { name: `Transcript with ${b}` }).getByText('Question from B').waitFor();
    const composerB = ws.getByRole('textbox', { name: `Reply to ${b}` });
    assert.equal(await composerB.inputValue(), '', 'A\'s draft stays with A');
    await composerB.fill('Answer for B');
    await composerB.press('Enter');
    await ws.getByRole('log', { name: `Transcript with ${b}` }).getByRole('listitem').filter({ hasText: 'Answer for B' }).getByText('Delivered').waitFor();

    await rowOf(a).click();
    await conversation.getByRole('heading', { name: a }).waitFor();
    await ws.getByRole('log', { name: `Transcript with ${a}` }).getByText('Question from A').waitFor();
    assert.equal(await ws.getByRole('textbox', { name: `Reply to ${a}` }).inputValue(), 'Half-written answer for A');
    // Neither was closed by switching: both still the agent's, in progress.
    for (const n of [a, b]) {
      assert.equal((await t.parley.interactionFor(n))?.state, 'work_in_progress', n);
      await rowOf(n).waitFor();
    }
    assert.deepEqual(t.parley.sim.sim.outbound({ to: a }).map((m) => m.body), [], 'nothing sent to A');
  });

  it('RR-1/INB-2: rejects an offer with a reason from the admin-defined picker, in its order, with its reassignable flag', async () => {
    // The admin adds a reason on Admin → Routing settings.
    const admin = await t.parley.createAgent('admin');
    const adminPage = await newPage();
    await signIn(adminPage, admin);
    await adminPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await adminPage.getByRole('link', { name: 'Routing settings' }).click();
    const table = adminPage.getByRole('table', { name: 'Reject reasons' });
    await table.getByText('Not my expertise').waitFor();
    await adminPage.getByRole('button', { name: 'New reason' }).click();
    const form = adminPage.getByRole('dialog', { name: 'New reject reason' });
    await form.getByRole('textbox', { name: 'Reason' }).fill('Needs a Spanish speaker');
    await form.getByRole('textbox', { name: 'Order' }).fill('5');
    await form.getByRole('switch', { name: 'Reassignable' }).click({ force: true });
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'detached' });
    await table.getByText('Needs a Spanish speaker').waitFor();
    await table.scrollIntoViewIfNeeded();
    await adminPage.screenshot({ path: path.join(SCREENSHOTS, 'admin-reject-reasons.png') });
    const created = { body: await t.parley.db('reject_reasons').where({ text: 'Needs a Spanish speaker' }).first() };
    assert.equal(created.body.sort_order, 5);
    assert.equal(created.body.reassignable, true);
    const agent = await newAgent();
    const requester = uniqueNumber();
    const ws = await newPage();
    await signIn(ws, agent);
    await goAvailable(ws);
    await t.parley.text(requester, 'Hola, ¿hablas español?');

    const card = ws.getByRole('article', { name: requester });
    await card.getByRole('button', { name: `Reject offer from ${requester}` }).click();
    const dialog = ws.getByRole('dialog', { name: `Reject the offer from ${requester}` });
    await dialog.getByRole('radio').first().waitFor();
    // The admin's order: the new reason (order 5) before the seeded four.
    assert.deepEqual(await dialog.locator('.mantine-Radio-label').allInnerTexts(), ['Needs a Spanish speaker', 'Busy', 'Not my expertise', 'Language', 'Other']);
    await dialog.getByRole('radio', { name: 'Needs a Spanish speaker' }).check();
    await dialog.getByRole('textbox', { name: 'Details (optional)' }).fill('Spanish');
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'workspace-reject-offer.png') });
    await dialog.getByRole('button', { name: 'Reject offer' }).click();
    await dialog.waitFor({ state: 'detached' });
    const event = await eventually('the rejection recorded', async () => t.parley.db('routing_events').where({ type: 'rejected', agent_id: agent.id }).first());
    // Reassignable, and this agent is the only one Available: the conversation is offered to them again.
    await eventually('a second offer', async () => (await t.parley.db('offers').where({ agent_id: agent.id })).length === 2);
    await card.waitFor();
    assert.equal(event?.detail?.reason, 'Needs a Spanish speaker: Spanish');
    assert.equal(event?.detail?.reassignable, true, 'the reason’s reassignable flag, not a checkbox, decides');
    assert.equal(event?.detail?.reasonId, created.body.id);

    // The admin deletes it again (asked first); the rejection keeps its text.
    await table.getByRole('button', { name: 'Delete Needs a Spanish speaker' }).click();
    const confirm = adminPage.getByRole('dialog', { name: 'Delete the reason “Needs a Spanish speaker”?' });
    await confirm.getByText('Past rejections keep their text.').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await table.getByText('Needs a Spanish speaker').waitFor({ state: 'detached' });
    assert.equal(await t.parley.db('reject_reasons').where({ id: created.body.id }).first(), undefined);
    assert.equal((await t.parley.db('routing_events').where({ id: event.id }).first()).detail.reason, 'Needs a Spanish speaker: Spanish');
  });

  it('shows markup in messages as literal text on both pages and never runs it', async () => {
    const agent = await newAgent();
    const requester = uniqueNumber();
    dialogs.length = 0;

    const phone = await openPhone(requester);
    await textFromPhone(phone, requester, `Is this safe? ${MARKUP}`);

    const ws = await newPage();
    await signIn(ws, agent);
    await goAvailable(ws);
    const card = ws.getByRole('article', { name: requester });
    await card.getByText(`Is this safe? ${MARKUP}`).waitFor();
    await card.getByRole('button', { name: `Accept offer from ${requester}` }).click();

    const transcript = ws.getByRole('log', { name: `Transcript with ${requester}` });
    await transcript.getByText(`Is this safe? ${MARKUP}`, { exact: true }).waitFor();
    const reply = `<script>alert(2)</script><b>not bold</b> ${MARKUP}`;
    await ws.getByRole('textbox', { name: `Reply to ${requester}` }).fill(reply);
    await ws.getByRole('button', { name: 'Send' }).click();
    await transcript.getByText(reply, { exact: true }).waitFor();
    const phoneLog = phone.getByRole('log', { name: `Messages on ${requester}` });
    await phoneLog.getByText(reply, { exact: true }).waitFor();
    await phoneLog.getByText(`Is this safe? ${MARKUP}`, { exact: true }).waitFor();

    // Give any injected handler the chance to fire before asserting it did not.
    await ws.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'no script from a message ran');
    for (const page of [ws, phone]) {
      assert.equal(await page.locator('img[src="x"]').count(), 0, 'no image element was created from a message');
      assert.equal(await page.locator('b', { hasText: 'not bold' }).count(), 0, 'no markup element was created from a message');
    }
  });

  it('works from the keyboard alone: sign in, go Available, accept, reply, end', async () => {
    const agent = await newAgent();
    const requester = uniqueNumber();
    const ws = await newPage();
    await ws.goto(t.parley.url);

    // The email field has the focus on arrival.
    assert.equal(await isFocused(ws.getByLabel('Email')), true);
    await ws.keyboard.type(agent.email);
    await ws.keyboard.press('Tab');
    await ws.keyboard.type(agent.password);
    await ws.keyboard.press('Enter');

    // Presence is a radio group: Tab into it, arrows choose.
    const presence = ws.getByRole('radiogroup', { name: 'Presence' });
    await tabTo(ws, presence.getByRole('radio', { name: 'Offline' }));
    await ws.keyboard.press('ArrowLeft');
    await ws.keyboard.press('ArrowLeft');
    await ws.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });

    await t.parley.text(requester, 'Keyboard user here?');
    const accept = ws.getByRole('button', { name: `Accept offer from ${requester}` });
    await tabTo(ws, accept);
    await ws.keyboard.press('Enter');

    // Accepting puts the cursor in the composer.
    const composer = ws.getByRole('textbox', { name: `Reply to ${requester}` });
    await composer.and(ws.locator(':focus')).waitFor();
    await ws.keyboard.type('Yes, typed without a mouse.');
    await ws.keyboard.down('Shift');
    await ws.keyboard.press('Enter');
    await ws.keyboard.up('Shift');
    await ws.keyboard.type('Second line.');
    await ws.keyboard.press('Enter');
    const transcript = ws.getByRole('log', { name: `Transcript with ${requester}` });
    await transcript.getByText('Yes, typed without a mouse.\nSecond line.').waitFor();

    await tabTo(ws, ws.getByRole('button', { name: 'End', exact: true }));
    await ws.keyboard.press('Enter');
    await ws.getByRole('menuitem', { name: 'Complete' }).waitFor();
    await ws.keyboard.press('ArrowDown');
    const focusedItem = await ws.locator(':focus').textContent();
    if (focusedItem !== 'Complete') await ws.keyboard.press('ArrowUp');
    await ws.keyboard.press('Enter');
    // END-1: confirmed from the keyboard too.
    await tabTo(ws, ws.getByRole('dialog', { name: `End the conversation with ${requester}?` }).getByRole('button', { name: 'End as complete' }));
    await ws.keyboard.press('Enter');
    await ws.getByRole('region', { name: 'Conversation' }).getByText('Closed · complete').waitFor();
  });

  it('stacks the list above the conversation at tablet width', async () => {
    const agent = await newAgent();
    const requester = uniqueNumber();
    const ws = await newPage({ width: 820, height: 1180 });
    await signIn(ws, agent);
    await goAvailable(ws);
    await t.parley.text(requester, 'Hello from a tablet test');
    await ws.getByRole('button', { name: `Accept offer from ${requester}` }).click();
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Hello from a tablet test').waitFor();
    const work = await ws.getByRole('region', { name: 'Work' }).boundingBox();
    const conversation = await ws.getByRole('region', { name: 'Conversation' }).boundingBox();
    assert.ok(work && conversation);
    assert.ok(conversation.y >= work.y + work.height - 1, 'the conversation sits below the list');
    assert.ok(conversation.width > 700, 'the conversation uses the full width');
    const overflow = await ws.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.equal(overflow, 0, 'no horizontal scrolling');
    if (process.env.SCREENSHOT_TABLET) await ws.screenshot({ path: process.env.SCREENSHOT_TABLET });
  });
});

describe('an offer left to time out, in Chromium', function () {
  this.timeout(120_000);
  const t = parleyInChromium({ offerTimeoutSeconds: 4 });

  it('counts down, takes the card away and shows the agent Away with the reason', async () => {
    const agent = await t.parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    const context = await t.browser.newContext({ viewport: LAPTOP });
    const ws = await context.newPage();
    await signInAs(ws, t.parley.url, agent);
    await ws.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });

    await t.parley.text(requester, 'Anyone there?');
    const card = ws.getByRole('article', { name: requester });
    assert.match(await card.getByRole('timer').innerText(), /^0:0[0-4] left to accept$/);
    await card.waitFor({ state: 'detached', timeout: 20_000 });
    await ws.getByRole('radio', { name: 'Away', checked: true }).waitFor({ state: 'attached' });
    await ws.getByText('You are now Away').waitFor();
    await context.close();
  });
});

describe('a dropped live connection, in Chromium', function () {
  this.timeout(120_000);
  const t = parleyInChromium();

  it('reconnects by itself and catches up on what it missed, without a reload', async () => {
    const agent = await t.parley.createAgent('agent', { presence: 'available' });
    const requester = uniqueNumber();
    await t.parley.text(requester, 'first text');
    const offer = await eventually('the offer', async () => (await t.parley.request<{ id: string; interactionId: string; requesterNumber: string }[]>('GET', '/api/me/offers', { token: agent.token })).body.find((o) => o.requesterNumber === requester));
    await t.parley.request('POST', `/api/offers/${offer.id}/accept`, { token: agent.token });

    const context = await t.browser.newContext({ viewport: LAPTOP });
    const ws = await context.newPage();
    await signInAs(ws, t.parley.url, agent);
    await ws.goto(`${t.parley.url}/interactions/${offer.interactionId}`);
    const transcript = ws.getByRole('log', { name: /Transcript with/ });
    await transcript.getByText('first text').waitFor();
    await ws.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    // The api drops every live stream and stops listening: what happens now reaches the page only by catching up.
    await t.parley.api.deps.hub.close();
    await t.parley.text(requester, 'sent while the page was disconnected');
    // Faster than the page's 10 s fallback polling: it is the reconnect's re-read that shows it.
    await transcript.getByText('sent while the page was disconnected').waitFor({ timeout: 6_000 });
    assert.equal(await ws.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'no reload happened');
    await context.close();
  });
});
