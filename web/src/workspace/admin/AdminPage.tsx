import { Tabs } from '@mantine/core';
import { IconAddressBook, IconAdjustmentsHorizontal, IconCoffee, IconClockBolt, IconPencilPlus, IconGauge, IconListNumbers, IconMessageChatbot, IconMessageCog, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { AwayReasons } from './AwayReasons';
import { ChannelsAndCapacities } from './ChannelsAndCapacities';
import { CompanyNumbers } from './CompanyNumbers';
import { ComposeSettingsForm } from './ComposeSettingsForm';
import { Groups } from './Groups';
import { MessagingActions } from './MessagingActions';
import { Queues } from './Queues';
import { RejectReasons } from './RejectReasons';
import { RoutingSettingsForm } from './RoutingSettingsForm';
import { SystemTexts } from './SystemTexts';
import { TopicsEditor } from './TopicsEditor';
import { Users } from './Users';

/**
 * SPEC §10 Admin: the virtual agent's topics, system texts, company numbers (issue 14), messaging actions (issue 15),
 * queues, groups, channels and capacities and routing settings (issue 16), compose settings (AI-6, issue 24), users (issue 24).
 */
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
        <Tabs.Tab value="queues" leftSection={<IconListNumbers size={16} aria-hidden />}>
          Queues
        </Tabs.Tab>
        <Tabs.Tab value="groups" leftSection={<IconUsersGroup size={16} aria-hidden />}>
          Groups
        </Tabs.Tab>
        <Tabs.Tab value="away-reasons" leftSection={<IconCoffee size={16} aria-hidden />}>
          Away reasons
        </Tabs.Tab>
        <Tabs.Tab value="capacities" leftSection={<IconGauge size={16} aria-hidden />}>
          Channels & capacities
        </Tabs.Tab>
        <Tabs.Tab value="routing-settings" leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}>
          Routing settings
        </Tabs.Tab>
        <Tabs.Tab value="compose" leftSection={<IconPencilPlus size={16} aria-hidden />}>
          Compose
        </Tabs.Tab>
        <Tabs.Tab value="users" leftSection={<IconUser size={16} aria-hidden />}>
          Users
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
      <Tabs.Panel value="queues">
        <Queues />
      </Tabs.Panel>
      <Tabs.Panel value="groups">
        <Groups />
      </Tabs.Panel>
      <Tabs.Panel value="away-reasons">
        <AwayReasons />
      </Tabs.Panel>
      <Tabs.Panel value="capacities">
        <ChannelsAndCapacities />
      </Tabs.Panel>
      <Tabs.Panel value="routing-settings">
        <RoutingSettingsForm />
        <RejectReasons />
      </Tabs.Panel>
      <Tabs.Panel value="compose">
        <ComposeSettingsForm />
      </Tabs.Panel>
      <Tabs.Panel value="users">
        <Users />
      </Tabs.Panel>
    </Tabs>
  );
}
