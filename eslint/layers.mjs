// The project's layering (issue 26, README "Architecture"), checked by `npm run lint`. Our imports are all relative,
// so resolving one is a path join: no resolver to configure. Each rule says which layers a layer must not import;
// the message names the rule, so a failing lint says what to do instead.
import path from 'node:path';

/** Layer = the first folder under src/ (or src/workflows/legacy, which is its own). */
export function layerOf(file, root) {
  const rel = path.relative(path.join(root, 'src'), file).split(path.sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  if (rel[0] === 'workflows' && rel[1] === 'legacy') return 'workflows/legacy';
  return rel[0];
}

const INFRASTRUCTURE = ['routing', 'sms', 'profiles', 'realtime', 'virtual-agent'];

/**
 * [layer, what it must not import, may type-only imports pass, the rule in words]. `*` forbids every layer but its own
 * and the listed exceptions.
 */
export const LAYER_RULES = [
  { from: 'domain', forbid: '*', types: false, rule: 'the domain imports nothing of ours outside src/domain (move the type into the domain)' },
  {
    from: 'workflows', forbid: '*', allow: ['domain', 'workflows/legacy'], types: true,
    rule: 'workflows import only the domain and their own definitions (activity types, never implementations)',
  },
  {
    from: 'workflows/legacy', forbid: '*', allow: [], types: true,
    rule: 'a legacy workflow is frozen: it imports nothing live but the activities\' types (vendor the code it needs under legacy/)',
  },
  ...INFRASTRUCTURE.map((from) => ({
    from, forbid: ['api', 'use-cases', 'activities', 'workflows'], types: false,
    rule: `${from} never imports api, use-cases, activities or workflows (it is used by them, not the other way)`,
  })),
  { from: 'use-cases', forbid: ['api', 'activities'], types: false, rule: 'use cases never import the api or activities' },
];

function violation(fromLayer, toLayer, typeOnly) {
  if (!toLayer || toLayer === fromLayer) return null;
  for (const r of LAYER_RULES) {
    if (r.from !== fromLayer) continue;
    if (typeOnly && r.types && r.forbid === '*') {
      // Type-only imports of activities' types are how a workflow names what it calls.
      if (fromLayer === 'workflows' && toLayer === 'activities') continue;
      if (fromLayer === 'workflows/legacy' && toLayer === 'activities') continue;
    }
    const forbidden = r.forbid === '*' ? !(r.allow ?? []).includes(toLayer) : r.forbid.includes(toLayer);
    if (forbidden) return r.rule;
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforces the layering of src/ (issue 26).' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { upward: 'layering: {{rule}} — {{from}} imports {{to}} ("{{source}}")' },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const fromLayer = layerOf(file, root);
    if (!fromLayer) return {};
    const check = (node, typeOnly) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const toLayer = layerOf(target, root);
      const why = violation(fromLayer, toLayer, typeOnly);
      if (why) context.report({ node, messageId: 'upward', data: { rule: why, from: `src/${fromLayer}`, to: `src/${toLayer}`, source } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'))),
      ExportNamedDeclaration: (node) => check(node, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.exportKind === 'type'),
    };
  },
};

export default { rules: { layers: rule } };
