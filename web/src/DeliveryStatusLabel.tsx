import { Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChecks, IconClock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { providerErrorReason } from './provider-error-reasons';

const LOOK: Record<string, { label: string; icon: ReactNode; color?: string }> = {
  pending: { label: 'Pending', icon: <IconClock size={14} aria-hidden /> },
  sending: { label: 'Sending', icon: <IconClock size={14} aria-hidden /> },
  accepted: { label: 'Queued', icon: <IconClock size={14} aria-hidden /> },
  queued: { label: 'Queued', icon: <IconClock size={14} aria-hidden /> },
  sent: { label: 'Sent', icon: <IconCheck size={14} aria-hidden /> },
  delivered: { label: 'Delivered', icon: <IconChecks size={14} aria-hidden />, color: 'green.8' },
  undelivered: { label: 'Undelivered', icon: <IconAlertTriangle size={14} aria-hidden />, color: 'red.7' },
  failed: { label: 'Failed', icon: <IconAlertTriangle size={14} aria-hidden />, color: 'red.7' },
  received: { label: 'Received', icon: <IconCheck size={14} aria-hidden /> },
};

interface Props {
  status: string;
  errorCode: string | number | null;
  errorMessage: string | null;
}

/** An SMS's delivery status as the provider reported it; a failure names the provider's code and reason. */
export function DeliveryStatusLabel({ status, errorCode, errorMessage }: Props) {
  const look = LOOK[status] ?? { label: status, icon: null };
  const problem = status === 'failed' || status === 'undelivered';
  const reason = [errorCode !== null && errorCode !== '' ? `error ${errorCode}` : null, providerErrorReason(errorCode, errorMessage)]
    .filter(Boolean)
    .join(': ');
  return (
    <Text span size="xs" c={look.color} fw={problem ? 600 : undefined} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      {look.icon}
      {look.label}
      {problem && reason ? ` — ${reason}` : ''}
    </Text>
  );
}
