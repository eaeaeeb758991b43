import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { LAPTOP, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

const VA_NUMBER = '+14155550100';
const escape = (n: string) => new RegExp(n.replace('+', '\\+'));

/**
 * Records the alerts the page makes (NOT-2/NOT-3): every Notification constructed and every tone (an oscillator on an
 * AudioContext). Notifications are already allowed; `window.__unfocused = true` makes the page report it is not focused.
 */
const RECORD_ALERTS = `
  window.__alerts = { notifications: [], tones: 0 };
  window.__unfocused = false;
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title, options) {
      window.__alerts.notifications.push({ title, body: options && options.body });
      super(title, options);
    }
    static get permission() { return 'granted'; }
    static async requestPermission() { return 'granted'; }
  }
  window.Notification = Recording;
  const oscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__alerts.tones += 1;
    return oscillator.call(this);
  };
  Document.prototype.hasFocus = () => !window.__unfocused;
`;
interface Alerts { notifications: { title: string; body?: string }[]; tones: number }
const alertsOn = (page: Page) => page.evaluate(() => (globalThis as unknown as { __alerts: Alerts }).__alerts);

/** No serious or critical axe-core violation inside what issue 25 added (the rest of the page is checked elsewhere). */
async function accessible(page: Page, selector: string, opts: { themeColours?: false } = {}): Promise<void> {
  const builder = new AxeBuilder({ page }).include(selector);
  // The theme's own colours (dimmed text, the primary button) belong to the page-wide accessibility suite.
  if (opts.themeColours === false) builder.disableRules(['color-contrast']);
  const r = await builder.analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], selector);
}

/** The agent's conversation with `requester`, accepted through the api; the agent is Offline afterwards. */
async function accepted(parley: Parley, agent: Agent, requester: string, body: string): Promise<string> {
  await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
  const { interactionId } = await parley.acceptedConversation(agent, requester, body);
  await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  return interactionId;
}

const ongoingRow = (page: Page, requester: string) => page.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: escape(requester) });

// Issue 25: the frictions an agent meets all day in the Workspace, each as the agent sees it.
describe('issue 25: the agent’s daily frictions in the Workspace, in Chromium', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);
  const contexts: BrowserContext[] = [];

  before(async () => {
    await t.parley.db('company_numbers').insert({ number: VA_NUMBER, display_name: 'VA line', queue_id: t.parley.queueId, live_agent_only: false });
  });
  beforeEach(async () => {
    // Work a previous test left waiting would be offered to this test's agent.
    await t.parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  it('issue 25: an offer that arrives while a conversation is open on Ongoing, or on the Manager page, shows a header notice with its countdown, counts in the page title, alerts when opted in, and its button leads to the Inbox', async () => {
    const manager = await newAgent('Maya Manager', 'manager');
    const first = uniqueNumber();
    await accepted(t.parley, manager, first, 'My first question');
    await t.parley.request('PUT', '/api/me/preferences', { token: manager.token, body: { audioAlerts: true, desktopNotifications: true } });

    const context = await t.browser.newContext({ viewport: LAPTOP, permissions: ['notifications'] });
    contexts.push(context);
    await context.addInitScript({ content: RECORD_ALERTS });
    const ws = await context.newPage();
    await signIn(ws, t.parley.url, manager);
    await ws.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await ongoingRow(ws, first).click();
    await ws.getByRole('log', { name: `Transcript with ${first}` }).getByText('My first question').waitFor();
    assert.equal(await ws.title(), 'Parley Workspace');
    assert.equal(await ws.getByRole('region', { name: 'Waiting offers' }).count(), 0);

    // The agent looks at another window: the offer must reach them there too.
    await ws.evaluate(() => ((globalThis as unknown as { __unfocused: boolean }).__unfocused = true));
    const second = uniqueNumber();
    await t.parley.text(second, 'My order #5521 arrived broken');
    const notice = ws.getByRole('region', { name: 'Waiting offers' });
    await notice.getByText(`An offer is waiting: Guest ${second}`).waitFor();
    const timer = notice.getByRole('timer');
    assert.match(await timer.innerText(), /^\d:\d\d left to accept$/);
    const before = await timer.innerText();
    await eventually('the notice counts down', async () => (await timer.innerText()) !== before, 5_000);
    await eventually('the title counts the offer', async () => (await ws.title()) === '(1) Parley Workspace');
    // NOT-2/NOT-3, opted in: a tone and a desktop notification quoting the latest text.
    const alerted = await eventually('a tone and a notification for the offer', async () => {
      const a = await alertsOn(ws);
      return a.tones > 0 && a.notifications.length > 0 ? a : undefined;
    });
    assert.deepEqual(alerted.notifications, [{ title: `New offer from ${second}`, body: 'My order #5521 arrived broken' }]);
    await ws.evaluate(() => ((globalThis as unknown as { __unfocused: boolean }).__unfocused = false));
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-agent-offer-notice.png') });
    await accessible(ws, '[aria-label="Waiting offers"]');

    // On the Manager page the notice is there as well.
    await ws.getByRole('link', { name: 'Manager' }).click();
    await ws.getByRole('region', { name: 'Manager' }).waitFor();
    await notice.getByRole('timer').waitFor();

    await notice.getByRole('button', { name: 'Go to the Inbox' }).click();
    await ws.getByRole('tab', { name: /^Inbox/, selected: true }).waitFor();
    const card = ws.getByRole('article', { name: escape(second) });
    await card.getByRole('button', { name: `Accept offer from ${second}` }).waitFor();
    await notice.waitFor({ state: 'detached' });

    await card.getByRole('button', { name: `Accept offer from ${second}` }).click();
    await eventually('the title without a count', async () => (await ws.title()) === 'Parley Workspace');
  });

  it('issue 25: the offer card names the queue, quotes the latest text, and shows the virtual agent’s summary and captured fields with their labels; the conversation too', async () => {
    const agent = await newAgent('Vera Agent');
    const requester = uniqueNumber();
    const texts = async (...bodies: string[]) => {
      for (const body of bodies) await t.parley.sim.sim.sendInbound({ from: requester, to: VA_NUMBER, body });
    };
    await texts('hi', '1', '10482');
    // The virtual agent has answered the order number before the requester asks for a person.
    await eventually('the order number captured', async () => {
      const row = await t.parley.db('interactions').where({ requester_number: requester, company_number: VA_NUMBER }).first('context');
      return (row?.context as Record<string, string> | undefined)?.orderNumber === '10482';
    });
    await texts('agent');
    await eventually('queued for a person', async () => {
      const row = await t.parley.db('interactions').where({ requester_number: requester, company_number: VA_NUMBER }).first('state');
      return row?.state === 'queued';
    });
    // While they wait they say what is wrong: that, not "hi", is what the card quotes.
    await texts('The box came crushed and the lamp inside is broken');

    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    const card = ws.getByRole('article', { name: escape(requester) });
    await card.getByText(`to ${VA_NUMBER} · queue Test SMS`).waitFor();
    await card.getByText('The box came crushed and the lamp inside is broken').waitFor();
    assert.equal(await card.getByText('hi', { exact: true }).count(), 0, 'the first text is not quoted');
    await card.getByText('The requester asked for a person during “Order status” after 4 texts.').waitFor();
    const captured = card.getByRole('group', { name: 'Captured by the virtual agent' });
    await captured.getByText('Order number: 10482').waitFor();
    assert.equal(await captured.getByText('orderNumber').count(), 0, 'no raw keys');
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-agent-offer-card.png') });
    await accessible(ws, 'article', { themeColours: false });

    await card.getByRole('button', { name: `Accept offer from ${requester}` }).click();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('group', { name: 'Captured by the virtual agent' }).getByText('Order number: 10482').waitFor();
    await conversation.getByText(`The requester texted ${VA_NUMBER}`).waitFor();
    const panel = ws.getByRole('complementary', { name: 'Requester' });
    await panel.getByText('Order number', { exact: true }).waitFor();
    await panel.getByText('The requester asked for a person during “Order status” after 4 texts.').waitFor();
  });

  it('issue 25: statuses, timers and disabled controls say why: the countdown says what will happen, a canceled text gives its reason, an agent-started conversation says so, and a disabled Send explains itself', async () => {
    const agent = await newAgent('Tim Timer');
    const requester = uniqueNumber();
    const id = await accepted(t.parley, agent, requester, 'Is anyone there?');

    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await ongoingRow(ws, requester).click();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    // The seeded actions, read by an agent who cannot read the admin list: what each will do, not "Automatic step".
    await conversation.getByRole('timer').getByText(/^Prompt you in (30:00|29:\d\d)$/).waitFor();
    // A disabled Send says why on hover.
    await conversation.locator('[data-why-disabled]').hover();
    await ws.getByRole('tooltip').getByText('Write a message first.').waitFor();

    const composer = ws.getByRole('textbox', { name: `Reply to ${requester}` });
    await composer.fill('Yes, I am here. What can I do?');
    await composer.press('Enter');
    await conversation.getByRole('timer').getByText(/^Closes as abandoned in (2d 0h|1d 23h)$/).waitFor({ timeout: 20_000 });
    await conversation.getByText('The requester texted +15005550006').waitFor();

    // A text Parley did not send carries its reason (here one a quiet-hours hold dropped when the requester wrote).
    await t.parley.db('messages').insert({
      id: randomUUID(), interaction_id: id, direction: 'outbound', company_number: t.parley.companyNumber, requester_number: requester,
      body: 'Are you still there?', status: 'canceled', author_kind: 'system', error_message: 'The requester wrote before quiet hours ended: the held prompt was not sent.',
    });
    await t.parley.request('POST', `/api/interactions/${id}/hold`, { token: agent.token }); // pushes a change: the page re-reads
    const canceled = ws.getByRole('log', { name: `Transcript with ${requester}` }).getByRole('listitem').filter({ hasText: 'Are you still there?' });
    await canceled.getByText('Canceled — The requester wrote before quiet hours ended: the held prompt was not sent.').waitFor({ timeout: 20_000 });
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-agent-reasons.png') });

    // AI-14: a conversation the agent started with Compose says so, not "Requester · texting".
    const other = uniqueMobileNumber();
    const composed = await t.parley.request<{ interactionId: string }>('POST', '/api/compose', { token: agent.token, body: { from: t.parley.companyNumber, to: other, body: 'Hello from Parley support' } });
    assert.equal(composed.status, 201, JSON.stringify(composed.body));
    await ongoingRow(ws, other).click();
    await conversation.getByText(`You started this conversation · texting from ${t.parley.companyNumber}`).waitFor();
  });

  it('issue 25: after STOP the conversation says the requester opted out and offers to end it, its Ongoing row shows Opted out, and Compose says so before Send, starting from the open conversation’s number', async () => {
    const agent = await newAgent('Olga Optout');
    const requester = uniqueMobileNumber();
    await accepted(t.parley, agent, requester, 'Please stop texting me');
    await t.parley.text(requester, 'STOP');
    await eventually('the opt-out recorded', async () => (await t.parley.db('consents').where({ requester_number: requester, opted_out: true }).first()) !== undefined);

    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    const row = ongoingRow(ws, requester);
    await row.getByText('Opted out', { exact: true }).waitFor();
    await row.click();
    const banner = ws.getByRole('alert', { name: 'Opted out' });
    await banner.getByText('The requester opted out (texted STOP)').waitFor();
    await banner.getByText(`Nothing more can be sent to ${requester} from ${t.parley.companyNumber} until they text START.`, { exact: false }).waitFor();
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-agent-opted-out.png') });
    await accessible(ws, '[aria-label="Opted out"]');
    await accessible(ws, '[aria-label="Ongoing conversations"]', { themeColours: false });

    // Compose, with that conversation open: it sends from its number (not the first company number, +1415…), and
    // says before Send that the number opted out.
    await ws.getByRole('button', { name: 'Compose SMS' }).click();
    const dialog = ws.getByRole('dialog', { name: 'Compose SMS' });
    const sendFrom = dialog.getByRole('combobox', { name: 'Send from' });
    await eventually('Send from starts at the open conversation’s number', async () => (await sendFrom.inputValue()) === `Test line · ${t.parley.companyNumber}`);
    await dialog.getByRole('textbox', { name: 'Send to' }).fill(requester);
    await dialog.getByRole('textbox', { name: 'Message' }).fill('One more thing');
    const warning = dialog.getByRole('alert').filter({ hasText: 'This number opted out' });
    await warning.getByText(`${requester} texted STOP to ${t.parley.companyNumber}`, { exact: false }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true);
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-agent-compose-opted-out.png') });
    await accessible(ws, '[role="dialog"]', { themeColours: false });
    await accessible(ws, '[role="dialog"] [aria-label="This number opted out"]');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await banner.getByRole('button', { name: 'End conversation' }).click();
    const confirm = ws.getByRole('dialog', { name: `End the conversation with ${requester}?` });
    await confirm.getByRole('button', { name: 'End as complete' }).click();
    await ws.getByRole('region', { name: 'Conversation' }).getByText('Closed · complete').waitFor();
    await row.waitFor({ state: 'detached' });
    await banner.waitFor({ state: 'detached' });
    assert.equal((await t.parley.db('interactions').where({ requester_number: requester }).first('state'))?.state, 'closed_complete');
  });
});
