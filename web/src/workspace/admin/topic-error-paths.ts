// Pure, without React: the unit tests read it in Node.
/** The api's lines by their path (`topics[0].steps[1].next`), so the form shows each beside its field. */
export function topicErrorsByPath(lines: string[]): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const line of lines) {
    const m = /^((?:[A-Za-z]\w*|\[\d+\])(?:\.[A-Za-z]\w*|\[\d+\])*): (.+)$/.exec(line);
    if (!m) continue;
    byPath.set(m[1], byPath.has(m[1]) ? `${byPath.get(m[1])}; ${m[2]}` : m[2]);
  }
  return byPath;
}

/** The value at a path of the api's (`topics[0].steps[1].next`) in a document. */
export function valueAt(document: unknown, path: string): unknown {
  let at: unknown = document;
  for (const [, key, index] of path.matchAll(/([A-Za-z]\w*)|\[(\d+)\]/g)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key ?? Number(index)];
  }
  return at;
}

/** The problems whose field still holds what was checked: one the admin has since changed goes from beside it. */
export function stillStanding(byPath: Map<string, string>, checked: unknown, now: unknown): Map<string, string> {
  const same = (path: string) => JSON.stringify(valueAt(checked, path)) === JSON.stringify(valueAt(now, path));
  return new Map([...byPath].filter(([path]) => same(path)));
}
