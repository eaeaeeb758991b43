import { Button, Group, Modal, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { composeAdminApi } from '../../api';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

/** AI-6: whether agents may type a sender number in Compose SMS. Saved on purpose, after saying what it means. */
export function ComposeSettingsForm() {
  const { settings, current, shown, draft, setDraft, saving, save } = useSettingsForm(composeAdminApi.settings, composeAdminApi.putSettings, {
    saved: 'Compose settings saved',
    message: (s) => (s.allowManualFrom ? 'Agents may now type a sender number.' : 'Agents now choose a company number.'),
    notSaved: 'Compose settings not saved',
  });
  const [confirming, setConfirming] = useState(false);
  const allow = shown?.allowManualFrom ?? false;

  return (
    <SettingsSection id="compose-settings-title" title="Compose SMS" read={settings} what="the compose settings">
      {shown && (
        <Stack gap="md" maw={560}>
          <Switch
            label="Agents may type a sender number"
            description="In Compose SMS, besides choosing a company number, an agent may type any number your SMS provider account owns. A typed number that is not a company number yet becomes one, sharing the first company number’s queue, so replies reach Parley."
            checked={allow}
            onChange={(e) => setDraft(e.currentTarget.checked === current?.allowManualFrom || !current ? null : { ...current, allowManualFrom: e.currentTarget.checked })}
          />
          <Text size="xs" c="dimmed">
            SMS is the only channel agents compose on. A typed number the account does not own is refused.
          </Text>
          <Button w="fit-content" onClick={() => setConfirming(true)} disabled={draft === null}>
            Save settings
          </Button>
        </Stack>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={allow ? 'Let agents type a sender number?' : 'Stop agents typing a sender number?'}>
        <Text size="sm">
          {allow
            ? 'Agents will be able to send from any number your SMS provider account owns, not only the company numbers listed in Admin.'
            : 'Agents will only be able to send from the company numbers listed in Admin. Numbers typed before stay company numbers.'}
        </Text>
        <Group justify="flex-end" gap="sm" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button onClick={() => void save(() => setConfirming(false))} loading={saving}>
            Save
          </Button>
        </Group>
      </Modal>
    </SettingsSection>
  );
}
