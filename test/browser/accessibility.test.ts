// axe-core on every page a person uses: sign-in, the Inbox with an offer, a conversation, Compose, the Manager view,
// every Admin page and the virtual phones. A serious or critical violation fails with its rule, impact and elements.
import assert from 'node:assert/strict';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { openVirtualPhone, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { uniqueNumber, type Agent } from '../support/parley';

async function assertNoSeriousViolations(page: Page, where: string): Promise<void> {
  // Loaders and fade-ins settle first: axe reads colours mid-transition as low contrast.
  await page.locator('.mantine-Loader-root').first().waitFor({ state: 'detached' });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = serious.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.any[0]?.message ?? v.help}`));
  assert.deepEqual(described, [], `${where}: ${described.length} serious or critical accessibility violations:\n${described.join('\n')}`);
}

/**
 * The Admin pages by their visible names, as tabs or as navigation links (whichever the Admin page uses), so the
 * test reads the page's own list rather than a copy of it.
 */
async function adminPages(page: Page): Promise<{ name: string; open(): Promise<void> }[]> {
  const tabs = page.locator('[aria-label="Administration"]').getByRole('tab');
  const links = page.getByRole('navigation', { name: /Admin/ }).getByRole('link');
  await tabs.or(links).first().waitFor();
  const items = (await tabs.count()) > 0 ? tabs : links;
  const names = (await items.allInnerTexts()).map((text) => text.trim());
  return names.map((name) => ({
    name,
    async open() {
      const item = items.filter({ hasText: name }).first();
      await item.click();
      await page.getByRole('tab', { name, selected: true }).or(page.getByRole('link', { name, exact: true }).and(page.locator('[aria-current]'))).first().waitFor();
    },
  }));
}

describe('accessibility (axe-core) and the keyboard', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);

  async function signedIn(agent: Agent): Promise<Page> {
    const page = await newPage();
    await signIn(page, t.parley.url, agent);
    return page;
  }

  async function goAvailable(page: Page): Promise<void> {
    await page.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
    await page.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
  }

  it('issue 25: the sign-in page has no serious or critical accessibility violation', async () => {
    const page = await newPage();
    await page.goto(t.parley.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await assertNoSeriousViolations(page, 'sign-in');
  });

  it('issue 25: the Inbox with an offer, an open conversation and the Compose dialog have no serious or critical accessibility violation', async () => {
    const page = await signedIn(await newAgent('Alex Agent'));
    await goAvailable(page);
    const requester = uniqueNumber();
    await t.parley.text(requester, 'My parcel has not arrived');
    const card = page.getByRole('article', { name: requester });
    await card.getByText('My parcel has not arrived').waitFor();
    await assertNoSeriousViolations(page, 'Inbox with an offer');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-quiet-inbox-contrast.png') });

    await card.getByRole('button', { name: `Accept offer from ${requester}` }).click();
    await page.getByRole('log', { name: `Transcript with ${requester}` }).getByText('My parcel has not arrived').waitFor();
    await assertNoSeriousViolations(page, 'an open conversation');

    await page.getByRole('button', { name: 'Compose SMS' }).click();
    await page.getByRole('dialog', { name: 'Compose SMS' }).waitFor();
    await assertNoSeriousViolations(page, 'the Compose dialog');
  });

  it('issue 25: the Manager view has no serious or critical accessibility violation', async () => {
    const page = await signedIn(await newAgent('Mia Manager', 'manager'));
    await page.getByRole('button', { name: 'Manager' }).or(page.getByRole('link', { name: 'Manager' })).first().click();
    await page.getByRole('table', { name: /Agents/ }).waitFor();
    await assertNoSeriousViolations(page, 'Manager view');
  });

  it('issue 25: every Admin page has no serious or critical accessibility violation', async () => {
    const page = await signedIn(await newAgent('Ada Admin', 'admin'));
    await page.getByRole('button', { name: 'Admin' }).or(page.getByRole('link', { name: 'Admin' })).first().click();
    const pages = await adminPages(page);
    assert.ok(pages.length >= 10, `only ${pages.length} Admin pages found: ${pages.map((p) => p.name).join(', ')}`);
    const failures: string[] = [];
    for (const admin of pages) {
      await admin.open();
      await assertNoSeriousViolations(page, `Admin → ${admin.name}`).catch((err: Error) => failures.push(err.message));
    }
    assert.deepEqual(failures, [], failures.join('\n\n'));
  });

  it('issue 25: the virtual phones page, with a thread, has no serious or critical accessibility violation', async () => {
    const page = await newPage();
    const number = uniqueNumber();
    await openVirtualPhone(page, t.parley.sim.url, number);
    await page.getByRole('textbox', { name: 'Text message' }).fill('Hello there');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log', { name: `Messages on ${number}` }).getByText('Received by Parley').waitFor();
    await assertNoSeriousViolations(page, 'virtual phones');
  });

  it('issue 25: every control on the Inbox with an offer is reachable with the Tab key', async () => {
    const page = await signedIn(await newAgent('Kim Keyboard'));
    await goAvailable(page);
    const requester = uniqueNumber();
    await t.parley.text(requester, 'Can a keyboard reach everything?');
    await page.getByRole('article', { name: requester }).getByText('Can a keyboard reach everything?').waitFor();

    // What Tab should reach: enabled, visible, not taken out of the order; one radio a group and one tab a tab list
    // (arrow keys move within them).
    const expected = (await page.evaluate(`(() => {
      const all = [...document.querySelectorAll('a[href], button, input, textarea, select, [tabindex]')];
      const reachable = all.filter((el) => {
        if (el.disabled || el.tabIndex < 0 || el.closest('[inert], [aria-hidden="true"]')) return false;
        if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') return false;
        if (el.type === 'radio' && !el.checked && document.querySelector('input[type=radio][name="' + el.name + '"]:checked')) return false;
        return true;
      });
      reachable.forEach((el, i) => el.setAttribute('data-tab-check', String(i)));
      return reachable.map((el) => el.tagName.toLowerCase() + ' "' + (el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 40)) + '"');
    })()`)) as string[];
    assert.ok(expected.length > 5, expected.join('\n'));

    const reached = new Set<number>();
    for (let i = 0; i < expected.length * 2 + 10; i++) {
      await page.keyboard.press('Tab');
      const mark = (await page.evaluate("document.activeElement?.closest('[data-tab-check]')?.getAttribute('data-tab-check') ?? null")) as string | null;
      if (mark !== null) reached.add(Number(mark));
    }
    const missed = expected.filter((_, i) => !reached.has(i));
    assert.deepEqual(missed, [], `not reachable with Tab:\n${missed.join('\n')}`);
  });
});
