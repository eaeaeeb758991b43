import type { CloseReason, InteractionState } from '../shared/api';

/** SPEC §4 (INT-5…12): why a conversation closed, as an agent reads it. */
export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  user_ended: 'The requester ended it',
  agent_ended: 'Ended by an agent',
  auto_closed: 'Closed automatically',
  no_user_response: 'The requester stopped answering',
  no_activity: 'No activity',
  left_before_engagement: 'The requester left before anyone answered',
  topic_complete: 'The virtual agent finished',
  error: 'Closed by an error',
};

/** "Ended by an agent · complete"; a close from before reasons were kept says only its outcome. */
export function closedLabel(state: InteractionState, reason: CloseReason | null): string {
  const outcome = state === 'closed_abandoned' ? 'abandoned' : 'complete';
  return reason ? `${CLOSE_REASON_LABELS[reason]} · ${outcome}` : `Closed · ${outcome}`;
}
