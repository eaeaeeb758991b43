import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openVirtualPhone, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn as signInAs } from '../support/browser';
import { eventually, uniqueMobileNumber, type Agent } from '../support/parley';

// SPEC §1 (who is texting) and §3 (Compose SMS), as an agent does them in the Workspace.
describe('Compose SMS and the requester panel in Chromium', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  let admin: Agent;

  before(async () => {
    admin = await t.parley.createAgent('admin');
  });

  const { newPage, newAgent } = perTestPagesAndAgents(t);

  /** A user of the company (not an agent at work here) with a mobile number, made as an admin does it. */
  async function person(name: string, mobilePhone: string | null = null): Promise<string> {
    const email = `${name.replace(/\W/g, '').toLowerCase()}-${Date.now() % 1e6}@example.com`;
    const r = await t.parley.request<{ id: string }>('POST', '/api/admin/users', {
      token: admin.token,
      body: { email, name, role: 'agent', password: 'a-long-password-1', mobilePhone },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  }

  async function openCompose(ws: Page) {
    await ws.getByRole('button', { name: 'Compose SMS' }).click();
    const dialog = ws.getByRole('dialog', { name: 'Compose SMS' });
    // AI-4: one company number, already chosen.
    const sendFrom = dialog.getByRole('combobox', { name: 'Send from' });
    await sendFrom.waitFor();
    assert.equal(await sendFrom.inputValue(), `Test line · ${t.parley.companyNumber}`);
    return dialog;
  }

  const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

  it('an agent composes to a new number; the phone receives it and its answer lands in the same conversation', async () => {
    const agent = await newAgent('Alex Agent');
    const to = uniqueMobileNumber();
    const phone = await newPage();
    await openVirtualPhone(phone, t.parley.sim.url, to);
    // The phones page warns about a number Compose would refuse (it may still text Parley).
    await phone.getByLabel('New phone number').fill('+1 555 000 1234');
    await phone.getByText('Not a valid number for its country: it can text Parley, but Compose SMS in the Workspace refuses to send to it.').waitFor();
    await phone.getByLabel('New phone number').fill('');
    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);

    const dialog = await openCompose(ws);
    const sendTo = dialog.getByRole('textbox', { name: 'Send to' });
    // AI-9: a number that cannot exist is refused under the field, with the api's reason.
    await sendTo.fill('+1 555 000 1234');
    await sendTo.blur();
    await dialog.getByText('"+1 555 000 1234" is not a valid phone number (region US)').waitFor();

    // Typed the way people write it; the dialog says which number that is.
    await sendTo.fill(national(to));
    await sendTo.blur();
    await dialog.getByText(`Sends to ${to}`).waitFor();
    assert.equal(await dialog.getByText('There is already an open conversation with this number').count(), 0);
    const message = 'Hi, this is Alex from support about your order.';
    await dialog.getByRole('textbox', { name: 'Message' }).fill(message);
    await dialog.getByText(`${message.length} / 1,600 characters · 1 segment · GSM-7`).waitFor();
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // AI-18: the new conversation opens, assigned to the sender; a notification says what happened.
    await ws.getByText('A new conversation is open and assigned to you.').waitFor();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: `Guest ${to}` }).waitFor();
    await conversation.getByText('In progress').waitFor();
    const transcript = ws.getByRole('log', { name: `Transcript with ${to}` });
    await transcript.getByRole('listitem').filter({ hasText: 'Hi, this is Alex from support about your order.' }).getByText('Delivered').waitFor();
    await ws.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: new RegExp(`Guest \\${to}`) }).waitFor();

    // The virtual phone has it, from the company number, and answers.
    const phoneLog = phone.getByRole('log', { name: `Messages on ${to}` });
    await phoneLog.getByRole('listitem').filter({ hasText: 'Hi, this is Alex from support about your order.' }).waitFor();
    await phone.getByRole('textbox', { name: 'Text message' }).fill('Great, when will it arrive?');
    await phone.getByRole('button', { name: 'Send' }).click();
    await transcript.getByText('Great, when will it arrive?').waitFor();
    const rows = await t.parley.db('interactions').where({ requester_number: to });
    assert.equal(rows.length, 1, 'the answer joined the composed conversation');
  });

  it('AI-5 writing for a user fills Send to with their mobile number; a number already typed is kept', async () => {
    const agent = await newAgent('Alex Agent');
    const mobile = uniqueMobileNumber();
    await person('Gina Mobile', mobile);
    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);
    const dialog = await openCompose(ws);
    const sendTo = dialog.getByRole('textbox', { name: 'Send to' });
    await dialog.getByRole('combobox', { name: 'Writing for (optional)' }).fill('Gina');
    await ws.getByRole('option', { name: /Gina Mobile/ }).click();
    await eventually('Send to filled from the user', async () => (await sendTo.inputValue()) === mobile);
    await dialog.getByText(`Sends to ${mobile}`).waitFor();
    // Chosen again with another number typed: what the agent typed wins.
    const typed = uniqueMobileNumber();
    await sendTo.fill(typed);
    await dialog.getByRole('combobox', { name: 'Writing for (optional)' }).fill('');
    await dialog.getByRole('combobox', { name: 'Writing for (optional)' }).fill('Gina');
    await ws.getByRole('option', { name: /Gina Mobile/ }).click();
    assert.equal(await sendTo.inputValue(), typed);
  });

  it('warns that the number is another person’s (AI-10) and, sent anyway, opens a new conversation for the new person', async () => {
    const agent = await newAgent('Alex Agent');
    const to = uniqueMobileNumber();
    await person('Carol Jones', to);
    await person('Dave Miller');
    // Carol texts first: her conversation waits in the queue (nobody is Available).
    await t.parley.text(to, 'Hi, Carol here, about my invoice');
    const old = await eventually('Carol’s conversation', async () => {
      const row = await t.parley.interactionFor(to);
      return row?.state === 'queued' ? row : undefined;
    });

    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);
    const dialog = await openCompose(ws);
    await dialog.getByRole('combobox', { name: 'Writing for (optional)' }).fill('Dave');
    await ws.getByRole('option', { name: /Dave Miller/ }).click();
    await dialog.getByRole('textbox', { name: 'Send to' }).fill(to);
    await dialog.getByRole('textbox', { name: 'Send to' }).blur();

    // AI-8: the existing conversation, with its state, assignee and last activity; AI-10: whose the number is.
    const existing = dialog.getByRole('alert').filter({ hasText: 'There is already an open conversation with this number' });
    await existing.getByText('Queued').waitFor();
    await existing.getByText(/Not assigned to an agent · last activity/).waitFor();
    await existing.getByRole('button', { name: 'Open it' }).waitFor();
    const warning = dialog.getByRole('alert').filter({ hasText: 'This number belongs to someone else' });
    await warning.getByText('This number is associated with Carol Jones; sending associates it with Dave Miller.').waitFor();
    await dialog.getByRole('textbox', { name: 'Message' }).fill('Hi Dave, your new phone number is set up.');
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor();
    await dialog.getByRole('button', { name: 'Send anyway' }).waitFor();
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'compose-dialog.png') });
    // Nobody holds Carol's conversation yet, and an agent reads only their own: the dialog says so and stays open.
    await existing.getByRole('button', { name: 'Open it' }).click();
    await existing.getByText('Only its agent, its participants and managers can open it.').waitFor();

    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await dialog.waitFor({ state: 'detached' });
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: `Dave Miller ${to}` }).waitFor();
    await ws.getByRole('complementary', { name: 'Requester' }).getByText('Dave Miller').waitFor();
    const fresh = await t.parley.interactionFor(to);
    assert.notEqual(fresh?.id, old.id, 'a new conversation');
    assert.equal(fresh?.assigned_agent_id, agent.id);
    await eventually('Carol’s conversation closed', async () => (await t.parley.db('interactions').where({ id: old.id }).first()).state === 'closed_complete');
  });

  it('the requester panel re-associates a guest conversation to a user; the header and the Ongoing row follow', async () => {
    const agent = await newAgent('Alex Agent');
    const from = uniqueMobileNumber();
    // PROF-6: two users share the number, so it opens for a guest and asks the agent to verify.
    await person('Erin Example', from);
    const frank = await person('Frank Shared', from);
    const ws = await newPage();
    await signInAs(ws, t.parley.url, agent);
    await ws.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    await t.parley.text(from, 'Hi, it is Erin. Can you change my delivery address?');

    const card = ws.getByRole('article', { name: `Guest ${from}` });
    await card.getByText('Verify identity').waitFor();
    await card.getByRole('button', { name: `Accept offer from ${from}` }).click();

    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: `Guest ${from}` }).waitFor();
    const header = conversation.locator('header');
    await header.getByText('Verify identity').waitFor();
    const row = ws.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: new RegExp(`\\${from}`) });
    await row.getByText('Guest').waitFor();

    const panel = ws.getByRole('complementary', { name: 'Requester' });
    await panel.getByText('Guest (no user linked)').waitFor();
    await panel.getByText('Parley could not tell for sure who is texting from this number.', { exact: false }).waitFor();
    await ws.getByRole('textbox', { name: `Reply to ${from}` }).fill('Happy to help. Can you confirm your full name?');
    await ws.getByRole('textbox', { name: `Reply to ${from}` }).press('Enter');
    await panel.getByRole('button', { name: 'Verify / re-associate' }).click();
    await panel.getByRole('combobox', { name: 'Who is texting?' }).fill('erin');
    await ws.getByRole('option', { name: /Erin Example/ }).click();
    await panel.getByText(new RegExp(`\\${from} will be associated with Erin Example \\(erinexample-\\d+@example\\.com\\) from now on`)).waitFor();
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'requester-panel.png') });
    await panel.getByRole('button', { name: 'Confirm' }).click();

    await conversation.getByRole('heading', { name: `Erin Example ${from}` }).waitFor();
    await panel.getByText(/erinexample-\d+@example\.com/).waitFor();
    await header.getByText('Verify identity').waitFor({ state: 'detached' });
    await row.getByText('Erin Example').waitFor();
    const [audit] = await t.parley.db('audit_log').where({ action: 'requester.reassociated', actor_user_id: agent.id });
    assert.ok(audit, 'the change is audited');

    // A manager changes it elsewhere: this Workspace follows without a reload.
    const manager = await t.parley.createAgent('manager');
    const interactionId = (await t.parley.interactionFor(from))?.id as string;
    const changed = await t.parley.request('PUT', `/api/interactions/${interactionId}/requester`, { token: manager.token, body: { userId: frank } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    await conversation.getByRole('heading', { name: `Frank Shared ${from}` }).waitFor();
    await panel.getByText(/frankshared-\d+@example\.com/).waitFor();
    await row.getByText('Frank Shared').waitFor();
  });

  it('AI-2 with typing a recipient off and a messaging profile required, the dialog has no typed Send to and says why a number is refused; compose off says so', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const adminPage = await newPage();
    await signInAs(adminPage, t.parley.url, ada);
    await adminPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await adminPage.getByRole('link', { name: 'Compose' }).click();
    const sms = adminPage.getByRole('group', { name: 'SMS channel' });
    const typeTo = sms.getByRole('switch', { name: 'Agents may type a recipient number' });
    const profileOnly = sms.getByRole('switch', { name: 'Send only to numbers with an active messaging profile' });
    assert.equal(await typeTo.isChecked(), true, 'the default: typing allowed');
    assert.equal(await profileOnly.isChecked(), false, 'the default: no profile check');
    await typeTo.click({ force: true });
    await profileOnly.click({ force: true });
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    const confirm = adminPage.getByRole('dialog', { name: 'Save these compose settings?' });
    await confirm.getByText('Agents will have to choose the person they write for; Compose sends to the number on that person’s record.').waitFor();
    await confirm.getByText('Compose will refuse a number that has no active messaging profile', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByText('Compose settings saved').waitFor();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await typeTo.isChecked(), false);
    assert.equal(await profileOnly.isChecked(), true);
    await adminPage.screenshot({ path: path.join(SCREENSHOTS, 'admin-compose-settings.png') });
    const [audit] = await t.parley.db('audit_log').where({ action: 'compose_settings.changed', actor_user_id: ada.id });
    assert.deepEqual(audit.detail.channels, [{ channel: 'sms', active: true, order: 0, checkActiveProfile: true, allowManualTo: false }]);

    try {
      const newcomer = uniqueMobileNumber();
      await person('Nina Newnumber', newcomer);
      const known = uniqueMobileNumber();
      const kim = await person('Kim Known', known);
      // Kim's number is linked to her already (as after she texted in, or an agent verified her).
      await t.parley.db('messaging_profiles').insert({ phone_number: known, user_id: kim, created_reason: 'inbound' });

      const agent = await newAgent('Alex Agent');
      const ws = await newPage();
      await signInAs(ws, t.parley.url, agent);
      await ws.getByRole('button', { name: 'Compose SMS' }).click();
      const dialog = ws.getByRole('dialog', { name: 'Compose SMS' });
      const writingFor = dialog.getByRole('combobox', { name: 'Writing for' });
      await writingFor.waitFor();
      // No typed recipient: the number comes from the person's record.
      assert.equal(await dialog.getByRole('textbox', { name: 'Send to' }).count(), 0);
      const sendTo = dialog.getByRole('group', { name: 'Send to' });
      await sendTo.getByText('Typing a number is switched off: choose whom you are writing for.').waitFor();
      await dialog.getByRole('textbox', { name: 'Message' }).fill('Hello from support.');
      assert.equal(await dialog.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true, 'nobody chosen: nothing to send to');

      // A number with no messaging profile is refused, and the dialog says why.
      await writingFor.fill('Nina');
      await ws.getByRole('option', { name: /Nina Newnumber/ }).click();
      await sendTo.getByRole('alert').filter({ hasText: `${newcomer} has no active messaging profile, and compose on this channel sends only to numbers that have one` }).waitFor();
      assert.equal(await dialog.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true);
      await ws.screenshot({ path: path.join(SCREENSHOTS, 'compose-profile-required.png') });

      await writingFor.fill('');
      await writingFor.fill('Kim');
      await ws.getByRole('option', { name: /Kim Known/ }).click();
      await sendTo.getByText(`Sends to ${known}, the number on Kim Known’s record`).waitFor();
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await ws.getByText('A new conversation is open and assigned to you.').waitFor();
      await eventually('the text at Kim’s phone', async () => t.parley.sim.sim.outbound({ to: known })[0]);

      // Compose switched off for SMS: the dialog says so instead of a form.
      const off = await t.parley.request('PUT', '/api/admin/compose-settings', {
        token: ada.token, body: { channels: [{ channel: 'sms', active: false, order: 0, checkActiveProfile: false, allowManualTo: true }] },
      });
      assert.equal(off.status, 200);
      await ws.getByRole('button', { name: 'Compose SMS' }).click();
      await dialog.getByText('Compose SMS is off').waitFor();
      await dialog.getByText('An admin has switched off composing on SMS (Admin → Compose).', { exact: false }).waitFor();
      assert.equal(await dialog.getByRole('button', { name: 'Send', exact: true }).count(), 0);
      await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    } finally {
      await t.parley.request('PUT', '/api/admin/compose-settings', {
        token: ada.token, body: { channels: [{ channel: 'sms', active: true, order: 0, checkActiveProfile: false, allowManualTo: true }] },
      });
    }
  });

  it('AI-6 an admin lets agents type a sender number; an agent composes from a typed number the provider account owns', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const adminPage = await newPage();
    await signInAs(adminPage, t.parley.url, ada);
    await adminPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await adminPage.getByRole('link', { name: 'Compose' }).click();
    const allow = adminPage.getByRole('switch', { name: 'Agents may type a sender number' });
    assert.equal(await allow.isChecked(), false);
    await allow.click({ force: true });
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    // Saved on purpose: the confirmation says what it means.
    const confirm = adminPage.getByRole('dialog', { name: 'Let agents type a sender number?' });
    await confirm.getByText('Agents will be able to send from any number your SMS provider account owns').waitFor();
    await confirm.getByRole('button', { name: 'Save' }).click();
    await adminPage.getByText('Compose settings saved').waitFor();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await allow.isChecked(), true);
    const [audit] = await t.parley.db('audit_log').where({ action: 'compose_settings.changed', actor_user_id: ada.id });
    assert.equal(audit.detail.allowManualFrom, true);

    try {
      const agent = await newAgent('Alex Agent');
      const ws = await newPage();
      await signInAs(ws, t.parley.url, agent);
      await ws.getByRole('button', { name: 'Compose SMS' }).click();
      const dialog = ws.getByRole('dialog', { name: 'Compose SMS' });
      const sendFrom = dialog.getByRole('combobox', { name: 'Send from' });
      // It starts from the first company number, and now takes a typed one.
      await eventually('the first company number chosen', async () => (await sendFrom.inputValue()) === t.parley.companyNumber);
      await sendFrom.fill('(415) 555-0100');
      await ws.keyboard.press('Escape');
      const to = uniqueMobileNumber();
      await dialog.getByRole('textbox', { name: 'Send to' }).fill(national(to));
      await dialog.getByRole('textbox', { name: 'Send to' }).blur();
      await dialog.getByText(`Sends to ${to}`).waitFor();
      await dialog.getByRole('textbox', { name: 'Message' }).fill('Hello from our second line.');
      await ws.screenshot({ path: path.join(SCREENSHOTS, 'compose-typed-sender.png') });
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      await ws.getByText('A new conversation is open and assigned to you.').waitFor();
      const sms = await eventually('the text at the phone', async () => t.parley.sim.sim.outbound({ to })[0]);
      assert.equal(sms.from, '+14155550100', 'sent from the typed number, normalised');
      assert.equal((await t.parley.interactionFor(to)) ?? null, null, 'not on the listed company number');
      assert.ok(await t.parley.db('interactions').where({ requester_number: to, company_number: '+14155550100' }).first());
    } finally {
      await t.parley.request('PUT', '/api/admin/compose-settings', { token: ada.token, body: { allowManualFrom: false } });
    }
  });
});
