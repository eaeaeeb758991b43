import { Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChecks, IconClock, IconMoon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { components } from './generated/api';

type DeliveryStatus = components['schemas']['DeliveryStatus'];
import { undeliveredReason } from './provider-error-reasons';

// Every status the api can answer (its DeliveryStatus schema): a status added there fails the type check here.
const LOOK: Record<DeliveryStatus, { label: string; icon: ReactNode; color?: string }> = {
  pending: { label: 'Pending', icon: <IconClock size={14} aria-hidden /> },
  sending: { label: 'Sending', icon: <IconClock size={14} aria-hidden /> },
  accepted: { label: 'Queued', icon: <IconClock size={14} aria-hidden /> },
  scheduled: { label: 'Scheduled', icon: <IconClock size={14} aria-hidden /> },
  queued: { label: 'Queued', icon: <IconClock size={14} aria-hidden /> },
  sent: { label: 'Sent', icon: <IconCheck size={14} aria-hidden /> },
  delivered: { label: 'Delivered', icon: <IconChecks size={14} aria-hidden />, color: 'green.8' },
  undelivered: { label: 'Undelivered', icon: <IconAlertTriangle size={14} aria-hidden />, color: 'red.7' },
  failed: { label: 'Failed', icon: <IconAlertTriangle size={14} aria-hidden />, color: 'red.7' },
  canceled: { label: 'Canceled', icon: <IconAlertTriangle size={14} aria-hidden />, color: 'red.7' },
  read: { label: 'Read', icon: <IconChecks size={14} aria-hidden />, color: 'green.8' },
  received: { label: 'Received', icon: <IconCheck size={14} aria-hidden /> },
};

interface Props {
  status: DeliveryStatus;
  errorCode: string | number | null;
  errorMessage: string | null;
  /** SPEC §9: held for the requester's quiet hours until then (ISO 8601). */
  heldUntil?: string | null;
}

/** An SMS's delivery status as the provider reported it; a failure names the provider's code and reason. */
export function DeliveryStatusLabel({ status, errorCode, errorMessage, heldUntil }: Props) {
  // Still pending with a hold: waiting for the morning (once released it moves on to sending).
  if (status === 'pending' && heldUntil) {
    const at = new Date(heldUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return (
      <Text span size="xs" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }} title={`Held until ${new Date(heldUntil).toLocaleString()}`}>
        <IconMoon size={14} aria-hidden />
        Held for the requester’s quiet hours until {at}
      </Text>
    );
  }
  const look = LOOK[status];
  const reason = undeliveredReason(status, errorCode, errorMessage);
  return (
    <Text
      span
      size="xs"
      c={look.color}
      fw={reason ? 600 : undefined}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      title={reason ? `${look.label}: ${reason}` : undefined}
    >
      {look.icon}
      {look.label}
      {reason ? ` — ${reason}` : ''}
    </Text>
  );
}
