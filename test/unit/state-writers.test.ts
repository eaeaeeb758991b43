import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

// Issue 26: one writer each of `interactions.state` and `work_items.state`. This scan fails when a write of either
// column appears outside its writer module, or when the writer gains a second write. It reads the source text: a
// knex chain on the table whose `.insert(`/`.update(`/`.upsert(`/`.merge(` argument names `state` or is not a plain
// object literal (a spread or a variable could carry it), and raw SQL `update <table> set … state = …` or
// `insert into <table> (… state …)`.

const SRC = path.resolve(__dirname, '../../src');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The text inside the parentheses that open at `open` (a `(`), by depth. */
function argumentAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** A SQL `set` list up to its statement's top-level `where`/`returning`, or the end of the SQL string. */
function setList(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (--depth < 0) return text.slice(from, i);
    } else if (c === '`' || c === ';') return text.slice(from, i);
    else if (depth === 0 && /^\s(where|returning)\b/i.test(text.slice(i, i + 11))) return text.slice(from, i);
  }
  return text.slice(from);
}

const NAMES_STATE = /\bstate\b/;

/** The writes of `table`'s state in one file's text, each as a short excerpt. */
export function stateWrites(text: string, table: string): string[] {
  const found: string[] = [];
  const call = new RegExp(`\\(\\s*['"\`]${table}(?:\\s+as\\s+\\w+)?['"\`]\\s*\\)`, 'g');
  for (const m of text.matchAll(call)) {
    const end = text.indexOf(';', m.index);
    const statement = text.slice(m.index, end < 0 ? undefined : end);
    for (const w of statement.matchAll(/\.(insert|update|upsert|merge)\s*\(/g)) {
      const arg = argumentAt(statement, w.index + w[0].length - 1).trim();
      if (arg === '' && w[1] === 'merge') continue; // merges what the insert (checked itself) carries
      if (NAMES_STATE.test(arg) || !arg.startsWith('{') || arg.includes('...')) found.push(statement.slice(0, 160));
    }
  }
  for (const m of text.matchAll(new RegExp(`\\bupdate\\s+${table}\\b(?:\\s+(?:as\\s+)?\\w+)?\\s+set\\b`, 'gi'))) {
    if (/\bstate\s*=/.test(setList(text, m.index + m[0].length))) found.push(text.slice(m.index, m.index + 160));
  }
  for (const m of text.matchAll(new RegExp(`\\binsert\\s+into\\s+${table}\\s*\\(([^)]*)\\)`, 'gi'))) {
    if (NAMES_STATE.test(m[1])) found.push(m[0].slice(0, 160));
  }
  return found;
}

function writesOutside(table: string, writer: string): { elsewhere: string[]; inWriter: number } {
  let inWriter = 0;
  const elsewhere: string[] = [];
  for (const file of tsFiles(SRC)) {
    const writes = stateWrites(fs.readFileSync(file, 'utf8'), table);
    if (path.relative(SRC, file) === writer) inWriter = writes.length;
    else elsewhere.push(...writes.map((w) => `${path.relative(SRC, file)}: ${w}`));
  }
  return { elsewhere, inWriter };
}

describe('one writer of each state column (issue 26)', () => {
  it('work_items.state is written only by src/routing/work-item-store.ts: its insert and its one checked move (WI-1…7)', () => {
    const { elsewhere, inWriter } = writesOutside('work_items', 'routing/work-item-store.ts');
    assert.deepEqual(elsewhere, [], 'write work item states through src/routing/work-item-store.ts, checked by src/domain/work-item.ts');
    assert.equal(inWriter, 2);
  });

  it('interactions.state is written only by writeProjection (src/activities/interaction-projection.ts, SPEC §4)', () => {
    const { elsewhere, inWriter } = writesOutside('interactions', 'activities/interaction-projection.ts');
    assert.deepEqual(elsewhere, [], 'the interaction workflow owns interactions.state: project its decision through writeProjection');
    assert.equal(inWriter, 1);
  });

  describe('the scan itself', () => {
    const caught: [string, string][] = [
      ['a knex update naming state', "await trx('work_items').where({ id }).update({ state: 'queued', updated_at: now });"],
      ['a knex update of a patch that could carry state', "await trx('work_items').where({ id }).update(patch);"],
      ['a knex update spreading a patch', "await trx('work_items').where({ id }).update({ ...patch, updated_at: now });"],
      ['an aliased knex insert', "await db('work_items as w').insert({ id, state: 'queued' });"],
      ['the column form of update', "await db('work_items').where({ id }).update('state', 'canceled');"],
      ['raw SQL update', "await db.raw(`update work_items set offer_id = null, state = 'queued' where id = ?`, [id]);"],
      ['raw SQL update after a sub-select', "await db.raw(`update work_items set x = (select 1 from y where z), state = 'queued' where id = ?`);"],
      ['raw SQL insert with state', "await db.raw(`insert into work_items (id, state) values (?, 'queued')`);"],
    ];
    for (const [name, code] of caught) it(`catches ${name}`, () => assert.equal(stateWrites(code, 'work_items').length, 1));

    const passed: [string, string][] = [
      ['a write of other columns', "await trx('work_items').where({ id: item.id }).update({ last_decision: key });"],
      ['a read filtering by state', "await db('work_items').where({ state: 'queued' }).first();"],
      ['raw SQL reading state in a where clause', "await db.raw(`update work_items set last_decision = null where state = 'queued'`);"],
      ['another table', "await trx('offers').where({ id }).update({ state: 'accepted' });"],
    ];
    for (const [name, code] of passed) it(`passes ${name}`, () => assert.deepEqual(stateWrites(code, 'work_items'), []));
  });
});
