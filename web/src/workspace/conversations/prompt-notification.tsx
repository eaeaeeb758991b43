import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm } from '@tabler/icons-react';

export interface Prompt {
  interactionId: string;
  text: string;
}

export function isPrompt(data: unknown): data is Prompt {
  const p = data as Partial<Prompt> | undefined;
  return typeof p?.interactionId === 'string' && typeof p.text === 'string';
}

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
