// Workflow-safe.

/**
 * The shape of a number Parley has validated: E.164, or a 3–8 digit short code. Only such numbers may name a
 * workflow (issue 12: unvalidated senders started workflows named after SQL strings).
 */
export const VALIDATED_NUMBER = /^(?:\+[1-9]\d{6,14}|\d{3,8})$/;

export function interactionWorkflowId(companyNumber: string, requesterNumber: string): string {
  for (const n of [companyNumber, requesterNumber]) {
    if (!VALIDATED_NUMBER.test(n)) throw new Error(`${JSON.stringify(n.slice(0, 40))} is not a validated phone number (E.164 or a short code)`);
  }
  return `sms:${companyNumber}:${requesterNumber}`;
}

export function parseInteractionWorkflowId(id: string): { companyNumber: string; requesterNumber: string } | null {
  const m = /^sms:(\+\d+|\d{3,8}):(\+\d+|\d{3,8})$/.exec(id);
  return m ? { companyNumber: m[1], requesterNumber: m[2] } : null;
}
