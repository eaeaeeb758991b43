import { Button, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { routingAdminApi } from '../shared/api';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

/** RSN-1/RSN-2 and PRS-5: what happens to an agent's conversations when they leave. */
export function RoutingSettingsForm() {
  const { settings, shown, draft, setDraft, saving, save } = useSettingsForm(routingAdminApi.settings, routingAdminApi.putSettings, {
    saved: 'Routing settings saved', message: () => 'They apply from now on.', notSaved: 'Routing settings not saved',
  });

  return (
    <SettingsSection id="routing-settings-title" title="Routing settings" read={settings} what="the routing settings">
      {shown && (
        <Stack gap="md" maw={560}>
          <Switch
            label="Reassign an agent’s conversations when they go Away or Offline"
            description="Off: they keep their conversations (SMS replies can wait)."
            checked={shown.reassignWhenAgentUnavailable}
            onChange={(e) => setDraft({ ...shown, reassignWhenAgentUnavailable: e.currentTarget.checked })}
          />
          <NumberInput
            label="Offline after the Workspace closes (seconds)"
            description="How long after an agent’s last Workspace window closes they go Offline."
            min={0}
            max={86_400}
            w={320}
            value={shown.offlineGraceSeconds}
            onChange={(v) => setDraft({ ...shown, offlineGraceSeconds: Number(v) || 0 })}
          />
          <Text size="xs" c="dimmed">
            Changes apply from the next change of presence.
          </Text>
          <Button w="fit-content" onClick={() => void save()} loading={saving} disabled={draft === null}>
            Save settings
          </Button>
        </Stack>
      )}
    </SettingsSection>
  );
}
