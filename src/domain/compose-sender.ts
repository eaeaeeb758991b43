// AI-4/AI-6: which number a compose may send from. Pure: the use case reads the facts and applies the decision.

export interface SenderFacts {
  /** The typed or chosen `from`, already in E.164. */
  number: string;
  /** Its company-number row, if Parley has one. */
  companyNumber: { active: boolean } | null;
  /** The admin's "agents may type a sender number" (AI-6). */
  allowManualFrom: boolean;
  /** Whether the provider account owns the number; undefined until asked. */
  owned?: boolean;
}

export type SenderDecision =
  | { use: 'company_number' }
  /** An owned number Parley does not know yet: it becomes a company number, so the requester's replies come back. */
  | { use: 'register' }
  | { use: 'ask_provider' }
  | { refuse: string };

export function decideSender(f: SenderFacts): SenderDecision {
  if (f.companyNumber?.active) return { use: 'company_number' };
  if (!f.allowManualFrom) return { refuse: `${f.number} is not one of our company numbers` };
  // An admin switched it off; typing it does not switch it back on.
  if (f.companyNumber) return { refuse: `${f.number} is switched off in Admin → Company numbers` };
  if (f.owned === undefined) return { use: 'ask_provider' };
  if (!f.owned) return { refuse: `${f.number} is not a number the provider account owns` };
  return { use: 'register' };
}
