import assert from 'node:assert/strict';
import path from 'node:path';
import { parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually } from '../support/parley';

// SPEC §17: Q-5 (the Admin page warns on a queue with no agent groups) and PRS-2 (admin-defined away reasons, picked
// beside Away and read by managers).
describe('queue groups and away reasons in the Workspace (Q-5, PRS-2)', function () {
  this.timeout(120_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);

  it('Q-5: Admin → Queues warns on a queue with no agent groups; a new queue starts with the default group', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const stamp = Date.now() % 1e6;
    const q = await t.parley.request<{ id: string; noAgentGroups: boolean }>('POST', '/api/admin/queues', {
      token: ada.token, body: { name: `Escalations ${stamp}`, position: 20, condition: { field: 'context.topic', op: 'eq', value: 'escalation' }, pools: [] },
    });
    assert.equal(q.status, 201, JSON.stringify(q.body));
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Queues' }).click();
    const queues = page.getByRole('table', { name: 'Queues' });
    const warned = queues.getByRole('row', { name: new RegExp(`Escalations ${stamp}`) });
    await warned.getByRole('alert').getByText('No agent groups: nobody will be offered this queue’s work').waitFor();
    const test = queues.getByRole('row', { name: /Test SMS/ });
    await test.getByText('Test SMS agents').waitFor();
    assert.equal(await test.getByRole('alert').count(), 0, 'a queue with a group is not warned about');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-queue-no-groups.png') });

    await page.getByRole('button', { name: 'New queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'New queue' });
    await dialog.getByText('Test SMS agents').waitFor();
    assert.equal(await dialog.getByRole('alert').count(), 0);
    await dialog.getByRole('button', { name: 'Remove pool 1' }).click();
    await dialog.getByRole('alert').getByText('No agent groups: nobody will be offered this queue’s work').waitFor();
  });

  it('PRS-2: an admin adds an away reason; an agent picks it beside Away and gets no offers; the manager sees why', async () => {
    const ada = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, ada);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Away reasons' }).click();
    const table = page.getByRole('table', { name: 'Away reasons' });
    await table.getByRole('row', { name: /Training/ }).waitFor();
    await page.getByRole('button', { name: 'New away reason' }).click();
    const dialog = page.getByRole('dialog', { name: 'New away reason' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Coaching');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    await table.getByRole('row', { name: /Coaching/ }).waitFor();
    await table.getByRole('row', { name: /Break/ }).getByRole('switch', { name: 'Break is active' }).click({ force: true });
    await eventually('Break inactive', async () => {
      const r = await t.parley.request<{ name: string; active: boolean }[]>('GET', '/api/admin/away-reasons', { token: ada.token });
      return r.body.find((x) => x.name === 'Break')?.active === false;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-away-reasons.png') });

    const lena = await newAgent('Lena Lunch');
    const agentPage = await newPage();
    await signIn(agentPage, t.parley.url, lena);
    await agentPage.getByRole('radiogroup', { name: 'Presence' }).getByText('Away').click();
    const reason = agentPage.getByRole('combobox', { name: 'Away reason' });
    await reason.click();
    const options = await agentPage.getByRole('option').allTextContents();
    assert.deepEqual(options, ['Lunch', 'Training', 'Coaching'], 'active reasons, in order (a new one goes last); Break is inactive');
    await agentPage.getByRole('option', { name: 'Lunch' }).click();
    await eventually('Lena Away for lunch', async () => {
      const me = await t.parley.request<{ presence: string; awayReason: { name: string } | null }>('GET', '/api/me', { token: lena.token });
      return me.body.presence === 'away' && me.body.awayReason?.name === 'Lunch';
    });
    await agentPage.screenshot({ path: path.join(SCREENSHOTS, 'presence-away-reason.png'), clip: { x: 420, y: 0, width: 860, height: 64 } });

    const mia = await newAgent('Mia Manager', 'manager');
    const manager = await newPage();
    await signIn(manager, t.parley.url, mia);
    await manager.getByRole('link', { name: 'Manager', exact: true }).click();
    const row = manager.getByRole('table', { name: /Agents/ }).getByRole('row', { name: /Lena Lunch/ });
    await row.getByText('Away · Lunch').waitFor();
  });
});
