import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconLock, IconMapQuestion } from '@tabler/icons-react';
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
