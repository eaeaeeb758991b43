// A step of `npm test` (the README's test command): the browser tests need Debian's Chromium, so the same suite runs
// on every machine instead of skipping there. Installs it when missing and we may (root with apt-get); else stops
// the run with the one command to run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INSTALL_COMMAND = "sudo sh -c 'apt-get update && apt-get install -y chromium'";

export type ChromiumPlan = { do: 'nothing' } | { do: 'install' } | { do: 'fail'; message: string };

export function chromiumPlan(m: { path: string; exists: boolean; root: boolean; aptGet: boolean }): ChromiumPlan {
  if (m.exists) return { do: 'nothing' };
  // Debian's package installs /usr/bin/chromium; another CHROMIUM_PATH is the user's own to provide.
  if (m.root && m.aptGet && m.path === '/usr/bin/chromium') return { do: 'install' };
  return { do: 'fail', message: `Chromium is not installed at ${m.path}, and the browser tests need it. Run: ${INSTALL_COMMAND}` };
}

function main(): void {
  const plan = chromiumPlan({ path: CHROMIUM_PATH, exists: fs.existsSync(CHROMIUM_PATH), root: process.getuid?.() === 0, aptGet: fs.existsSync('/usr/bin/apt-get') });
  if (plan.do === 'nothing') return;
  if (plan.do === 'fail') {
    process.stderr.write(`${plan.message}\n`);
    process.exit(1);
  }
  process.stderr.write("  [browser] Chromium is missing: installing Debian's chromium (apt-get install -y chromium), about a minute\n");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  process.stderr.write(`  [browser] installed ${CHROMIUM_PATH}\n`);
}

if (require.main === module) main();
