import { Group, Text, type MantineSpacing } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';
import type { Schemas } from '../shared/api';
import classes from './CapturedContext.module.css';

/**
 * VA-10: what the virtual agent captured before handing off, with the labels its topics give the fields ("Order
 * number: 10482"), or nothing when it captured nothing.
 */
export function CapturedContext({ captured, compact = false, mt }: { captured: Schemas['CapturedField'][]; compact?: boolean; mt?: MantineSpacing }) {
  if (captured.length === 0) return null;
  return (
    <Group mt={mt} gap={6} wrap="wrap" className={classes.context} data-compact={compact || undefined} aria-label="Captured by the virtual agent" role="group">
      <Text span size="xs" fw={600} c="grape.8" className={classes.label}>
        <IconRobot size={14} aria-hidden /> Captured
      </Text>
      {captured.map((c) => (
        <Text span size="xs" key={c.field} className={classes.fact} title={c.field}>
          {c.label}: <b>{c.value}</b>
        </Text>
      ))}
    </Group>
  );
}
