import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ensureWebBuild } from '../support/browser';

const ASSETS = path.resolve(__dirname, '../../web/dist/assets');
// Vite's default chunkSizeWarningLimit, in its kB (1000 bytes of minified code): over it, `vite build` and so
// `npm start` print the yellow "Some chunks are larger than 500 kB" warning.
const WARNING_LIMIT_BYTES = 500 * 1000;

describe('the Workspace bundle', () => {
  before(() => ensureWebBuild());

  it('issue 25: no chunk is over Vite’s size warning, React, Mantine and the icons each in a vendor chunk of its own', () => {
    const scripts = fs.readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
    const sizes = scripts.map((f) => ({ file: f, bytes: fs.statSync(path.join(ASSETS, f)).size }));
    const over = sizes.filter((s) => s.bytes > WARNING_LIMIT_BYTES);
    assert.deepEqual(over, [], `chunks over ${WARNING_LIMIT_BYTES / 1000} kB: ${over.map((s) => `${s.file} ${Math.round(s.bytes / 1000)} kB`).join(', ')}`);
    for (const vendor of ['react', 'mantine', 'icons']) {
      assert.ok(scripts.some((f) => f.startsWith(`${vendor}-`)), `no ${vendor} chunk among ${scripts.join(', ')}`);
    }
  });
});
