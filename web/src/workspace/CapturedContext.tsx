import { Group, Text, type MantineSpacing } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';
import classes from './CapturedContext.module.css';

/** VA-10: what the virtual agent captured before handing off ("orderNumber: 10482"), or nothing when it captured nothing. */
export function CapturedContext({ context, compact = false, mt }: { context: Record<string, string>; compact?: boolean; mt?: MantineSpacing }) {
  const entries = Object.entries(context);
  if (entries.length === 0) return null;
  return (
    <Group mt={mt} gap={6} wrap="wrap" className={classes.context} data-compact={compact || undefined} aria-label="Captured by the virtual agent" role="group">
      <Text span size="xs" fw={600} c="grape.8" className={classes.label}>
        <IconRobot size={14} aria-hidden /> Captured
      </Text>
      {entries.map(([key, value]) => (
        <Text span size="xs" key={key} className={classes.fact}>
          {key}: <b>{value}</b>
        </Text>
      ))}
    </Group>
  );
}
