import { Badge } from '@mantine/core';
import type { InteractionState } from '../api';

const LOOK: Record<InteractionState, { label: string; color: string }> = {
  new: { label: 'New', color: 'blue' },
  virtual_agent: { label: 'Virtual agent', color: 'grape' },
  queued: { label: 'Queued', color: 'cyan' },
  offered: { label: 'Offered', color: 'cyan' },
  work_in_progress: { label: 'In progress', color: 'green' },
  on_hold: { label: 'On hold', color: 'yellow' },
  wrap_up: { label: 'Wrap-up', color: 'orange' },
  closed_complete: { label: 'Closed · complete', color: 'gray' },
  closed_abandoned: { label: 'Closed · abandoned', color: 'gray' },
};

export function InteractionStateBadge({ state }: { state: InteractionState }) {
  const look = LOOK[state] ?? { label: state, color: 'gray' };
  return (
    <Badge variant="light" color={look.color} size="sm" style={{ flexShrink: 0 }}>
      {look.label}
    </Badge>
  );
}
