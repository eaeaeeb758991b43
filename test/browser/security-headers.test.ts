import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { parleyInChromium, signIn } from '../support/browser';

describe('security headers in Chromium (issue 12)', function () {
  this.timeout(120_000);
  const t = parleyInChromium({ worker: 'none' });

  /** A page that records every CSP violation: the browser's console report and the DOM event both. */
  async function watchedPage(): Promise<{ page: Page; violations: string[]; close(): Promise<void> }> {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
    await page.exposeFunction('reportViolation', (v: string) => violations.push(`event: ${v}`));
    // Runs before the page's own scripts, outside its CSP (added by the browser, not by the page).
    await page.addInitScript(() => {
      const w = globalThis as unknown as { document: { addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void }; reportViolation(v: string): void };
      w.document.addEventListener('securitypolicyviolation', (e) => w.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return { page, violations, close: () => context.close() };
  }

  it('the Workspace loads, signs in and shows presence with its CSP and no violation', async () => {
    const agent = await t.parley.createAgent();
    const { page, violations, close } = await watchedPage();
    try {
      const res = await page.goto(t.parley.url);
      const csp = res?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.equal(res?.headers()['x-content-type-options'], 'nosniff');
      await signIn(page, t.parley.url, agent);
      await page.getByRole('radiogroup', { name: 'Presence' }).getByText('Available').click();
      await page.getByRole('radio', { name: 'Available', checked: true }).waitFor({ state: 'attached' });
      assert.deepEqual(violations, []);
    } finally {
      await t.parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
      await close();
    }
  });

  it('the virtual phones page loads and adds a phone with its CSP and no violation', async () => {
    const { page, violations, close } = await watchedPage();
    try {
      const res = await page.goto(`${t.parley.sim.url}/`);
      const csp = res?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.equal(res?.headers()['x-content-type-options'], 'nosniff');
      assert.equal(res?.headers()['referrer-policy'], 'same-origin');
      await page.getByLabel('New phone number').fill('+14155550199');
      await page.getByRole('button', { name: 'Add phone' }).click();
      await page.getByRole('heading', { name: '+14155550199' }).waitFor();
      assert.deepEqual(violations, []);
    } finally {
      await close();
    }
  });

  it('a violation would be seen: an inline script on the Workspace is refused and reported', async () => {
    const { page, violations, close } = await watchedPage();
    try {
      await page.goto(t.parley.url);
      await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { appendChild(n: unknown): void } } }).document;
        const s = d.createElement('script');
        s.textContent = 'window.inlineRan = true';
        d.body.appendChild(s);
      });
      await page.waitForTimeout(200);
      assert.ok(violations.some((v) => /script-src/.test(v)), `no violation seen: ${JSON.stringify(violations)}`);
    } finally {
      await close();
    }
  });
});
