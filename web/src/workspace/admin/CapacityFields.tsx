import { NumberInput } from '@mantine/core';
import type { Channel } from '../shared/api';

type Fields = Record<string, number | ''>;

/** One capacity field per channel; empty means the default, shown as the placeholder (CAP-2). */
export function CapacityFields({ channels, values, onChange }: { channels: Channel[]; values: Fields; onChange: (next: Fields) => void }) {
  return channels.map((c) => (
    <NumberInput
      key={c.id}
      label={`${c.name} capacity`}
      placeholder={`Default ${c.defaultCapacity}`}
      min={0}
      max={100}
      value={values[c.id] ?? ''}
      onChange={(v) => onChange({ ...values, [c.id]: v === '' ? '' : Number(v) })}
    />
  ));
}
