// Workflow-safe and pure: SPEC §9's opt-out keywords. Whole message, case-insensitive, trimmed.

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;
export const ALL_KEYWORDS: readonly string[] = [...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, ...HELP_KEYWORDS];

export type Keyword = 'stop' | 'start' | 'help';

export function keywordOf(body: string): Keyword | null {
  const word = body.trim().toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'stop';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'start';
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return 'help';
  return null;
}

/**
 * Applies texts in order of receipt to the pair's consent. START, YES and UNSTOP opt back in only an opted-out
 * number: from anyone else "yes" is an ordinary reply (a virtual agent's yes/no question), so it is not handled.
 */
export function applyKeywords(optedOut: boolean, texts: { id: string; keyword: Keyword | null }[]): { handled: { id: string; keyword: Keyword }[]; optedOut: boolean } {
  const handled: { id: string; keyword: Keyword }[] = [];
  let out = optedOut;
  for (const t of texts) {
    if (t.keyword === 'stop') out = true;
    else if (t.keyword === 'start') {
      if (!out) continue;
      out = false;
    } else if (t.keyword !== 'help') continue;
    handled.push({ id: t.id, keyword: t.keyword });
  }
  return { handled, optedOut: out };
}
