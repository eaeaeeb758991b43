import assert from 'node:assert/strict';
import path from 'node:path';
import { parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually, uniqueNumber } from '../support/parley';

// SPEC §9 in the Workspace: an admin sets a company number's quiet hours, zone and rate; an agent sees a held text.
interface CompanyNumber { number: string; quietHours: { start: string; end: string } | null; timeZone: string | null; ratePerSecond: number }

describe('quiet hours and sending rate in Chromium (SPEC §9)', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);

  it('SPEC §9 an admin turns quiet hours on, moves the window, picks the zone and the rate; the api has them', async () => {
    const admin = await newAgent('Ada Admin', 'admin');
    const page = await newPage();
    await signIn(page, t.parley.url, admin);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('link', { name: 'Company numbers' }).click();
    const number = t.parley.companyNumber;
    const toggle = page.getByRole('switch', { name: `Quiet hours for ${number}` });
    assert.equal(await toggle.isChecked(), false, 'the test line starts without quiet hours');
    await toggle.click({ force: true });
    const saved = async () => (await t.parley.request<CompanyNumber[]>('GET', '/api/admin/company-numbers', { token: admin.token })).body.find((c) => c.number === number)!;
    // Issue 25: nothing is saved until Save, which says so.
    const save = page.getByRole('button', { name: `Save ${number}` });
    await save.click();
    await page.getByText(`${number} saved`).first().waitFor();
    await eventually('quiet hours on with the default window', async () => JSON.stringify((await saved()).quietHours) === JSON.stringify({ start: '21:00', end: '08:00' }));

    await page.getByLabel(`Quiet hours of ${number} start`).fill('22:30');
    await page.getByRole('combobox', { name: `Time zone of ${number}` }).fill('America/Chic');
    await page.getByRole('option', { name: 'America/Chicago' }).click();
    const rate = page.getByRole('textbox', { name: `Texts per second from ${number}` });
    await rate.fill('3');
    await rate.press('Tab');
    assert.equal((await saved()).quietHours?.start, '21:00', 'leaving a field saves nothing');
    await save.click();
    await page.getByText('Changed: quiet hours, time zone, texts per second.').waitFor();
    await eventually('the new start, zone and rate saved', async () => {
      const n = await saved();
      return n.quietHours?.start === '22:30' && n.timeZone === 'America/Chicago' && n.ratePerSecond === 3;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'company-numbers.png') });
    await t.parley.request('PATCH', `/api/admin/company-numbers/${encodeURIComponent(number)}`, { token: admin.token, body: { quietHours: null, ratePerSecond: 100, timeZone: null } });
  });

  it('SPEC §9 the agent sees the prompt held for the requester’s quiet hours, and the countdown to when it goes', async () => {
    const admin = await newAgent('Ada Admin', 'admin');
    const now = Date.now();
    const utc = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    // Night for the next hour and more (UTC; the test requester's US number takes the company number's zone).
    await t.parley.request('PATCH', `/api/admin/company-numbers/${encodeURIComponent(t.parley.companyNumber)}`, {
      token: admin.token, body: { quietHours: { start: utc(now - 3600_000), end: utc(now + 2 * 3600_000) }, timeZone: 'UTC' },
    });
    const action = await t.parley.request<{ id: string }>('POST', '/api/admin/messaging-actions', {
      token: admin.token,
      body: { name: 'Still there', active: true, event: 'agent_message_without_requester_response', durationSeconds: 1, condition: {}, action: 'prompt_requester', promptText: 'Are you still there?' },
    });
    try {
      const agent = await newAgent('Ana Agent');
      const page = await newPage();
      await signIn(page, t.parley.url, agent);
      await page.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
      await page.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
      const requester = uniqueNumber();
      await t.parley.text(requester, 'My parcel is late');
      await page.getByRole('button', { name: `Accept offer from ${requester}` }).click();
      const transcript = page.getByRole('log', { name: `Transcript with ${requester}` });
      await transcript.getByText('My parcel is late').waitFor();
      await page.getByRole('textbox', { name: `Reply to ${requester}` }).fill('Let me check the tracking.');
      await page.getByRole('button', { name: 'Send' }).click();
      await transcript.getByText('Are you still there?').waitFor({ timeout: 20_000 });
      await transcript.getByText(/Held for the requester’s quiet hours until/).waitFor({ timeout: 20_000 });
      await page.getByText(/Held text goes in/).waitFor({ timeout: 20_000 });
      assert.equal(t.parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === 'Are you still there?').length, 0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'quiet-hours-held.png') });
    } finally {
      await t.parley.request('DELETE', `/api/admin/messaging-actions/${action.body.id}`, { token: admin.token });
      await t.parley.request('PATCH', `/api/admin/company-numbers/${encodeURIComponent(t.parley.companyNumber)}`, { token: admin.token, body: { quietHours: null } });
    }
  });
});
