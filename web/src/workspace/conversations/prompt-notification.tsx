import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm } from '@tabler/icons-react';
import type { ServerEvents } from '../shared/api';

/** The `prompt` server event's payload (components.schemas.ServerEventPrompt). */
export type Prompt = ServerEvents['prompt'];

/**
 * MA-5 prompt_agent / NOT-4: a notice in the Workspace's notifications that stays until dismissed, and a desktop one
 * too when the tab is hidden and the agent turned on desktop notifications (AlertPreferences, NOT-1).
 */
export function showPrompt(prompt: Prompt, requester: string | null, onOpen: (interactionId: string) => void, desktop: boolean): void {
  const id = `prompt-${prompt.interactionId}-${Date.now()}`;
  const title = requester ? `Reminder: ${requester}` : 'Reminder';
  const openIt = () => {
    notifications.hide(id);
    onOpen(prompt.interactionId);
  };
  notifications.show({
    id,
    color: 'orange',
    icon: <IconAlarm size={18} aria-hidden />,
    title,
    autoClose: false,
    message: (
      <Stack gap={6} align="flex-start">
        <Text size="sm">{prompt.text}</Text>
        <Button size="compact-sm" variant="light" color="orange" onClick={openIt}>
          Open conversation
        </Button>
      </Stack>
    ),
  });
  if (desktop && document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
    const desktop = new Notification(title, { body: prompt.text, tag: id });
    desktop.onclick = () => {
      window.focus();
      desktop.close();
      openIt();
    };
  }
}
