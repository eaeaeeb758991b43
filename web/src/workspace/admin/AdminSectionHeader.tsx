import { Button, Group, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** An admin list's title (its section's label), its "New …" button and a line on what it does. */
export function AdminSectionHeader({ id, title, newLabel, onNew, children }: { id: string; title: string; newLabel: string; onNew: () => void; children: ReactNode }) {
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew}>
          {newLabel}
        </Button>
      </Group>
      <Text c="dimmed" size="sm" mb="md" maw={820}>
        {children}
      </Text>
    </>
  );
}
