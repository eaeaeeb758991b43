import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// Issue 26, edges: a route parses, checks the role and calls one use case; what follows a change (browsers told, the
// dispatcher woken) comes from the post-commit place (src/realtime/post-commit.ts), never from a route.
const dir = path.join(__dirname, '../../src/api/routes');
const routes = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));

const FORBIDDEN: [RegExp, string][] = [
  [/\bdb\(|\bdb\.raw\b|\.transaction\(/, 'reads or writes the database itself'],
  [/\bgateway\.\w+\(/, 'calls a workflow itself'],
  [/\.kick\(|\bnotifyChange\b|\binteractionChanged\b|pg_notify/, 'wakes the dispatcher or sends a change notice itself'],
  [/from '\.\.\/\.\.\/(realtime|sms|temporal|profiles|db)\//, 'imports infrastructure a use case should hide'],
];

describe('routes are edges (issue 26)', () => {
  for (const file of routes) {
    it(`${file}: no database, workflow, dispatcher wake-up or change notice of its own (those belong to use cases)`, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const [pattern, what] of FORBIDDEN) {
        const line = text.split('\n').findIndex((l) => pattern.test(l));
        assert.equal(line, -1, `${file}:${line + 1} ${what}: move it into a use case (src/use-cases)`);
      }
    });
  }
});
