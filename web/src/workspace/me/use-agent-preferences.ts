import { useCallback, useState } from 'react';
import { workspaceApi, type AgentPreferences } from '../shared/api';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';

const OFF: AgentPreferences = { audioAlerts: false, desktopNotifications: false };

/** NOT-1: the agent's alert preferences, kept on the server (so they follow the agent to another browser). */
export function useAgentPreferences() {
  const read = useLatestRead(workspaceApi.preferences);
  const [saved, setSaved] = useState<AgentPreferences | null>(null);
  const preferences = saved ?? read.data ?? OFF;
  const change = useCallback(async (next: Partial<AgentPreferences>) => {
    const before = saved ?? read.data ?? OFF;
    setSaved({ ...before, ...next });
    try {
      setSaved(await workspaceApi.setPreferences(next));
    } catch (err) {
      setSaved(before);
      reportError('Preferences not saved', err);
    }
  }, [saved, read.data]);
  return { preferences, loaded: read.data !== null, change };
}
