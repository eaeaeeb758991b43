import { SegmentedControl } from '@mantine/core';
import type { Presence } from '../api';

const OPTIONS: { value: Presence; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

const COLOR: Record<Presence, string> = { available: 'green', away: 'yellow', offline: 'gray' };

export function PresenceSelect({ value, onChange }: { value: Presence; onChange: (status: Presence) => void }) {
  return (
    <SegmentedControl
      role="radiogroup"
      aria-label="Presence"
      name="presence"
      size="sm"
      data={OPTIONS}
      value={value}
      color={COLOR[value]}
      autoContrast
      onChange={(v) => onChange(v as Presence)}
    />
  );
}
