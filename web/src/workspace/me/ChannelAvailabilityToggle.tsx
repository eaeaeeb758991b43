import { Switch, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { routingApi } from '../shared/api';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';

/** PRS-3: while Available, an agent can stop taking new SMS work (they keep what they have). */
export function ChannelAvailabilityToggle() {
  const channels = useLatestRead(routingApi.myChannels);
  const [changed, setChanged] = useState<boolean | null>(null);
  if (!channels.data || !('sms' in channels.data)) return null;
  const on = changed ?? channels.data.sms;

  const change = async (next: boolean) => {
    setChanged(next);
    try {
      await routingApi.setMyChannels({ sms: next });
    } catch (err) {
      setChanged(!next);
      reportError('SMS availability not changed', err);
    }
  };

  return (
    <Tooltip label={on ? 'New SMS conversations can be offered to you' : 'No new SMS conversations are offered to you; you keep your current ones'}>
      <Switch label="SMS" aria-label="Take new SMS work" checked={on} onChange={(e) => void change(e.currentTarget.checked)} visibleFrom="sm" />
    </Tooltip>
  );
}
