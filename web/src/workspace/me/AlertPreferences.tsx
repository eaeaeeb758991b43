import { ActionIcon, Popover, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconBell, IconBellRinging } from '@tabler/icons-react';
import { useState } from 'react';
import type { AgentPreferences } from '../shared/api';
import { prepareAlertSound } from '../shared/alert-sound';

const notificationsSupported = () => typeof window !== 'undefined' && 'Notification' in window;

interface Props {
  preferences: AgentPreferences;
  onChange: (change: Partial<AgentPreferences>) => Promise<void>;
}

/** NOT-1: "Conversation audio alerts" and "Conversation desktop notifications", both off until the agent opts in. */
export function AlertPreferences({ preferences, onChange }: Props) {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() => (notificationsSupported() ? Notification.permission : 'unsupported'));
  const anyOn = preferences.audioAlerts || preferences.desktopNotifications;
  const label = 'Alert preferences';

  const changeDesktop = async (on: boolean) => {
    if (!on || permission === 'unsupported') return onChange({ desktopNotifications: on });
    // NOT-3: the browser asks only when the agent turns them on, never on page load.
    const answer = permission === 'granted' ? 'granted' : await Notification.requestPermission().catch(() => 'denied' as const);
    setPermission(answer);
    if (answer === 'granted') await onChange({ desktopNotifications: true });
  };

  return (
    <Popover position="bottom-end" shadow="md" width={320} withArrow>
      <Popover.Target>
        <Tooltip label={label}>
          <ActionIcon variant={anyOn ? 'light' : 'subtle'} color={anyOn ? 'indigo' : 'gray'} size="lg" aria-label={label}>
            {anyOn ? <IconBellRinging size={20} aria-hidden /> : <IconBell size={20} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" role="group" aria-label={label}>
          <Text size="sm" fw={600}>
            Alerts for your conversations
          </Text>
          <Switch
            label="Conversation audio alerts"
            description="A short tone when a requester writes while this page is not in front or that conversation is not open, when a conversation is assigned to you, and when an offer arrives while the Inbox is out of sight."
            checked={preferences.audioAlerts}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              if (on) prepareAlertSound(); // this click lets the page play sound later
              void onChange({ audioAlerts: on });
            }}
          />
          <Switch
            label="Conversation desktop notifications"
            description={
              permission === 'unsupported'
                ? 'This browser cannot show desktop notifications.'
                : permission === 'denied'
                  ? 'Blocked by the browser: allow notifications for this site in its settings, then turn this on.'
                  : 'A notification from the browser when a requester writes or an offer arrives while this page is not in front.'
            }
            disabled={permission === 'unsupported'}
            checked={preferences.desktopNotifications && permission === 'granted'}
            onChange={(e) => void changeDesktop(e.currentTarget.checked)}
          />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
