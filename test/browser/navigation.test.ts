import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually, uniqueMobileNumber } from '../support/parley';
import type { CompanyNumber, VaTopics } from '../../web/src/workspace/shared/api';

const TEMPORAL_UI = 'http://127.0.0.1:8233';

// Issue 25: the Workspace's pages as addresses (Admin and Manager real pages), what an unknown address or a page a
// role may not open shows, explicit saves with a confirmation, the topic form and the Manager's Temporal UI links.
describe('Workspace navigation, Admin and Manager pages (issue 25)', function () {
  this.timeout(180_000);
  const t = parleyInChromium({ env: { TEMPORAL_UI_URL: TEMPORAL_UI } });
  const { newPage, newAgent } = perTestPagesAndAgents(t);
  const pathOf = (page: Page) => new URL(page.url()).pathname;
  const current = (page: Page) => page.locator('nav[aria-label="Admin pages"] [aria-current="page"]');

  it('issue 25: each Admin page has its own address; Back, Forward, a reload and a shared link keep it; the side navigation is one column at 1280 px', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.waitForURL('**/admin/virtual-agent');
    await page.getByRole('region', { name: 'Virtual agent topics' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Admin pages' });
    const expected: [string, string][] = [
      ['Virtual agent topics', '/admin/virtual-agent'], ['System texts', '/admin/system-texts'], ['Company numbers', '/admin/company-numbers'],
      ['Messaging actions', '/admin/messaging-actions'], ['Compose', '/admin/compose'], ['Queues', '/admin/queues'], ['Groups', '/admin/groups'],
      ['Channels & capacities', '/admin/capacities'], ['Routing settings', '/admin/routing-settings'], ['Users', '/admin/users'], ['Away reasons', '/admin/away-reasons'],
    ];
    const links = nav.getByRole('link');
    assert.equal(await links.count(), expected.length, 'every Admin page is in the navigation');
    for (const [name, href] of expected) assert.equal(await nav.getByRole('link', { name, exact: true }).getAttribute('href'), href, name);

    // No wrapping: one column, each item below the previous one, at the same left edge, all within the window.
    const boxes = await Promise.all(expected.map(([name]) => nav.getByRole('link', { name, exact: true }).boundingBox()));
    for (let i = 1; i < boxes.length; i++) {
      assert.equal(Math.round(boxes[i]!.x), Math.round(boxes[0]!.x), `${expected[i][0]} is in the same column`);
      assert.ok(boxes[i]!.y > boxes[i - 1]!.y, `${expected[i][0]} is below ${expected[i - 1][0]}`);
    }
    assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true, 'nothing overflows 1280 px');
    const signOut = (await page.getByRole('button', { name: 'Sign out' }).boundingBox())!;
    assert.ok(signOut.x + signOut.width <= 1280, `the header fits in 1280 px with the page navigation (Sign out ends at ${signOut.x + signOut.width})`);

    await nav.getByRole('link', { name: 'Queues' }).click();
    await page.waitForURL('**/admin/queues');
    await page.getByRole('table', { name: 'Queues' }).waitFor();
    await nav.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/admin/users');
    await page.getByRole('table', { name: 'Users' }).waitFor();
    assert.equal(await current(page).innerText(), 'Users');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-nav-admin-side-nav.png') });

    await page.goBack();
    await page.waitForURL('**/admin/queues');
    await page.getByRole('table', { name: 'Queues' }).waitFor();
    assert.equal(await current(page).innerText(), 'Queues', 'Back marks the page it went back to');
    await page.goForward();
    await page.getByRole('table', { name: 'Users' }).waitFor();
    await page.reload();
    await page.getByRole('table', { name: 'Users' }).waitFor();
    assert.equal(pathOf(page), '/admin/users', 'a reload keeps the page');

    // A shared link opens its page directly; the header marks the page and leads back to the Workspace.
    await page.goto(`${t.parley.url}/admin/company-numbers`);
    await page.getByRole('form', { name: `Company number ${t.parley.companyNumber}` }).waitFor();
    const header = page.getByRole('navigation', { name: 'Pages' });
    assert.equal(await header.getByRole('link', { name: 'Admin', exact: true }).getAttribute('aria-current'), 'page');
    await header.getByRole('link', { name: 'Workspace', exact: true }).click();
    await page.waitForURL(`${t.parley.url}/`);
    await page.getByRole('tab', { name: /^Inbox/ }).waitFor();
    assert.equal(await header.getByRole('link', { name: 'Workspace', exact: true }).getAttribute('aria-current'), 'page');
    await page.goBack();
    await page.getByRole('form', { name: `Company number ${t.parley.companyNumber}` }).waitFor();
  });

  it('issue 25: an unknown address shows a not-found page and a page the role may not open a not-allowed page, each leading back; the agent never downloads them', async () => {
    const agent = await newAgent('Alex Agent');
    const page = await newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await signIn(page, t.parley.url, agent);
    assert.equal(await page.getByRole('navigation', { name: 'Pages' }).count(), 0, 'an agent has one page: no page navigation');

    await page.goto(`${t.parley.url}/admin/users`);
    await page.getByRole('heading', { name: 'You cannot open this page' }).waitFor();
    await page.getByText('The Admin page is for admins.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-nav-not-allowed.png') });
    await page.goto(`${t.parley.url}/manager`);
    await page.getByText('The Manager page is for managers and admins.').waitFor();
    await page.getByRole('link', { name: 'Back to the Workspace' }).click();
    await page.waitForURL(`${t.parley.url}/`);
    await page.getByRole('tab', { name: /^Inbox/ }).waitFor();
    assert.deepEqual(scripts.filter((s) => /AdminPage|ManagerPage/.test(s)), [], 'the Admin and Manager code is not loaded for an agent');

    await page.goto(`${t.parley.url}/reports`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByText('/reports', { exact: true }).waitFor();

    const ada = await newAgent('Ada Admin', 'admin');
    const admin = await newPage();
    await signIn(admin, t.parley.url, ada);
    await admin.goto(`${t.parley.url}/admin/nope`);
    await admin.getByRole('heading', { name: 'Page not found' }).waitFor();
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'i25-nav-not-found.png') });
    await admin.getByRole('link', { name: 'Back to the Workspace' }).click();
    await admin.getByRole('tab', { name: /^Inbox/ }).waitFor();

    // The server: every client address is the Workspace's page; an unknown /api address stays a JSON 404.
    for (const address of ['/admin/users', '/manager', '/reports']) {
      const res = await fetch(`${t.parley.url}${address}`);
      assert.equal(res.status, 200, address);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/, address);
    }
    const chunk = await fetch(`${t.parley.url}/assets/AdminPage-gone.js`);
    assert.equal(chunk.status, 404, 'a built file that is not there is a 404, not the page served as JavaScript');
    const api = await t.parley.request<{ error: { code: string } }>('GET', '/api/nope', { token: ada.token });
    assert.equal(api.status, 404);
    assert.equal(api.body.error.code, 'not_found');
  });

  it('issue 25: an Admin page whose code cannot load says so and offers a reload, the header still there', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.route('**/assets/AdminPage-*.js', (route) => route.abort());
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('heading', { name: 'This page could not be loaded' }).waitFor();
    await page.getByRole('button', { name: 'Reload' }).waitFor();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Workspace', exact: true }).waitFor();
  });

  it('issue 25: a company number changes only on Save, which confirms what changed', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.goto(`${t.parley.url}/admin/company-numbers`);
    const number = t.parley.companyNumber;
    const saved = async () => (await t.parley.request<CompanyNumber[]>('GET', '/api/admin/company-numbers', { token: ada.token })).body.find((c) => c.number === number)!;
    const before = (await saved()).displayName;
    const name = page.getByRole('textbox', { name: `Display name of ${number}` });
    const box = await name.boundingBox();
    assert.ok(box!.width >= 250, `the display name field is wide enough to read (${box!.width} px)`);
    await name.fill('Support line (renamed)');
    await name.press('Tab');
    await page.getByRole('button', { name: 'Undo changes' }).waitFor();
    assert.equal((await saved()).displayName, before, 'leaving the field saves nothing');

    await page.getByRole('button', { name: `Save ${number}` }).click();
    await page.getByText(`${number} saved`).waitFor();
    await page.getByText('Changed: display name.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-nav-company-numbers.png') });
    assert.equal((await saved()).displayName, 'Support line (renamed)');
    assert.equal(await page.getByRole('button', { name: `Save ${number}` }).isDisabled(), true, 'nothing left to save');
    await t.parley.request('PATCH', `/api/admin/company-numbers/${encodeURIComponent(number)}`, { token: ada.token, body: { displayName: before } });
  });

  it('issue 25: the topic form adds a step to a topic, shows the api’s error beside the field, and saves', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.goto(`${t.parley.url}/admin/virtual-agent`);
    await page.getByRole('status', { name: /^Saved version \d+$/ }).waitFor();
    const versionBefore = (await t.parley.request<VaTopics>('GET', '/api/admin/virtual-agent/topics', { token: ada.token })).body.version;

    await page.getByRole('button', { name: 'Topic Opening hours' }).click();
    const topic = page.getByRole('group', { name: 'Topic Opening hours' });
    const stepsBefore = await topic.getByRole('group', { name: /^Step \d+$/ }).count();
    await topic.getByRole('button', { name: 'Add step to Opening hours' }).click();
    const added = topic.getByRole('group', { name: `Step ${stepsBefore + 1}` });
    await added.waitFor();
    // Move it first: the topic then starts with it.
    for (let i = stepsBefore; i > 0; i--) await topic.getByRole('button', { name: `Move Step ${i + 1} up` }).click();
    const first = topic.getByRole('group', { name: 'Step 1' });
    assert.equal(await first.getByRole('textbox', { name: 'Step 1: id' }).inputValue(), `step_${stepsBefore + 1}`);

    // Saved with its text empty: the api's message for that path shows under the field.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').getByText(/topics\[1\]\.steps\[0\]\.text: must not be empty/).waitFor();
    await first.getByText('must not be empty').waitFor();

    await first.getByRole('textbox', { name: 'Step 1: text' }).fill('Good question!');
    await first.getByRole('textbox', { name: 'Step 1: text' }).press('Tab');
    await first.getByText('must not be empty').waitFor({ state: 'detached' });
    await first.getByRole('combobox', { name: 'Step 1: Then' }).click();
    await page.getByRole('option', { name: 'Step hours' }).click();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-nav-topic-form.png') });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Version \d+ now answers new texts\./).waitFor();
    const after = (await t.parley.request<VaTopics>('GET', '/api/admin/virtual-agent/topics', { token: ada.token })).body;
    assert.ok(after.version > versionBefore);
    const hours = (after.document as { topics: { id: string; steps: Record<string, unknown>[] }[] }).topics.find((x) => x.id === 'opening_hours')!;
    assert.deepEqual(hours.steps[0], { id: `step_${stepsBefore + 1}`, type: 'text', text: 'Good question!', next: 'hours' });
  });

  it('issue 25: the Manager view names the requester and links each conversation to its workflow in the Temporal UI', async () => {
    const requester = uniqueMobileNumber();
    const person = await t.parley.createAgent('agent');
    await t.parley.db('users').where({ id: person.id }).update({ name: 'Rita Requester', mobile_phone: requester });
    await t.parley.text(requester, 'Where is my parcel?');
    const interaction = await eventually('the conversation', () => t.parley.interactionFor(requester));

    const mia = await newAgent('Mia Manager', 'manager');
    const page = await newPage();
    await signIn(page, t.parley.url, mia);
    await page.getByRole('link', { name: 'Manager', exact: true }).click();
    await page.waitForURL('**/manager');
    const row = page.getByRole('table', { name: 'Active conversations' }).getByRole('row', { name: new RegExp(requester.replace('+', '\\+')) });
    await row.getByText('Rita Requester').waitFor();
    const link = row.getByRole('link', { name: /Open in Temporal UI/ });
    assert.equal(await link.getAttribute('href'), `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(String(interaction.workflow_id))}`);
    assert.equal(await link.getAttribute('target'), '_blank');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-nav-manager.png') });

    // The header marks the page and is the way back.
    const header = page.getByRole('navigation', { name: 'Pages' });
    assert.equal(await header.getByRole('link', { name: 'Manager', exact: true }).getAttribute('aria-current'), 'page');
    await header.getByRole('link', { name: 'Workspace', exact: true }).click();
    await page.getByRole('tab', { name: /^Inbox/ }).waitFor();

    const agent = await newAgent('Alex Agent');
    const me = await t.parley.request<{ temporalWorkflowsUrl: string | null }>('GET', '/api/me', { token: agent.token });
    assert.equal(me.body.temporalWorkflowsUrl, null, 'agents are not given the Temporal UI');
  });
});
