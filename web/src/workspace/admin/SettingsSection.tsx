import { Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { LatestRead } from '../../use-latest-read';
import { ReadStatus } from '../shared/ReadStatus';

/** An admin settings page: its title, then the form once the settings have been read (or why they cannot be). */
export function SettingsSection({ id, title, read, what, children }: { id: string; title: string; read: LatestRead<unknown>; what: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="md">
        {title}
      </Title>
      <ReadStatus read={read} what={what} />
      {read.data !== null && read.data !== undefined && children}
    </section>
  );
}
