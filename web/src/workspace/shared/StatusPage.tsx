import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconLock, IconMapQuestion, IconRefresh } from '@tabler/icons-react';
import { Component } from 'react';
import { Link, useLocation } from 'react-router';

function StatusPage({ icon, title, children }: { icon: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <Center mih="60dvh">
      <Stack align="center" gap="sm" maw={520} ta="center">
        {icon}
        <Title order={2}>{title}</Title>
        <Text c="dimmed">{children}</Text>
        <Button component={Link} to="/" leftSection={<IconArrowLeft size={16} aria-hidden />} mt="sm">
          Back to the Workspace
        </Button>
      </Stack>
    </Center>
  );
}

/** An address no page has: say so rather than quietly showing the Workspace under a wrong address. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <StatusPage icon={<IconMapQuestion size={48} stroke={1.4} color="var(--mantine-color-gray-6)" aria-hidden />} title="Page not found">
      There is no page at <Text span ff="monospace">{pathname}</Text>. Check the address, or go back to the Workspace.
    </StatusPage>
  );
}

/** A page the signed-in role may not open (an agent at /admin). */
export function NotAllowedPage({ page, who }: { page: string; who: string }) {
  return (
    <StatusPage icon={<IconLock size={48} stroke={1.4} color="var(--mantine-color-orange-6)" aria-hidden />} title="You cannot open this page">
      The {page} page is for {who}. Ask an admin if you need it.
    </StatusPage>
  );
}

/**
 * A lazily loaded page that cannot load (the network dropped, or a new deploy replaced its file while this page was
 * open) says so and offers a reload, instead of leaving the Workspace blank.
 */
export class PageLoadBoundary extends Component<{ children: React.ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <StatusPage icon={<IconRefresh size={48} stroke={1.4} color="var(--mantine-color-orange-6)" aria-hidden />} title="This page could not be loaded">
        The network may have dropped, or Parley was updated while the page was open.{' '}
        <Button variant="subtle" size="compact-sm" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </StatusPage>
    );
  }
}
