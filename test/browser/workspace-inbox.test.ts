import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LAPTOP, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

const escape = (n: string) => new RegExp(n.replace('+', '\\+'));

/**
 * Records what the page does to alert the agent (NOT-2, NOT-3): every Notification constructed and every tone
 * (an oscillator made on an AudioContext). `window.__unfocused = true` makes the page report it is not focused, as
 * when the agent works in another window.
 */
const RECORD_ALERTS = `
  window.__alerts = { notifications: [], tones: 0, asked: 0 };
  window.__unfocused = false;
  // The context grants notifications (so real ones can be made); the page sees 'default' until it asks.
  const Real = window.Notification;
  // What the person answered is kept across reloads, as a browser keeps it.
  let permission = sessionStorage.getItem('__permission') || 'default';
  class Recording extends Real {
    constructor(title, options) {
      window.__alerts.notifications.push({ title, body: options && options.body });
      super(title, options);
    }
    static get permission() { return permission; }
    // Headless Chromium shows no prompt: the person's "Allow" is the context's grant.
    static async requestPermission() {
      window.__alerts.asked += 1;
      permission = 'granted';
      sessionStorage.setItem('__permission', permission);
      return permission;
    }
  }
  window.Notification = Recording;
  const oscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__alerts.tones += 1;
    return oscillator.call(this);
  };
  Document.prototype.hasFocus = () => !window.__unfocused;
`;

interface Alerts { notifications: { title: string; body?: string }[]; tones: number; asked: number }
const alertsOn = (page: Page) => page.evaluate(() => (globalThis as unknown as { __alerts: Alerts }).__alerts);

async function textFromRequester(parley: Parley, requester: string, body: string): Promise<void> {
  await parley.text(requester, body);
}

/** An agent's conversation accepted through the api, the agent then Offline (so later texts are not offered them). */
async function accepted(parley: Parley, agent: Agent, requester: string, body: string): Promise<string> {
  await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
  const { interactionId } = await parley.acceptedConversation(agent, requester, body);
  await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  return interactionId;
}

const ongoingRow = (page: Page, requester: string) => page.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: escape(requester) });

describe('Agent Workspace inbox, colleagues, ending and alerts in Chromium (reference §7)', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  beforeEach(async () => {
    await t.parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
  });

  /** A page that may show notifications and records the alerts it makes. */
  async function alertingPage(browser: Browser): Promise<Page> {
    const context = await browser.newContext({ viewport: LAPTOP, permissions: ['notifications'] });
    contexts.push(context);
    await context.addInitScript({ content: RECORD_ALERTS });
    return context.newPage();
  }

  it('INB-1/INB-2/INB-3/INB-4 offered work appears as cards in arrival order, each with requester, latest message, company number, queue name, wait and countdown, Accept and Reject with a reason picker; the presence selector is in the inbox', async () => {
    const agent = await newAgent('Ingrid Inbox');
    await t.parley.db('users').where({ id: agent.id }).update({ sms_capacity: 5 });
    const [first, second, third] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
    // Each waits in the queue before the next arrives, so arrival order is unambiguous.
    for (const [n, body] of [[first, 'First: my parcel is late'], [second, 'Second: wrong size']]) {
      await textFromRequester(t.parley, n, body);
      await eventually(`${n} queued`, async () => (await t.parley.interactionFor(n))?.state === 'queued');
    }

    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    // INB-4: the agent's states, chosen in the page.
    const presence = ws.getByRole('radiogroup', { name: 'Presence' });
    for (const state of ['Available', 'Away', 'Offline']) await presence.getByRole('radio', { name: state }).waitFor({ state: 'attached' });
    await presence.getByText('Available').click();
    await ws.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });

    const card = (n: string) => ws.getByRole('article', { name: escape(n) });
    await card(second).waitFor();
    await textFromRequester(t.parley, third, 'Third: refund please');
    await card(third).waitFor();

    // INB-3: in the order the work arrived.
    const titles = await ws.getByRole('article').evaluateAll((els) => els.map((el) => el.querySelector('h3')?.textContent ?? ''));
    assert.deepEqual(titles.map((x) => [first, second, third].find((n) => x.includes(n))), [first, second, third]);

    // INB-1: requester, latest message, company number and queue, wait; INB-2: countdown, Accept, Reject.
    const c = card(first);
    await c.getByRole('heading', { name: `Guest ${first}` }).waitFor();
    await c.getByText('First: my parcel is late').waitFor();
    await c.getByText(`to ${t.parley.companyNumber} · queue Test SMS`).waitFor(); // the queue's name, not its id
    assert.match(await c.innerText(), /waiting \d+ s/);
    assert.match(await c.getByRole('timer').innerText(), /^\d:\d\d left to accept$/);
    const before = await c.getByRole('timer').innerText();
    await eventually('the countdown ticks', async () => (await c.getByRole('timer').innerText()) !== before, 5_000);
    await c.getByRole('button', { name: `Accept offer from ${first}` }).waitFor();

    await c.getByRole('button', { name: `Reject offer from ${first}` }).click();
    const reasons = ws.getByRole('dialog', { name: `Reject the offer from ${first}` });
    await reasons.getByRole('radio').first().waitFor(); // the admin's reasons (RR-2) load when the dialog opens
    assert.ok((await reasons.getByRole('radio').count()) >= 2, 'the reject dialog offers reasons to pick');
    await reasons.getByRole('button', { name: 'Cancel' }).filter({ hasText: 'Cancel' }).click();
    await reasons.waitFor({ state: 'detached' });

    await c.getByRole('button', { name: `Accept offer from ${first}` }).click();
    await c.waitFor({ state: 'detached' });
    await ws.getByRole('log', { name: `Transcript with ${first}` }).getByText('First: my parcel is late').waitFor();
  });

  it('END-1/END-2/END-3 ending asks first; Abandoned closes as closed_abandoned, the row leaves Ongoing and the composer is disabled', async () => {
    const agent = await newAgent('Edda Ender');
    const requester = uniqueNumber();
    const id = await accepted(t.parley, agent, requester, 'Please close this');
    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await ongoingRow(ws, requester).click();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('In progress').waitFor();

    // END-1: a confirmation; cancelling it ends nothing.
    await conversation.getByRole('button', { name: 'End', exact: true }).click();
    await ws.getByRole('menuitem', { name: 'Abandoned' }).click();
    const confirm = ws.getByRole('dialog', { name: `End the conversation with ${requester}?` });
    await confirm.getByText(/Closed Abandoned/).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal((await t.parley.interactionFor(requester))?.state, 'work_in_progress');

    await conversation.getByRole('button', { name: 'End', exact: true }).click();
    await ws.getByRole('menuitem', { name: 'Abandoned' }).click();
    await confirm.getByRole('button', { name: 'End as abandoned' }).waitFor();
    await ws.getByRole('menu').waitFor({ state: 'detached' });
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'workspace-end-confirm.png') });
    await confirm.getByRole('button', { name: 'End as abandoned' }).click();
    await confirm.waitFor({ state: 'detached' });
    // END-2
    await conversation.getByText('Closed · abandoned').waitFor();
    assert.equal((await t.parley.interactionFor(requester))?.state, 'closed_abandoned');
    await ongoingRow(ws, requester).waitFor({ state: 'detached' });
    // END-3: the composer says why it is disabled, and the api refuses a send as well.
    const composer = ws.getByRole('textbox', { name: `Reply to ${requester}` });
    assert.equal(await composer.isDisabled(), true);
    await conversation.getByText('This conversation is closed: replies can no longer be sent.').waitFor();
    assert.equal(await conversation.getByRole('button', { name: 'End', exact: true }).count(), 0);
    const late = await t.parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'late' } });
    assert.equal(late.status, 409);
  });

  it('ONG-6 an agent lists colleagues’ conversations in progress or on hold and opens one read-only; a manager opens it and can act', async () => {
    const holder = await newAgent('Holly Holder');
    const requester = uniqueNumber();
    const id = await accepted(t.parley, holder, requester, 'Where is my order?');
    await t.parley.request('POST', `/api/interactions/${id}/messages`, { token: holder.token, body: { body: 'Checking it now' } });
    const reader = await newAgent('Rita Reader');

    const ws = await newPage();
    await signIn(ws, t.parley.url, reader);
    await ws.getByRole('tab', { name: 'Colleagues' }).click();
    const table = ws.getByRole('table', { name: 'Colleagues’ conversations' });
    const headers = await table.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers, ['Channel', 'Interaction', 'Assignee', 'State', 'Last updated']);
    const row = table.getByRole('row', { name: escape(requester) });
    await row.getByText('Holly Holder').waitFor();
    await row.getByText('In progress').waitFor();
    await row.getByRole('cell', { name: 'SMS', exact: true }).waitFor();
    await row.getByText(/^(just now|\d+ s ago)$/).waitFor();

    await row.getByRole('button', { name: new RegExp(`^Open SMS-`) }).click();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: escape(requester) }).waitFor();
    await conversation.getByText('Read only').waitFor();
    const transcript = ws.getByRole('log', { name: `Transcript with ${requester}` });
    await transcript.getByText('Checking it now').waitFor();
    await transcript.getByText('Holly Holder', { exact: true }).waitFor();
    assert.equal(await ws.getByRole('textbox', { name: `Reply to ${requester}` }).isDisabled(), true);
    await conversation.getByText('A colleague holds this conversation: you can read it, not reply.').waitFor();
    for (const action of ['Hold', 'End', 'Transfer']) assert.equal(await conversation.getByRole('button', { name: action, exact: true }).count(), 0, action);
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'workspace-colleagues.png') });

    // On hold it is still listed; the reader's list follows without a reload.
    await t.parley.request('POST', `/api/interactions/${id}/hold`, { token: holder.token });
    await row.getByText('On hold').waitFor({ timeout: 20_000 });

    const manager = await newAgent('Mona Manager', 'manager');
    const mp = await newPage();
    await signIn(mp, t.parley.url, manager);
    await mp.getByRole('tab', { name: 'Colleagues' }).click();
    await mp.getByRole('table', { name: 'Colleagues’ conversations' }).getByRole('row', { name: escape(requester) }).getByRole('button', { name: /^Open SMS-/ }).click();
    const managed = mp.getByRole('region', { name: 'Conversation' });
    await managed.getByRole('button', { name: 'Resume' }).waitFor();
    await managed.getByRole('button', { name: 'End', exact: true }).waitFor();
    assert.equal(await managed.getByText('Read only').count(), 0);
  });

  it('SPEC §17 two agents in one conversation (AI-15): each reads "You" only for their own messages and the other by name, in the transcript and the Ongoing snippet', async () => {
    const ben = await newAgent('Ben Holder');
    const ana = await newAgent('Ana Joiner');
    const requester = uniqueMobileNumber();
    const id = await accepted(t.parley, ben, requester, 'Is my refund coming?');
    await t.parley.request('POST', `/api/interactions/${id}/messages`, { token: ben.token, body: { body: 'Ben: looking into it' } });
    const joined = await t.parley.request('POST', '/api/compose', { token: ana.token, body: { from: t.parley.companyNumber, to: requester, body: 'Ana from billing: refund issued' } });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));

    const [benPage, anaPage] = [await newPage(), await newPage()];
    await signIn(benPage, t.parley.url, ben);
    await signIn(anaPage, t.parley.url, ana);
    for (const page of [benPage, anaPage]) {
      await page.getByRole('tab', { name: /^Ongoing/ }).click();
      await ongoingRow(page, requester).click();
      await page.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Ana from billing: refund issued').waitFor();
    }
    // [the label shown above the bubble, what the bubble says (with its screen-reader speaker)]
    const spoken = (page: Page) =>
      page.getByRole('log', { name: `Transcript with ${requester}` }).getByRole('listitem').evaluateAll((items) =>
        items
          .filter((li) => li.getAttribute('data-direction') !== 'system')
          .map((li) => [li.querySelector('[class*="authorMark"]')?.textContent?.trim() ?? '', li.querySelector('[class*="bubble"]')?.textContent?.trim() ?? '']),
      );
    assert.deepEqual(await spoken(benPage), [
      ['', 'Requester: Is my refund coming?'],
      ['', 'You: Ben: looking into it'],
      ['Ana Joiner', 'Ana Joiner: Ana from billing: refund issued'],
    ]);
    assert.deepEqual(await spoken(anaPage), [
      ['', 'Requester: Is my refund coming?'],
      ['Ben Holder', 'Ben Holder: Ben: looking into it'],
      ['', 'You: Ana from billing: refund issued'],
    ]);
    await ongoingRow(benPage, requester).getByText(/^Ana Joiner wrote (just now|\d+ s ago)$/).waitFor();
    await ongoingRow(anaPage, requester).getByText(/^You wrote (just now|\d+ s ago)$/).waitFor();

    // Ben answers in the page; Ana's page follows without a reload and names him.
    const composer = benPage.getByRole('textbox', { name: `Reply to ${requester}` });
    await composer.fill('Thanks Ana');
    await composer.press('Enter');
    await ongoingRow(anaPage, requester).getByText(/^Ben Holder wrote (just now|\d+ s ago)$/).waitFor();
    await anaPage.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Thanks Ana').waitFor();
    await ongoingRow(benPage, requester).getByText(/^You wrote (just now|\d+ s ago)$/).waitFor();
  });

  it('NOT-1/NOT-2/NOT-3 with both preferences off nothing fires; switched on (and kept after a reload), a requester message while the page is not focused plays a tone and shows a desktop notification, and a conversation assigned meanwhile plays a tone', async () => {
    const agent = await newAgent('Nora Notified');
    const requester = uniqueNumber();
    const id = await accepted(t.parley, agent, requester, 'First question');
    await t.parley.request('POST', `/api/interactions/${id}/read`, { token: agent.token }); // so each new message counts from 0
    const ws = await alertingPage(t.browser);
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    const row = ongoingRow(ws, requester);
    await row.waitFor();
    const unfocus = (on: boolean) => ws.evaluate((v) => ((globalThis as unknown as { __unfocused: boolean }).__unfocused = v), on);

    // Off (the default): a message while the page is not focused makes no tone and no notification.
    await unfocus(true);
    await textFromRequester(t.parley, requester, 'Anyone?');
    await row.getByText('1 unread message').waitFor({ state: 'attached' });
    await ws.waitForTimeout(500);
    assert.deepEqual(await alertsOn(ws), { notifications: [], tones: 0, asked: 0 });

    // NOT-1: switched on in the alert preferences, which ask the browser's permission for notifications.
    await unfocus(false);
    await ws.getByRole('button', { name: 'Alert preferences' }).click();
    const prefs = ws.getByRole('group', { name: 'Alert preferences' });
    await prefs.getByRole('switch', { name: 'Conversation audio alerts' }).check({ force: true });
    // Checked once the browser said yes and the server saved it.
    await prefs.getByRole('switch', { name: 'Conversation desktop notifications' }).click({ force: true });
    await eventually('the desktop switch on', () => prefs.getByRole('switch', { name: 'Conversation desktop notifications' }).isChecked());
    await eventually('both preferences saved', async () => {
      const r = await t.parley.request<{ audioAlerts: boolean; desktopNotifications: boolean }>('GET', '/api/me/preferences', { token: agent.token });
      return r.body.audioAlerts && r.body.desktopNotifications;
    });
    assert.equal((await alertsOn(ws)).asked, 1, 'permission asked when turned on');
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'workspace-alert-preferences.png') });

    // Kept on the server: still on after a reload.
    await ws.reload();
    await ws.getByRole('button', { name: 'Alert preferences' }).click();
    for (const name of ['Conversation audio alerts', 'Conversation desktop notifications']) {
      await eventually(`${name} still on`, () => ws.getByRole('group', { name: 'Alert preferences' }).getByRole('switch', { name }).isChecked());
    }
    await ws.keyboard.press('Escape');
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await row.getByText('1 unread message').waitFor({ state: 'attached' });

    // NOT-2 (a) and NOT-3: the page is not focused and the requester writes.
    await unfocus(true);
    await textFromRequester(t.parley, requester, 'Hello? Still waiting');
    await row.getByText('2 unread messages').waitFor({ state: 'attached' });
    const alerted = await eventually('a notification and a tone', async () => {
      const a = await alertsOn(ws);
      return a.notifications.length > 0 && a.tones > 0 ? a : undefined;
    });
    assert.deepEqual(alerted.notifications, [{ title: `New message from ${requester}`, body: 'Hello? Still waiting' }]);

    // NOT-2 (b): a conversation assigned to the agent (by a manager) and not open here: a tone, no notification.
    const other = uniqueNumber();
    const holder = await newAgent('Hugo Holder');
    const otherId = await accepted(t.parley, holder, other, 'Handed over');
    const manager = await t.parley.createAgent('manager');
    const tonesBefore = (await alertsOn(ws)).tones;
    const moved = await t.parley.request('POST', `/api/interactions/${otherId}/assign`, { token: manager.token, body: { agentId: agent.id } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await ongoingRow(ws, other).waitFor();
    await eventually('a tone for the assigned conversation', async () => (await alertsOn(ws)).tones > tonesBefore);
    assert.equal((await alertsOn(ws)).notifications.length, 1);

    // Focused, with the conversation open: a new message is seen, so neither fires.
    await unfocus(false);
    await row.click();
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Hello? Still waiting').waitFor();
    const quiet = await alertsOn(ws);
    await textFromRequester(t.parley, requester, 'Ah, there you are');
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Ah, there you are').waitFor();
    await ws.waitForTimeout(500);
    assert.deepEqual(await alertsOn(ws), quiet);
  });
});

describe('a requester-side close in Chromium (END-4)', function () {
  this.timeout(120_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);

  it('END-4 a messaging action closes the conversation the requester left: its row leaves Ongoing and the open view shows it closed, without a reload', async () => {
    const admin = await t.parley.createAgent('admin');
    const created = await t.parley.request('POST', '/api/admin/messaging-actions', {
      token: admin.token,
      body: { name: 'Requester left', active: true, event: 'agent_message_without_requester_response', durationSeconds: 4, action: 'set_state', targetState: 'closed_abandoned', condition: {} },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const agent = await newAgent('Lena Left');
    const [left, stays] = [uniqueNumber(), uniqueNumber()];
    const id = await accepted(t.parley, agent, left, 'Quick question');
    await accepted(t.parley, agent, stays, 'Another question');

    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await ongoingRow(ws, left).click();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('In progress').waitFor();
    await ws.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const composer = ws.getByRole('textbox', { name: `Reply to ${left}` });
    await composer.fill('What is your order number?');
    await composer.press('Enter');
    // The requester never answers: the action closes it.
    await ongoingRow(ws, left).waitFor({ state: 'detached', timeout: 30_000 });
    await conversation.getByText('Closed · abandoned').waitFor();
    assert.equal(await composer.isDisabled(), true);
    await ongoingRow(ws, stays).waitFor();
    assert.equal(await ws.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'no reload');
    assert.equal((await t.parley.db('interactions').where({ id }).first())?.state, 'closed_abandoned');
  });
});
