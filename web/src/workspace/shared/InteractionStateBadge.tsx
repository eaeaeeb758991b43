import { Badge, Tooltip } from '@mantine/core';
import type { InteractionState } from './api';

/** Each state's name and, in its tooltip, what it means for the agent right now (SPEC §4). */
const LOOK: Record<InteractionState, { label: string; color: string; means: string }> = {
  new: { label: 'New', color: 'blue', means: 'Just started: Parley is deciding who answers it.' },
  virtual_agent: { label: 'Virtual agent', color: 'grape', means: 'The virtual agent is answering; it hands off to a person when asked.' },
  queued: { label: 'Queued', color: 'cyan', means: 'Waiting in its queue for an Available agent with room.' },
  offered: { label: 'Offered', color: 'cyan', means: 'Offered to an agent, waiting for them to accept or reject it.' },
  work_in_progress: { label: 'In progress', color: 'green', means: 'An agent has it: their replies go to the requester.' },
  on_hold: { label: 'On hold', color: 'yellow', means: 'Set aside: it does not count against capacity; a text from the requester resumes it.' },
  wrap_up: { label: 'Wrap-up', color: 'orange', means: 'The agent is finishing up before it closes.' },
  closed_complete: { label: 'Closed · complete', color: 'gray', means: 'Ended as complete: nothing more can be sent; a new text starts a new conversation.' },
  closed_abandoned: { label: 'Closed · abandoned', color: 'gray', means: 'Ended as abandoned: nothing more can be sent; a new text starts a new conversation.' },
};

export function InteractionStateBadge({ state }: { state: InteractionState }) {
  const look = LOOK[state] ?? { label: state, color: 'gray', means: '' };
  const badge = (
    <Badge variant="light" color={look.color} size="sm" style={{ flexShrink: 0 }}>
      {look.label}
    </Badge>
  );
  return look.means ? (
    <Tooltip label={look.means} multiline maw={280} withArrow openDelay={300}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
