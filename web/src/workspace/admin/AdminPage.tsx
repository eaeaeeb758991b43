import { Tabs } from '@mantine/core';
import { IconAddressBook, IconClockBolt, IconMessageChatbot, IconMessageCog } from '@tabler/icons-react';
import { CompanyNumbers } from './CompanyNumbers';
import { MessagingActions } from './MessagingActions';
import { SystemTexts } from './SystemTexts';
import { TopicsEditor } from './TopicsEditor';

/** SPEC §10 Admin: the virtual agent's topics, system texts, company numbers (issue 14) and messaging actions (issue 15). */
export function AdminPage() {
  return (
    <Tabs defaultValue="topics" keepMounted={false} aria-label="Administration">
      <Tabs.List mb="md">
        <Tabs.Tab value="topics" leftSection={<IconMessageChatbot size={16} aria-hidden />}>
          Virtual agent topics
        </Tabs.Tab>
        <Tabs.Tab value="texts" leftSection={<IconMessageCog size={16} aria-hidden />}>
          System texts
        </Tabs.Tab>
        <Tabs.Tab value="numbers" leftSection={<IconAddressBook size={16} aria-hidden />}>
          Company numbers
        </Tabs.Tab>
        <Tabs.Tab value="messaging-actions" leftSection={<IconClockBolt size={16} aria-hidden />}>
          Messaging actions
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="topics">
        <TopicsEditor />
      </Tabs.Panel>
      <Tabs.Panel value="texts">
        <SystemTexts />
      </Tabs.Panel>
      <Tabs.Panel value="numbers">
        <CompanyNumbers />
      </Tabs.Panel>
      <Tabs.Panel value="messaging-actions">
        <MessagingActions />
      </Tabs.Panel>
    </Tabs>
  );
}
