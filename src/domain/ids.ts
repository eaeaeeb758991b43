// Workflow-safe.
export function interactionWorkflowId(companyNumber: string, requesterNumber: string): string {
  return `sms:${companyNumber}:${requesterNumber}`;
}

export function parseInteractionWorkflowId(id: string): { companyNumber: string; requesterNumber: string } | null {
  const m = /^sms:(\+\d+):(\+\d+)$/.exec(id);
  return m ? { companyNumber: m[1], requesterNumber: m[2] } : null;
}
