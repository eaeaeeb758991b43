import { formValue, type FormFields } from './create-message';
import { restErrors } from './twilio-errors';
import { messageResource, messagesPath } from './twilio-json';
import type { SimMessage } from './types';

const FILTER_PARAMS = ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>'] as const;

interface DateBound {
  /** Inclusive lower bound (ms). */
  from: number;
  /** Inclusive upper bound (ms). */
  to: number;
}

/**
 * Twilio's Messages list: newest first, filtered by To/From/DateSent, paged with PageSize/Page/PageToken.
 * `DateSent<` and `DateSent>` are how `?DateSent<=…` / `?DateSent>=…` arrive once the query is parsed, so both are
 * inclusive. A date-only value covers the whole UTC day.
 */
export function listMessages(all: SimMessage[], accountSid: string, query: FormFields): Record<string, unknown> {
  const to = formValue(query, 'To');
  const from = formValue(query, 'From');
  const on = dateBound(query, 'DateSent');
  const before = dateBound(query, 'DateSent<');
  const after = dateBound(query, 'DateSent>');
  const pageSize = intParam(query, 'PageSize', 50, 1, 1000);
  const page = intParam(query, 'Page', 0, 0, Number.MAX_SAFE_INTEGER);
  const pageToken = formValue(query, 'PageToken');

  const matches = all
    .filter((m) => {
      const sent = (m.dateSent ?? m.dateCreated).getTime();
      return (
        (to === undefined || m.to === to) &&
        (from === undefined || m.from === from) &&
        (!on || (sent >= on.from && sent <= on.to)) &&
        (!before || sent <= before.to) &&
        (!after || sent >= after.from)
      );
    })
    .sort((a, b) => b.seq - a.seq);

  const start = startIndex(matches, page, pageSize, pageToken);
  const items = matches.slice(start, start + pageSize);

  const base = messagesPath(accountSid);
  const filters = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const v = formValue(query, name);
    if (v !== undefined) filters.append(name, v);
  }
  const uriFor = (p: number, token?: string) => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(p));
    if (token) q.set('PageToken', token);
    return `${base}?${q.toString()}`;
  };

  const hasNext = start + pageSize < matches.length;
  const hasPrevious = start > 0 && page > 0;
  return {
    messages: items.map(messageResource),
    page,
    page_size: pageSize,
    first_page_uri: uriFor(0),
    next_page_uri: hasNext && items.length > 0 ? uriFor(page + 1, `PA${items[items.length - 1].sid}`) : null,
    previous_page_uri: hasPrevious && items.length > 0 ? uriFor(page - 1, `PB${items[0].sid}`) : null,
    uri: uriFor(page, pageToken),
    start,
    end: items.length > 0 ? start + items.length - 1 : start,
  };
}

/** PageToken `PA<sid>` = the page after that message, `PB<sid>` = the page before it; otherwise Page * PageSize. */
function startIndex(matches: SimMessage[], page: number, pageSize: number, token: string | undefined): number {
  if (token && /^P[AB]/.test(token)) {
    const i = matches.findIndex((m) => m.sid === token.slice(2));
    if (i < 0) throw restErrors.invalidParameter(`Invalid PageToken: ${token}`);
    return token.startsWith('PA') ? i + 1 : Math.max(0, i - pageSize);
  }
  if (token) throw restErrors.invalidParameter(`Invalid PageToken: ${token}`);
  return page * pageSize;
}

function intParam(query: FormFields, name: string, dflt: number, min: number, max: number): number {
  const raw = formValue(query, name);
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw restErrors.invalidParameter(`${name} must be an integer between ${min} and ${max}`);
  }
  return n;
}

function dateBound(query: FormFields, name: string): DateBound | undefined {
  const raw = formValue(query, name);
  if (raw === undefined || raw === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const dayStart = Date.parse(`${raw}T00:00:00Z`);
    if (Number.isNaN(dayStart)) throw restErrors.invalidParameter(`Invalid ${name}: ${raw}`);
    return { from: dayStart, to: dayStart + 86_400_000 - 1 };
  }
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw restErrors.invalidParameter(`Invalid ${name}: ${raw}`);
  // Twilio's timestamps have whole-second precision.
  const second = Math.floor(t / 1000) * 1000;
  return { from: second, to: second + 999 };
}
