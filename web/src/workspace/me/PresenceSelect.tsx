import { Group, SegmentedControl, Select } from '@mantine/core';
import type { AwayReason, Presence } from '../shared/api';

const OPTIONS: { value: Presence; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

const COLOR: Record<Presence, string> = { available: 'green', away: 'yellow', offline: 'gray' };

interface Props {
  value: Presence;
  onChange: (status: Presence, awayReasonId?: string) => void;
  /** PRS-2: the admin's away reasons, shown beside Away once it is chosen. */
  awayReasons?: Pick<AwayReason, 'id' | 'name'>[];
  awayReasonId?: string | null;
}

export function PresenceSelect({ value, onChange, awayReasons = [], awayReasonId = null }: Props) {
  return (
    <Group gap={6} wrap="nowrap">
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
      {value === 'away' && awayReasons.length > 0 && (
        <Select
          aria-label="Away reason"
          placeholder="Why? (optional)"
          size="sm"
          w={150}
          clearable
          data={awayReasons.map((r) => ({ value: r.id, label: r.name }))}
          value={awayReasonId}
          onChange={(id) => onChange('away', id ?? undefined)}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </Group>
  );
}
