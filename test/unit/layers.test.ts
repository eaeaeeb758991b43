import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore an .mjs module without types: the lint's own plugin
import layers from '../../eslint/layers.mjs';

// Issue 26: the layering `npm run lint` enforces. An upward import fails with the rule it breaks; the rules are
// proven here on small files, and the whole of src/ is checked for import circles.
const root = '/repo';
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const at = (file: string, code: string) => ({ filename: path.join(root, file), code, options: [{ root }] });
const bad = (file: string, code: string, rule: RegExp) => ({ ...at(file, code), errors: [{ message: rule }] });

describe('layering (issue 26)', () => {
  tester.run('parley/layers', layers.rules.layers, {
    valid: [
      at('src/domain/interaction/decide.ts', "import { isClosed } from '../interaction-state';"),
      at('src/workflows/interaction.ts', "import { decide } from '../domain/interaction';"),
      at('src/workflows/interaction.ts', "import type { Activities } from '../activities';"),
      at('src/workflows/legacy/interaction-v2.ts', "import { inboundSignal } from './definitions-v2';"),
      at('src/workflows/legacy/interaction-v2.ts', "import type { Activities } from '../../activities';"),
      at('src/routing/dispatcher.ts', "import type { Offer } from '../domain/interaction/state';"),
      at('src/activities/outbound.ts', "import { createDispatcher } from '../routing/dispatcher';"),
      at('src/api/routes/history.ts', "import { listHistory } from '../../use-cases/interaction-history';"),
      at('test/unit/x.test.ts', "import { decide } from '../../src/domain/interaction';"),
    ],
    invalid: [
      bad('src/domain/adoption.ts', "import type { Offer } from '../workflows/definitions';", /layering: the domain imports nothing of ours outside src\/domain .*src\/domain imports src\/workflows/),
      bad('src/domain/interaction/types.ts', "import type { SystemTextKey } from '../../system-texts/defaults';", /the domain imports nothing/),
      bad('src/workflows/interaction.ts', "import { createTakeIn } from '../activities/take-inbound';", /workflows import only the domain/),
      bad('src/workflows/legacy/interaction-v2.ts', "import { transition } from '../../domain/interaction-state';", /a legacy workflow is frozen/),
      bad('src/workflows/legacy/interaction-v2.ts', "import { inboundSignal } from '../definitions';", /a legacy workflow is frozen/),
      bad('src/workflows/legacy/interaction-v2.ts', "import type { InteractionInput } from '../definitions';", /a legacy workflow is frozen/),
      bad('src/realtime/pg-change-events.ts', "import type { ChangeEvents } from '../activities/deps';", /realtime never imports api, use-cases, activities or workflows/),
      bad('src/routing/work-items.ts', "import type { Offer } from '../workflows/definitions';", /routing never imports/),
      bad('src/sms/status-reconciler.ts', "export { x } from '../api/app';", /sms never imports/),
      bad('src/use-cases/users.ts', "import { app } from '../api/app';", /use cases never import the api or activities/),
      bad('src/use-cases/virtual-agent-admin.ts', "import { currentTopics } from '../activities/virtual-agent';", /use cases never import the api or activities/),
    ],
  });

  it('src/ has no import circle', () => {
    const src = path.resolve(__dirname, '../../src');
    const files = fs.readdirSync(src, { recursive: true }).map(String).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(src, f));
    const resolve = (from: string, spec: string) => {
      const base = path.resolve(path.dirname(from), spec);
      return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    };
    const edges = new Map(files.map((f) => [f, [...fs.readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => resolve(f, m[1])).filter((x): x is string => !!x)]));
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      state.set(f, 'open');
      for (const g of edges.get(f) ?? []) {
        if (state.get(g) === 'open') circles.push([...trail.slice(trail.indexOf(g)), f, g].map((x) => path.relative(src, x)).join(' → '));
        else if (!state.has(g)) visit(g, [...trail, f]);
      }
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f, []);
    assert.deepEqual(circles, []);
  });
});
