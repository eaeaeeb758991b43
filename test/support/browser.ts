// Browser tests drive Debian's Chromium with playwright-core against the built Workspace and phones page.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_PATH, INSTALL_COMMAND } from './ensure-chromium';
import { startParley, type Agent, type Parley, type ParleyOptions } from './parley';

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');

/**
 * A missing browser fails the suite everywhere (a skipped browser suite would pass silently); `npm test` installs
 * Chromium first when it can (test/support/ensure-chromium.ts).
 */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: ${INSTALL_COMMAND}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

/** Builds web/dist when it is missing or older than its sources (about two seconds). */
export async function ensureWebBuild(): Promise<void> {
  const sources = [path.join(WEB, 'src'), path.join(WEB, 'index.html'), path.join(WEB, 'phones.html'), path.join(WEB, 'vite.config.mts'), path.join(ROOT, 'package-lock.json')];
  if (fs.existsSync(BUILT) && fs.statSync(BUILT).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  process.stderr.write('  [browser] building web/ with Vite\n');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], { cwd: ROOT });
}

/** Presses Tab until `target` has the keyboard focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  // attached, not visible: styled radio buttons keep their (focusable) input visually hidden.
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return;
  }
  throw new Error(`${maxPresses} presses of Tab never reached ${target.toString()}`);
}

export async function isFocused(target: Locator): Promise<boolean> {
  // The callback runs in the page; the root tsconfig has no DOM types, hence ownerDocument.
  return target.evaluate((el) => el === el.ownerDocument.activeElement);
}

/**
 * Where the browser tests save their screenshots: `.data/screenshots/` (gitignored) on every run, so a test run leaves
 * the tree clean; `UPDATE_SCREENSHOTS=1 npm test` writes the README's images in `docs/screenshots/` instead.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, '.data', 'screenshots');
fs.mkdirSync(SCREENSHOTS, { recursive: true });

/** Signs in on the Workspace the way a person does, and waits for the presence selector. */
export async function signIn(page: Page, url: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('radiogroup', { name: 'Presence' }).waitFor();
}

/** Opens the virtual phones page on `page` and adds (and shows) the phone with `number`, as a person does. */
export async function openVirtualPhone(page: Page, simulatorUrl: string, number: string): Promise<void> {
  await page.goto(`${simulatorUrl}/`);
  await page.getByLabel('New phone number').fill(number);
  await page.getByRole('button', { name: 'Add phone' }).click();
  await page.getByRole('heading', { name: number }).waitFor();
}

/**
 * Registers the suite's hooks: a Parley and Chromium started before it (failed when Chromium is missing) and
 * stopped after it. Read `parley` and `browser` from the returned object once `before` has run.
 */
export function parleyInChromium(opts: ParleyOptions = {}): { parley: Parley; browser: Browser } {
  const started = {} as { parley: Parley; browser: Browser };
  before(async () => {
    requireChromium();
    await ensureWebBuild();
    [started.parley, started.browser] = await Promise.all([startParley(opts), launchChromium()]);
  });
  after(async () => {
    await started.browser?.close();
    await started.parley?.stop();
  });
  return started;
}

export const LAPTOP = { width: 1280, height: 800 };

/**
 * Pages and named agents for one test each: after every test the agents go Offline (an Available agent would be
 * offered the next test's texts) and the pages' browser contexts close.
 */
export function perTestPagesAndAgents(t: { parley: Parley; browser: Browser }) {
  const contexts: BrowserContext[] = [];
  const agents: Agent[] = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) await t.parley.request('PUT', '/api/me/presence', { token: a.token, body: { status: 'offline' } });
    for (const c of contexts.splice(0)) await c.close();
  });
  return {
    newPage: async (): Promise<Page> => {
      const context = await t.browser.newContext({ viewport: LAPTOP });
      contexts.push(context);
      return context.newPage();
    },
    newAgent: async (name: string, role: Agent['role'] = 'agent'): Promise<Agent> => {
      const agent = await t.parley.createAgent(role);
      await t.parley.db('users').where({ id: agent.id }).update({ name });
      agents.push(agent);
      return agent;
    },
  };
}
