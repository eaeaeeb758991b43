import { EmptyState, Paper } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';

export function NoConversation() {
  return (
    <Paper withBorder h="100%" display="flex" style={{ alignItems: 'center', justifyContent: 'center' }} p="xl">
      <EmptyState
        icon={<IconMessageCircle size={32} stroke={1.5} aria-hidden />}
        withIndicatorBackground
        title="No conversation open"
        description="Accept an offer from the Inbox, or choose a conversation under Ongoing."
      />
    </Paper>
  );
}
