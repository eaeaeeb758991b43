import { NumberInput, SimpleGrid, Text } from '@mantine/core';
import type { Queue } from '../shared/api';

type Fields = Record<string, number | ''>;

/** GQP-1: the default priority of a group for a queue it has no row for. */
export const DEFAULT_QUEUE_PRIORITY = 100;

/**
 * GQP-1…3: the group's priority per queue, lower first; empty means 100. When editing, the queues whose pools name the
 * group come first: only they use it (a priority for another queue waits until a pool names the group).
 */
export function QueuePriorityFields({ groupId, queues, values, onChange }: { groupId: string | null; queues: Queue[]; values: Fields; onChange: (next: Fields) => void }) {
  const names = (q: Queue) => groupId !== null && q.pools.some((p) => p.groupIds.includes(groupId));
  const ordered = [...queues].sort((a, b) => Number(names(b)) - Number(names(a)) || a.position - b.position);
  if (ordered.length === 0) return <Text size="sm" c="dimmed">No queues yet.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {ordered.map((q) => (
        <NumberInput
          key={q.id}
          label={q.name}
          description={groupId === null ? undefined : names(q) ? 'Its pools name this group' : 'No effect until its pools name this group'}
          placeholder={`Default ${DEFAULT_QUEUE_PRIORITY}`}
          min={0}
          max={100_000}
          allowDecimal={false}
          allowNegative={false}
          value={values[q.id] ?? ''}
          onChange={(v) => onChange({ ...values, [q.id]: v === '' ? '' : Number(v) })}
        />
      ))}
    </SimpleGrid>
  );
}
