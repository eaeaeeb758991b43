import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually, uniqueMobileNumber, uniqueNumber, type Agent } from '../support/parley';

// Issue 16 in the Workspace: the manager's views, assignment, transfer, the routing timeline ("why not Ana?") and
// the admin pages for queues, groups, channels and capacities.
describe('routing in the Workspace (SPEC §5, §10)', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);
  const setPresence = (a: Agent, status: string) => t.parley.request('PUT', '/api/me/presence', { token: a.token, body: { status } });

  async function openManagerPage(manager: Agent): Promise<Page> {
    const page = await newPage();
    await signIn(page, t.parley.url, manager);
    await page.getByRole('link', { name: 'Manager', exact: true }).click();
    await page.getByRole('table', { name: 'Active conversations' }).waitFor();
    return page;
  }

  // First in the file so the Users table (and its screenshot) holds only this test's people.
  it('Users admin (issue 24): an admin creates a user, changes their role, cannot demote themselves, and resets a password', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const ben = await newAgent('Ben Agent');
    await setPresence(ada, 'available'); // the picture shows a presence besides Offline
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('row', { name: /Ada Admin/ }).waitFor();

    // New user: a national mobile number is stored E.164; the api's refusal shows in the dialog.
    const mobile = uniqueMobileNumber();
    await page.getByRole('button', { name: 'New user' }).click();
    const create = page.getByRole('dialog', { name: 'New user' });
    await create.getByRole('textbox', { name: 'Email' }).fill('dana.lee@example.com');
    await create.getByRole('textbox', { name: 'Name' }).fill('Dana Lee');
    await create.getByRole('textbox', { name: 'Mobile phone' }).fill(`(${mobile.slice(2, 5)}) ${mobile.slice(5, 8)}-${mobile.slice(8)}`);
    await create.getByRole('textbox', { name: 'SMS capacity' }).fill('3');
    await create.getByRole('textbox', { name: 'Password' }).fill('too short');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByRole('alert').getByText(/password must be at least 12 characters/).waitFor();
    await create.getByRole('textbox', { name: 'Password' }).fill('dana-first-password');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.waitFor({ state: 'detached' });
    const dana = users.getByRole('row', { name: /Dana Lee/ });
    await dana.getByText(mobile).waitFor();
    await dana.getByText('Agent', { exact: true }).waitFor();

    // Edit: Dana becomes a manager.
    await dana.getByRole('button', { name: 'Edit Dana Lee' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Dana Lee' });
    await edit.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await dana.getByText('Manager', { exact: true }).waitFor();

    // There is always an admin: Ada cannot make herself an agent.
    await users.getByRole('row', { name: /Ada Admin/ }).getByRole('button', { name: 'Edit Ada Admin' }).click();
    const self = page.getByRole('dialog', { name: 'Edit Ada Admin' });
    await self.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Agent' }).click();
    await self.getByRole('button', { name: 'Save' }).click();
    await self.getByRole('alert').getByText(/you cannot change your own role to agent/).waitFor();
    await self.getByRole('button', { name: 'Cancel' }).click();
    await self.waitFor({ state: 'detached' });

    // Deactivate Ben: signed out and kept out; reactivated, he signs in again; deactivated once more for the picture.
    const benRow = users.getByRole('row', { name: /Ben Agent/ });
    const setActive = async (on: boolean) => {
      await benRow.getByRole('button', { name: 'Edit Ben Agent' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit Ben Agent' });
      await dialog.getByRole('switch', { name: 'Active' }).setChecked(on, { force: true });
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await setActive(false);
    await benRow.getByText('Inactive').waitFor();
    assert.equal((await t.parley.request('GET', '/api/me', { token: ben.token })).status, 401);
    const benLogin = () => t.parley.request('POST', '/api/auth/login', { body: { email: ben.email, password: ben.password } });
    assert.equal((await benLogin()).status, 401);
    await setActive(true);
    await benRow.getByText('Inactive').waitFor({ state: 'detached' });
    assert.equal((await benLogin()).status, 200);
    await setActive(false);
    await benRow.getByText('Inactive').waitFor();

    // Reset Dana's password: the old one stops working, the new one signs in.
    await dana.getByRole('button', { name: 'Reset the password of Dana Lee' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset the password of Dana Lee?' });
    await reset.getByRole('textbox', { name: 'New password' }).fill('dana-second-password');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await reset.waitFor({ state: 'detached' });
    const done = page.getByRole('alert').filter({ hasText: 'Password reset for Dana Lee' });
    await done.waitFor();
    await done.getByRole('button').click(); // closed: it would cover the tabs in the picture
    await done.waitFor({ state: 'detached' });
    const login = (password: string) => t.parley.request('POST', '/api/auth/login', { body: { email: 'dana.lee@example.com', password } });
    assert.equal((await login('dana-first-password')).status, 401);
    assert.equal((await login('dana-second-password')).status, 200);
    await page.mouse.move(0, 790);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-users.png') });
  });

  it('a manager sees the offered conversation and the agents live, assigns it, and reads why not Ana', async () => {
    const ana = await newAgent('Ana Away');
    const ben = await newAgent('Ben Busy');
    const cy = await newAgent('Cy Free');
    await t.parley.db('users').where({ id: ben.id }).update({ sms_capacity: 0 });
    await setPresence(ana, 'away');
    await setPresence(ben, 'available');
    await setPresence(cy, 'available');
    const page = await openManagerPage(await newAgent('Mia Manager', 'manager'));

    const requester = uniqueNumber();
    await t.parley.text(requester, 'Is anyone there?');
    // Pushed, not polled: the row appears as the conversation is offered to Cy (who lets it wait), its wait ticking.
    const row = page.getByRole('table', { name: 'Active conversations' }).getByRole('row', { name: new RegExp(requester.replace('+', '\\+')) });
    await row.getByText('Offered', { exact: true }).waitFor();
    await row.getByText('Offered to Cy Free').waitFor();
    const wait = row.getByRole('cell').nth(3);
    const before = await wait.innerText();
    await page.waitForTimeout(2_100);
    assert.notEqual(await wait.innerText(), before, 'the wait ticks');

    const agents = page.getByRole('table', { name: 'Agents' });
    await agents.getByRole('row', { name: /Ana Away/ }).getByText('Away', { exact: true }).waitFor();
    await agents.getByRole('row', { name: /Ben Busy/ }).getByText('0 / 0').waitFor();
    // Live on `agent` events: Ana comes back from lunch.
    await setPresence(ana, 'offline');
    await agents.getByRole('row', { name: /Ana Away/ }).getByText('Offline', { exact: true }).waitFor();

    // Filters: unassigned conversations only still shows it; another state does not.
    await page.getByRole('checkbox', { name: 'Unassigned only' }).check();
    await row.waitFor();
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'In progress' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Offered' }).click();
    await row.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'manager-view.png'), fullPage: true });

    // MAN-1: assign it to Ana, who is Offline: she has it at once.
    await page.getByRole('checkbox', { name: 'Unassigned only' }).uncheck();
    await page.getByRole('combobox', { name: 'State' }).click();
    await page.getByRole('option', { name: 'Offered' }).click(); // clears the filter
    await row.getByRole('button', { name: `Actions for ${requester}` }).click();
    await page.getByRole('menuitem', { name: 'Assign to agent…' }).click();
    const dialog = page.getByRole('dialog', { name: `Assign the conversation with ${requester}` });
    await dialog.getByRole('combobox', { name: 'Agent', exact: true }).fill('Ana');
    await page.getByRole('option', { name: /Ana Away/ }).click();
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Ana Away').waitFor();
    await row.getByText('In progress').waitFor();
    const interaction = await eventually('assigned to Ana', async () => {
      const r = await t.parley.interactionFor(requester);
      return r?.assigned_agent_id === ana.id ? r : undefined;
    });
    assert.equal(interaction.state, 'work_in_progress');

    // EV-1: the conversation's routing history says why nobody was offered it.
    await row.getByRole('button', { name: `Open the conversation with ${requester}` }).click();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('button', { name: 'Routing history' }).click();
    const routing = conversation.getByRole('complementary', { name: 'Routing' });
    await routing.getByText(/^Queued in /).waitFor();
    await routing.getByText('Offered to Cy Free').waitFor();
    await routing.getByText('Ana Away — away').first().waitFor();
    await routing.getByText('Ben Busy — at capacity').first().waitFor();
    await routing.getByText('Cy Free — could take it').first().waitFor();
    await routing.getByText('Work item canceled: a manager assigned it').waitFor();
    await routing.getByText('Assigned to Ana Away by Mia Manager').waitFor();
    await routing.getByRole('heading', { name: 'Routing' }).click(); // focus off the button: no tooltip over the panel
    await page.getByRole('tooltip').waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'routing-timeline.png') });
  });

  it('MAN-1: a manager offers a waiting conversation with options; the agent accepts it from their inbox', async () => {
    const stamp = Date.now() % 1e6;
    const ada = await newAgent('Ada Admin', 'admin');
    const olga = await newAgent(`Olga Offered ${stamp}`);
    await setPresence(olga, 'available');
    // A queue whose pool holds nobody: routing offers the conversation to no one; only the manager's choice reaches Olga.
    const requester = uniqueNumber();
    const nobody = await t.parley.request<{ id: string }>('POST', '/api/admin/groups', { token: ada.token, body: { name: `Nobody ${stamp}`, memberIds: [] } });
    const queue = await t.parley.request<{ id: string }>('POST', '/api/admin/queues', {
      token: ada.token,
      body: { name: `Escalations ${stamp}`, position: 0, condition: { field: 'requesterNumber', op: 'eq', value: requester }, pools: [{ groupIds: [nobody.body.id], eligibleAfterSeconds: 0 }] },
    });
    assert.equal(queue.status, 201, JSON.stringify(queue.body));
    await t.parley.text(requester, 'I was charged twice, please help');

    const page = await openManagerPage(await newAgent('Mia Manager', 'manager'));
    const row = page.getByRole('table', { name: 'Active conversations' }).getByRole('row', { name: new RegExp(requester.replace('+', '\\+')) });
    await row.getByText('Queued', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Actions for ${requester}` }).click();
    await page.getByRole('menuitem', { name: 'Assign to agent…' }).click();
    const dialog = page.getByRole('dialog', { name: `Assign the conversation with ${requester}` });
    await dialog.getByText('Offer to them').click();
    await dialog.getByRole('combobox', { name: 'Agent', exact: true }).fill('Olga');
    await page.getByRole('option', { name: new RegExp(`Olga Offered ${stamp}`) }).click();
    await dialog.getByRole('switch', { name: 'Allowed to decline' }).click({ force: true });
    await dialog.getByRole('textbox', { name: 'Timeout (seconds)' }).fill('300');
    await dialog.getByRole('combobox', { name: 'Presence on timeout' }).click();
    await page.getByRole('option', { name: 'Offline' }).click();
    await dialog.getByRole('heading', { name: `Assign the conversation with ${requester}` }).click(); // closes the options
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assign-offer-dialog.png') });
    await dialog.getByRole('button', { name: 'Offer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(`Offered to Olga Offered ${stamp}`).waitFor();

    // Olga's inbox: the card says who offered it and has no Reject (not allowed to decline), only Accept.
    const olgaPage = await newPage();
    await signIn(olgaPage, t.parley.url, olga);
    const card = olgaPage.getByRole('article').filter({ hasText: requester });
    await card.getByText('Offered to you by Mia Manager').waitFor();
    await card.getByText(/left to accept/).waitFor();
    assert.equal(await card.getByRole('button', { name: `Reject offer from ${requester}` }).count(), 0);
    await olgaPage.screenshot({ path: path.join(SCREENSHOTS, 'manager-offer-card.png') });
    await card.getByRole('button', { name: `Accept offer from ${requester}` }).click();
    await eventually('Olga has it', async () => (await t.parley.interactionFor(requester))?.assigned_agent_id === olga.id);

    // The timeline names the manager's offer and its terms (EV-1).
    await row.getByText('In progress').waitFor();
    await row.getByRole('button', { name: `Open the conversation with ${requester}` }).click();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('button', { name: 'Routing history' }).click();
    const routing = conversation.getByRole('complementary', { name: 'Routing' });
    await routing.getByText(`Offered to Olga Offered ${stamp} by Mia Manager — may not decline, expires after 5 min, then Offline`).waitFor();
    await routing.getByText(`Accepted by Olga Offered ${stamp}`).waitFor();
  });

  it('an admin sets a group’s queue priorities; a manager reads an agent’s presence history', async () => {
    const stamp = Date.now() % 1e6;
    const pia = await newAgent(`Pia Present ${stamp}`);
    for (const status of ['available', 'away', 'available']) {
      await setPresence(pia, status);
      await new Promise((r) => setTimeout(r, 1_100));
    }
    const ada = await newAgent('Ada Admin', 'admin');
    const billing = await t.parley.request<{ id: string }>('POST', '/api/admin/queues', {
      token: ada.token, body: { name: `Billing ${stamp}`, position: 90, active: false, condition: null },
    });
    assert.equal(billing.status, 201, JSON.stringify(billing.body));

    // GQP-1…3: the group dialog edits the priority per queue.
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    const groupDialog = page.getByRole('dialog', { name: 'New group' });
    await groupDialog.getByRole('textbox', { name: 'Name' }).fill(`Billing first ${stamp}`);
    await groupDialog.getByLabel('Members').fill('Pia');
    await page.getByRole('option', { name: `Pia Present ${stamp}` }).click();
    await groupDialog.getByRole('heading', { name: 'New group' }).click(); // closes the options
    await groupDialog.getByRole('textbox', { name: `Billing ${stamp}` }).fill('1');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-group-priorities.png') });
    await groupDialog.getByRole('button', { name: 'Create' }).click();
    await groupDialog.waitFor({ state: 'detached' });
    const groupRow = page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: new RegExp(`Billing first ${stamp}`) });
    await groupRow.getByText(`Billing ${stamp}: 1`).waitFor();
    const stored = await t.parley.db('group_queue_priorities').where({ queue_id: billing.body.id });
    assert.deepEqual(stored.map((r) => r.priority), [1]);
    // Editing keeps it, and can change it.
    await groupRow.getByRole('button', { name: `Edit Billing first ${stamp}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit the group “Billing first ${stamp}”` });
    assert.equal(await edit.getByRole('textbox', { name: `Billing ${stamp}` }).inputValue(), '1');
    await edit.getByRole('textbox', { name: `Billing ${stamp}` }).fill('5');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await groupRow.getByText(`Billing ${stamp}: 5`).waitFor();

    // PRS-4: the manager opens Pia's presence history from the agent table.
    const manager = await openManagerPage(await newAgent('Mia Manager', 'manager'));
    await manager.getByRole('button', { name: `Pia Present ${stamp}: presence history` }).click();
    const history = manager.getByRole('dialog', { name: `Presence history of Pia Present ${stamp}` });
    const rows = history.getByRole('table').getByRole('row');
    await eventually('three changes', async () => (await rows.count()) === 4);
    assert.match(await rows.nth(1).innerText(), /Available[\s\S]*so far[\s\S]*set by the agent/i);
    assert.match(await rows.nth(2).innerText(), /Away[\s\S]*\d+ s[\s\S]*set by the agent/i);
    // Live: a change while it is open is added at the top.
    await setPresence(pia, 'away');
    await eventually('the new change listed', async () => (await rows.count()) === 5);
    await manager.screenshot({ path: path.join(SCREENSHOTS, 'presence-history.png') });
  });

  it('an agent transfers a conversation to an Available colleague with a note; the timeline shows it', async () => {
    const sam = await newAgent('Sam Sender');
    await setPresence(sam, 'available');
    const requester = uniqueNumber();
    await t.parley.acceptedConversation(sam, requester, 'My order is late');
    const tess = await newAgent('Tess Target');
    await setPresence(tess, 'available');

    const page = await newPage();
    await signIn(page, t.parley.url, sam);
    await page.getByRole('tab', { name: /Ongoing/ }).click();
    await page.getByRole('list', { name: 'Ongoing conversations' }).getByText(requester).click();
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('button', { name: 'Transfer' }).click();
    const dialog = page.getByRole('dialog', { name: `Transfer the conversation with ${requester}` });
    await dialog.getByText('An agent').click();
    await dialog.getByRole('combobox', { name: 'Agent', exact: true }).click();
    await page.getByRole('option', { name: 'Tess Target' }).click();
    await dialog.getByRole('textbox', { name: 'Note for the next agent' }).fill('Order 1234, already refunded once');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await t.parley.acceptOfferFor(tess, requester);
    const row = await eventually('Tess has it', async () => {
      const r = await t.parley.interactionFor(requester);
      return r?.assigned_agent_id === tess.id ? r : undefined;
    });
    assert.equal(row.state, 'work_in_progress');

    // Tess reads the note in the conversation's routing history.
    const tessPage = await newPage();
    await signIn(tessPage, t.parley.url, tess);
    await tessPage.getByRole('tab', { name: /Ongoing/ }).click();
    await tessPage.getByRole('list', { name: 'Ongoing conversations' }).getByText(requester).click();
    const view = tessPage.getByRole('region', { name: 'Conversation' });
    await view.getByRole('button', { name: 'Routing history' }).click();
    const routing = view.getByRole('complementary', { name: 'Routing' });
    await routing.getByText('Transferred to Tess Target by Sam Sender — note: “Order 1234, already refunded once”').waitFor();
    await routing.getByText('Sam Sender — not the agent it was transferred to').first().waitFor();
    await routing.getByText('Accepted by Tess Target').waitFor();
  });

  it('an admin creates a group and a queue with a condition and a pool; a matching text is offered to the group only', async () => {
    const stamp = Date.now() % 1e6;
    const gia = await newAgent(`Gia Spanish ${stamp}`);
    const hal = await newAgent(`Hal Other ${stamp}`);
    const page = await newPage();
    const ada = await newAgent('Ada Admin', 'admin');
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();

    // Groups and members.
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    const groupDialog = page.getByRole('dialog', { name: 'New group' });
    await groupDialog.getByRole('textbox', { name: 'Name' }).fill(`Spanish speakers ${stamp}`);
    await groupDialog.getByLabel('Members').fill('Gia');
    await page.getByRole('option', { name: `Gia Spanish ${stamp}` }).click();
    await groupDialog.getByRole('textbox', { name: 'SMS capacity' }).fill('2');
    await groupDialog.getByRole('button', { name: 'Create' }).click();
    await groupDialog.waitFor({ state: 'detached' });
    const groupRow = page.getByRole('table', { name: 'Groups' }).getByRole('row', { name: new RegExp(`Spanish speakers ${stamp}`) });
    await groupRow.getByText(`Gia Spanish ${stamp}`).waitFor();
    await groupRow.getByText('SMS 2').waitFor();
    await page.mouse.move(0, 790);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-groups.png') });

    // A queue for one requester's texts, offered to the group only.
    const requester = uniqueNumber();
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('button', { name: 'New queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New queue' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(`Spanish ${stamp}`);
    await dialog.getByText('Conversations matching a condition').click();
    const condition = dialog.getByRole('textbox', { name: 'Condition (JSON)' });
    // The api checks the condition and says which part is wrong.
    await condition.fill(JSON.stringify({ field: 'requesterNumber', op: 'in', value: requester }));
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('alert').getByText(/in needs a list of values/).waitFor();
    await condition.fill(JSON.stringify({ any: [{ field: 'requesterNumber', op: 'eq', value: requester }, { field: 'context.language', op: 'eq', value: 'spanish' }] }, null, 2));
    await dialog.getByText(`Reads: requester number is “${requester}” or language (captured) is “spanish”`).waitFor();
    await dialog.getByRole('textbox', { name: 'Target wait (seconds)' }).fill('60');
    // a new queue starts with the default group for new agents (everyone here); this one is for Gia's group only.
    await dialog.getByText('Test SMS agents').waitFor();
    await dialog.getByRole('button', { name: 'Remove pool 1' }).click();
    await dialog.getByRole('alert').getByText('No agent groups: nobody will be offered this queue’s work').waitFor();
    await dialog.getByRole('button', { name: 'Add pool' }).click();
    await dialog.getByLabel('Pool 1 groups').click();
    await page.getByRole('option', { name: `Spanish speakers ${stamp}` }).click();
    await dialog.getByRole('heading', { name: 'New queue' }).click(); // closes the options
    await page.setViewportSize({ width: 1280, height: 2000 }); // the whole dialog in one picture
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-queue-dialog.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const queues = page.getByRole('table', { name: 'Queues' });
    const row = queues.getByRole('row', { name: new RegExp(`Spanish ${stamp}`) });
    await row.getByText(`Spanish speakers ${stamp}`).waitFor();
    await row.getByText('24×7').waitFor();
    // moved to the top, it is evaluated first.
    await queues.getByRole('button', { name: `Move Spanish ${stamp} up` }).click();
    await page.waitForTimeout(500);
    for (let i = 0; i < 5 && !(await queues.getByRole('row').nth(1).innerText()).includes(`Spanish ${stamp}`); i++) {
      await queues.getByRole('button', { name: `Move Spanish ${stamp} up` }).click();
      await page.waitForTimeout(500);
    }
    assert.match(await queues.getByRole('row').nth(1).innerText(), new RegExp(`Spanish ${stamp}`));
    await page.mouse.move(0, 790);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-queues.png'), fullPage: true });

    // Hal is Available too, but only Gia's group is in the pool.
    await setPresence(hal, 'available');
    await setPresence(gia, 'available');
    await t.parley.text(requester, 'Hola');
    await t.parley.acceptOfferFor(gia, requester);
    const interaction = await t.parley.interactionFor(requester);
    assert.match(String(interaction?.queue_id), /.+/);
    const q = await t.parley.db('queues').where({ id: interaction?.queue_id }).first('name');
    assert.equal(q.name, `Spanish ${stamp}`);

    // Channels and capacities: an agent's own override.
    await page.getByRole('link', { name: 'Channels & capacities' }).click();
    await page.getByRole('button', { name: `Capacities of Hal Other ${stamp}` }).click();
    const caps = page.getByRole('dialog', { name: `Capacities of Hal Other ${stamp}` });
    await caps.getByRole('textbox', { name: 'SMS capacity' }).fill('3');
    await caps.getByRole('textbox', { name: 'Universal capacity' }).fill('5');
    await caps.getByRole('button', { name: 'Save' }).click();
    await caps.waitFor({ state: 'detached' });
    const halRow = page.getByRole('table', { name: 'Agent capacities' }).getByRole('row', { name: new RegExp(`Hal Other ${stamp}`) });
    await halRow.getByText('0 / 3').waitFor();
    await halRow.getByText('0 / 5').waitFor();
    await page.mouse.move(0, 790);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-capacities.png') });
    // Routing settings (RSN-1, PRS-5).
    await page.getByRole('link', { name: 'Routing settings' }).click();
    await page.getByRole('switch', { name: /Reassign an agent’s conversations/ }).click({ force: true });
    await page.getByRole('textbox', { name: /Offline after the Workspace closes/ }).fill('120');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Routing settings saved').waitFor();
    const settings = await t.parley.request('GET', '/api/admin/routing-settings', { token: ada.token });
    assert.deepEqual(settings.body, { reassignWhenAgentUnavailable: true, offlineGraceSeconds: 120 });
    await t.parley.request('PUT', '/api/admin/routing-settings', { token: ada.token, body: { reassignWhenAgentUnavailable: false, offlineGraceSeconds: 300 } });
    // Put the queue out of the way of the other tests' texts.
    await page.getByRole('link', { name: 'Queues' }).click();
    await row.getByRole('switch', { name: `Spanish ${stamp} is active` }).click({ force: true });
    await row.getByRole('switch', { name: `Spanish ${stamp} is active`, checked: false }).waitFor({ state: 'attached' });
  });
  it('VA-14 an admin gives a queue’s wait trigger and its max wait a virtual agent topic: the requester will leave the queue for it', async () => {
    const ada = await newAgent('Vera Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('button', { name: 'New queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New queue' });
    const name = `Topic trigger ${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Add a text while waiting' }).click();
    await dialog.getByRole('textbox', { name: 'Text 1', exact: true }).fill('Still busy. Meanwhile our virtual agent can help.');
    await dialog.getByLabel('Text 1: then a topic').click();
    await page.getByRole('option', { name: 'Order status' }).click();
    await dialog.getByRole('textbox', { name: 'Max wait (seconds)' }).fill('900');
    await dialog.getByLabel('After the max wait, a topic').click();
    await page.getByRole('option', { name: 'Opening hours' }).click();
    await page.setViewportSize({ width: 1280, height: 1500 }); // the whole dialog in one picture
    await dialog.getByRole('button', { name: 'Add a text while waiting' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-queue-trigger-topic.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = await eventually('the queue saved', async () =>
      (await t.parley.request<{ name: string; waitTriggers: unknown[]; maxWaitTopicId?: string }[]>('GET', '/api/admin/queues', { token: ada.token })).body.find((q) => q.name === name));
    assert.equal(saved.maxWaitTopicId, 'opening_hours');
    assert.deepEqual(saved.waitTriggers, [{ afterSeconds: 300, text: 'Still busy. Meanwhile our virtual agent can help.', topicId: 'order_status' }]);
  });
});
