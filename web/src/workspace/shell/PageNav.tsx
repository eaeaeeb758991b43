import { Button, Group } from '@mantine/core';
import { IconMessages, IconSettings, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Me } from '../shared/api';
import { mayOpen, useWorkspaceView, VIEW_PATHS, type WorkspaceView } from './use-workspace-view';

const PAGES: { view: WorkspaceView; label: string; icon: ReactNode }[] = [
  { view: 'work', label: 'Workspace', icon: <IconMessages size={16} aria-hidden /> },
  { view: 'manager', label: 'Manager', icon: <IconUsersGroup size={16} aria-hidden /> },
  { view: 'admin', label: 'Admin', icon: <IconSettings size={16} aria-hidden /> },
];

/** The pages a role may open, each a link (open in a new tab, copy its address); the current one is marked. */
export function PageNav({ role }: { role: Me['role'] }) {
  const current = useWorkspaceView();
  const pages = PAGES.filter((p) => mayOpen(p.view, role));
  // An agent has one page: nothing to choose between.
  if (pages.length < 2) return null;
  return (
    <Group component="nav" aria-label="Pages" gap={4} wrap="nowrap">
      {pages.map((p) => {
        const on = current === p.view;
        return (
          <Button
            key={p.view}
            component={Link}
            to={VIEW_PATHS[p.view]}
            size="sm"
            px="xs"
            variant={on ? 'light' : 'subtle'}
            color={on ? undefined : 'gray'}
            leftSection={p.icon}
            aria-current={on ? 'page' : undefined}
          >
            {p.label}
          </Button>
        );
      })}
    </Group>
  );
}
