import type { Knex } from 'knex';
import { applyKeywords, keywordOf, type Keyword } from '../domain/opt-out';

// SPEC §9: opt-out consent per (company number, requester number). `consents` is the current state, read on every
// send; `consent_history` keeps every change with what caused it.

export interface KeywordCandidate {
  id: string;
  word: string;
}

/** Applies the keyword texts a take-in claimed (in order) to the pair's consent; returns what was handled. */
export async function handleKeywords(
  db: Knex,
  company: string,
  requester: string,
  candidates: KeywordCandidate[],
  optedOut: boolean,
): Promise<{ keywords: Keyword[]; optedOut: boolean }> {
  if (candidates.length === 0) return { keywords: [], optedOut };
  return db.transaction(async (trx) => {
    // Under the pair's consent row lock, so texts taken by two runs (two company numbers share none) apply in order.
    const row = await trx('consents').where({ company_number: company, requester_number: requester }).forUpdate().first('opted_out');
    const r = applyKeywords(row?.opted_out ?? optedOut, candidates.map((c) => ({ id: c.id, keyword: keywordOf(c.word) })));
    for (const h of r.handled) {
      await trx('messages').where({ id: h.id }).update({ keyword: h.keyword });
      if (h.keyword !== 'help') {
        await trx('consent_history').insert({ company_number: company, requester_number: requester, opted_out: h.keyword === 'stop', source: 'keyword', keyword: h.keyword, message_id: h.id });
      }
    }
    if (r.handled.some((h) => h.keyword !== 'help')) await setConsent(trx, company, requester, r.optedOut);
    return { keywords: r.handled.map((h) => h.keyword), optedOut: r.optedOut };
  });
}

async function setConsent(db: Knex, company: string, requester: string, optedOut: boolean): Promise<void> {
  await db('consents')
    .insert({ company_number: company, requester_number: requester, opted_out: optedOut, changed_at: db.fn.now() })
    .onConflict(['company_number', 'requester_number'])
    .merge({ opted_out: optedOut, changed_at: db.fn.now() });
}

/** Provider error 21610 (the carrier says the number unsubscribed) records an opt-out too (SPEC §9). */
export async function recordProviderOptOut(db: Knex, company: string, requester: string, messageId: string): Promise<void> {
  await db.transaction(async (trx) => {
    await setConsent(trx, company, requester, true);
    await trx('consent_history').insert({ company_number: company, requester_number: requester, opted_out: true, source: 'provider_21610', message_id: messageId });
  });
}

export async function isOptedOut(db: Knex, company: string, requester: string): Promise<boolean> {
  const row = await db('consents').where({ company_number: company, requester_number: requester }).first('opted_out');
  return row?.opted_out ?? false;
}
