/** Capacity fields left empty mean "the default": they are left out of what is saved (CAP-2). */
export function filledNumbers(fields: Record<string, number | ''>): Record<string, number> {
  return Object.fromEntries(Object.entries(fields).filter((c): c is [string, number] => c[1] !== ''));
}
