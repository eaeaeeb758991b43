import { ActionIcon, Tooltip } from '@mantine/core';
import { IconBell, IconBellOff, IconBellRinging } from '@tabler/icons-react';
import { useState } from 'react';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Asks for the browser's permission only when the agent clicks: never on page load. */
export function DesktopNotificationsControl() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() => (supported() ? Notification.permission : 'unsupported'));
  if (permission === 'unsupported') return null;

  const look = {
    default: { label: 'Enable desktop notifications', icon: <IconBell size={20} aria-hidden />, color: 'gray' },
    granted: { label: 'Desktop notifications are on while this tab is hidden', icon: <IconBellRinging size={20} aria-hidden />, color: 'indigo' },
    denied: { label: 'Desktop notifications are blocked: allow them in this site’s browser settings', icon: <IconBellOff size={20} aria-hidden />, color: 'gray' },
  }[permission];

  return (
    <Tooltip label={look.label} multiline maw={260}>
      <ActionIcon
        variant={permission === 'granted' ? 'light' : 'subtle'}
        color={look.color}
        size="lg"
        aria-label={look.label}
        onClick={() => {
          if (permission !== 'default') return;
          void Notification.requestPermission().then(setPermission, () => undefined);
        }}
      >
        {look.icon}
      </ActionIcon>
    </Tooltip>
  );
}
