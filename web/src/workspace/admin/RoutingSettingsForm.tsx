import { Button, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { routingAdminApi, type RoutingSettings } from '../../api';
import { reportError } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { ReadStatus } from '../ReadStatus';

/** RSN-1/RSN-2 and PRS-5: what happens to an agent's conversations when they leave. */
export function RoutingSettingsForm() {
  const settings = useLatestRead(routingAdminApi.settings);
  const [draft, setDraft] = useState<RoutingSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = draft ?? settings.data;

  const save = async () => {
    if (!shown) return;
    setSaving(true);
    try {
      await routingAdminApi.putSettings(shown);
      setDraft(null);
      settings.reload();
      notifications.show({ color: 'green', title: 'Routing settings saved', message: 'They apply from now on.' });
    } catch (err) {
      reportError('Routing settings not saved', err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="routing-settings-title">
      <Title order={2} size="h3" id="routing-settings-title" mb="md">
        Routing settings
      </Title>
      <ReadStatus read={settings} what="the routing settings" />
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
    </section>
  );
}
