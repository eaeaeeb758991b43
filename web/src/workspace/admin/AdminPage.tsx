import { Tabs } from '@mantine/core';
import { IconClockBolt } from '@tabler/icons-react';
import { MessagingActions } from './MessagingActions';

/** SPEC §10 Admin: one tab per area; more areas join as tabs. */
export function AdminPage() {
  return (
    <Tabs defaultValue="messaging-actions" keepMounted={false} aria-label="Administration">
      <Tabs.List mb="md">
        <Tabs.Tab value="messaging-actions" leftSection={<IconClockBolt size={16} aria-hidden />}>
          Messaging actions
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="messaging-actions">
        <MessagingActions />
      </Tabs.Panel>
    </Tabs>
  );
}
