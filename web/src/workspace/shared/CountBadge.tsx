import { Badge, VisuallyHidden } from '@mantine/core';

/** A count on a tab or row; the words after the number are for screen readers. */
export function CountBadge({ count, noun, color = 'indigo' }: { count: number; noun: string; color?: string }) {
  if (count <= 0) return null;
  return (
    <Badge size="sm" circle={count < 10} color={color} variant="filled">
      {count}
      <VisuallyHidden> {noun}</VisuallyHidden>
    </Badge>
  );
}
