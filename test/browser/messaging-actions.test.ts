import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { LAPTOP, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { uniqueNumber, type Agent } from '../support/parley';

describe('messaging actions in Chromium (SPEC §7)', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);
  async function openAdminPage(admin: Agent): Promise<Page> {
    const page = await newPage();
    await signIn(page, t.parley.url, admin);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Messaging actions' }).click();
    await page.waitForURL('**/admin/messaging-actions');
    return page;
  }

  async function acceptFromInbox(page: Page, requester: string, text: string): Promise<void> {
    await page.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    await page.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
    await t.parley.text(requester, text);
    await page.getByRole('button', { name: `Accept offer from ${requester}` }).click();
    await page.getByRole('log', { name: `Transcript with ${requester}` }).getByText(text).waitFor();
  }

  it('MA-12/NOT-4 an admin adds a 5-second prompt on Admin → Messaging actions; the agent sees it count down in the header, then the prompt in the Workspace notifications', async () => {
    const page = await openAdminPage(await newAgent('Ada Admin', 'admin'));
    const table = page.getByRole('table', { name: 'Messaging actions' });
    // The seeded defaults, in plain words.
    await table.getByRole('row', { name: /Remind the agent of an unanswered text/ }).getByText('Requester waiting 30 min').waitFor();
    await table.getByRole('row', { name: /Close a conversation the requester left/ }).getByText('Agent waiting 2 days').waitFor();
    await table.getByRole('row', { name: /Close a conversation the requester left/ }).getByText('Set state to Closed · abandoned').waitFor();
    await page.getByText('A change applies to conversations already waiting too').waitFor();

    await page.getByRole('button', { name: 'New action' }).click();
    const dialog = page.getByRole('dialog', { name: 'New messaging action' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Quick nudge');
    await dialog.getByRole('textbox', { name: 'For' }).fill('5');
    await dialog.getByRole('combobox', { name: 'Unit' }).click();
    await page.getByRole('option', { name: 'seconds' }).click();
    // Texting the requester needs a text: the api says so under the form.
    await dialog.getByRole('combobox', { name: 'Then' }).click();
    await page.getByRole('option', { name: 'Text the requester' }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('alert').getByText(/promptText is required for prompt_requester/).waitFor();

    await dialog.getByRole('combobox', { name: 'Then' }).click();
    await page.getByRole('option', { name: 'Prompt the agent' }).click();
    await dialog.getByRole('textbox', { name: 'Prompt text' }).fill('The requester is still waiting for you.');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = table.getByRole('row', { name: /Quick nudge/ });
    await row.getByText('Requester waiting 5 seconds').waitFor();
    await row.getByText('Any conversation').waitFor();
    await row.getByText('Prompt the agent: “The requester is still waiting for you.”').waitFor();
    assert.equal(await row.getByRole('switch', { name: 'Quick nudge is active' }).isChecked(), true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'messaging-actions.png') });

    // An agent (not an admin, who cannot read the list) accepts a conversation: the header still says what will happen.
    const agent = await newAgent('Sam Agent');
    const requester = uniqueNumber();
    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await acceptFromInbox(ws, requester, 'Is anyone there?');
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    const countdown = conversation.getByRole('timer');
    await countdown.getByText(/^Prompt you in 0:0[0-5]$/).waitFor();
    await countdown.hover();
    await ws.getByRole('tooltip').getByText(/The requester wrote and no agent has answered/).first().waitFor();

    // The agent looks elsewhere; the prompt arrives and takes them back.
    await conversation.getByRole('button', { name: 'Close conversation' }).click();
    const prompt = ws.getByRole('alert').filter({ hasText: `Reminder: ${requester}` });
    await prompt.getByText('The requester is still waiting for you.').waitFor({ timeout: 15_000 });
    await prompt.getByRole('button', { name: 'Open conversation' }).click();
    await conversation.getByRole('heading', { name: requester }).waitFor();
    // This run's 5-second step is spent; the seeded 30-minute one is next.
    await conversation.getByRole('timer').getByText(/^Prompt you in (30:00|29:\d\d)$/).waitFor();
  });

  it('an admin turns the action off, accepts a conversation and reads the next step in the header', async () => {
    const page = await openAdminPage(await newAgent('Ada Admin', 'admin'));
    const row = page.getByRole('table', { name: 'Messaging actions' }).getByRole('row', { name: /Quick nudge/ });
    await row.getByRole('switch', { name: 'Quick nudge is active' }).click({ force: true });
    await row.getByRole('switch', { name: 'Quick nudge is active', checked: false }).waitFor({ state: 'attached' });

    await page.getByRole('link', { name: 'Workspace', exact: true }).click();
    const requester = uniqueNumber();
    await acceptFromInbox(page, requester, 'Hi, can you help with my invoice?');
    const conversation = page.getByRole('region', { name: 'Conversation' });
    // An admin's header names the action's effect; the inactive 5-second action armed no timer.
    const countdown = conversation.getByRole('timer');
    await countdown.getByText(/^Prompt you in (30:00|29:\d\d)$/).waitFor();
    const before = await countdown.innerText();
    await page.waitForTimeout(2_100);
    assert.notEqual(await countdown.innerText(), before, 'the countdown ticks');
    await countdown.hover();
    await page.getByRole('tooltip').getByText(/Remind the agent of an unanswered text \(Requester waiting 30 min\)/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'countdown.png'), clip: { x: 0, y: 0, width: LAPTOP.width, height: 300 } });
  });
});
