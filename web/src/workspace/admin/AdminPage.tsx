import { NavLink, Text } from '@mantine/core';
import {
  IconAddressBook, IconAdjustmentsHorizontal, IconClockBolt, IconCoffee, IconGauge, IconListNumbers, IconMessageChatbot, IconMessageCog,
  IconPencilPlus, IconUser, IconUsersGroup,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import { NotFoundPage } from '../shared/StatusPage';
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
import classes from './AdminPage.module.css';

interface Section {
  /** The address under /admin: what a link to this page looks like. */
  path: string;
  label: string;
  icon: ReactNode;
  page: ReactNode;
}

const icon = (I: typeof IconUser) => <I size={16} aria-hidden />;

/**
 * SPEC §10 Admin, grouped as an admin thinks of it. Each page has its own address (/admin/queues…), so Back, a
 * reload and a shared link land on it; the side navigation stays one column at any width the pages fit.
 */
export const ADMIN_GROUPS: { label: string; sections: Section[] }[] = [
  {
    label: 'Virtual agent',
    sections: [
      { path: 'virtual-agent', label: 'Virtual agent topics', icon: icon(IconMessageChatbot), page: <TopicsEditor /> },
      { path: 'system-texts', label: 'System texts', icon: icon(IconMessageCog), page: <SystemTexts /> },
    ],
  },
  {
    label: 'Numbers and texts',
    sections: [
      { path: 'company-numbers', label: 'Company numbers', icon: icon(IconAddressBook), page: <CompanyNumbers /> },
      { path: 'messaging-actions', label: 'Messaging actions', icon: icon(IconClockBolt), page: <MessagingActions /> },
      { path: 'compose', label: 'Compose', icon: icon(IconPencilPlus), page: <ComposeSettingsForm /> },
    ],
  },
  {
    label: 'Routing',
    sections: [
      { path: 'queues', label: 'Queues', icon: icon(IconListNumbers), page: <Queues /> },
      { path: 'groups', label: 'Groups', icon: icon(IconUsersGroup), page: <Groups /> },
      { path: 'capacities', label: 'Channels & capacities', icon: icon(IconGauge), page: <ChannelsAndCapacities /> },
      {
        path: 'routing-settings', label: 'Routing settings', icon: icon(IconAdjustmentsHorizontal),
        page: (
          <>
            <RoutingSettingsForm />
            <RejectReasons />
          </>
        ),
      },
    ],
  },
  {
    label: 'People',
    sections: [
      { path: 'users', label: 'Users', icon: icon(IconUser), page: <Users /> },
      { path: 'away-reasons', label: 'Away reasons', icon: icon(IconCoffee), page: <AwayReasons /> },
    ],
  },
];

const SECTIONS = ADMIN_GROUPS.flatMap((g) => g.sections);

export function AdminPage() {
  return (
    <Routes>
      <Route path="/admin" element={<Navigate to={`/admin/${SECTIONS[0].path}`} replace />} />
      <Route path="/admin/:section" element={<AdminSection />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function AdminSection() {
  const { section } = useParams();
  const current = SECTIONS.find((s) => s.path === section);
  if (!current) return <NotFoundPage />;
  return (
    <div className={classes.layout}>
      <nav aria-label="Admin pages" className={classes.sideNav}>
        {ADMIN_GROUPS.map((g) => (
          <div key={g.label} className={classes.navGroup} role="group" aria-labelledby={`admin-group-${g.label.replace(/\W+/g, '-')}`}>
            <Text id={`admin-group-${g.label.replace(/\W+/g, '-')}`} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
              {g.label}
            </Text>
            {g.sections.map((s) => (
              <NavLink
                key={s.path}
                component={Link}
                to={`/admin/${s.path}`}
                label={s.label}
                leftSection={s.icon}
                active={s === current}
                aria-current={s === current ? 'page' : undefined}
              />
            ))}
          </div>
        ))}
      </nav>
      {/* Keyed by the page so leaving one drops its unsaved state, as the tabs did. */}
      <div key={current.path} className={classes.content} aria-label={current.label} role="region">
        {current.page}
      </div>
    </div>
  );
}
