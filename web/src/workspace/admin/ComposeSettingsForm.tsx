import { Button, Divider, Group, List, Modal, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { composeAdminApi, type ComposeChannelSettings, type ComposeSettings } from '../shared/api';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

type ChannelSwitch = 'active' | 'allowManualTo' | 'checkActiveProfile';

/** What each setting means, said in the confirmation before saving it: [question, when on, when off]. */
const MEANING: Record<'allowManualFrom' | ChannelSwitch, [on: [string, string], off: [string, string]]> = {
  allowManualFrom: [
    ['Let agents type a sender number?', 'Agents will be able to send from any number your SMS provider account owns, not only the company numbers listed in Admin.'],
    ['Stop agents typing a sender number?', 'Agents will only be able to send from the company numbers listed in Admin. Numbers typed before stay company numbers.'],
  ],
  active: [
    ['Switch Compose SMS on?', 'Agents will be able to start SMS conversations from Compose SMS.'],
    ['Switch Compose SMS off?', 'Agents will not be able to start SMS conversations: the Compose dialog says it is off and sending is refused. Conversations already open go on.'],
  ],
  allowManualTo: [
    ['Let agents type a recipient number?', 'Agents will be able to type any number to send to, as well as choose a person.'],
    ['Stop agents typing a recipient number?', 'Agents will have to choose the person they write for; Compose sends to the number on that person’s record.'],
  ],
  checkActiveProfile: [
    ['Send only to numbers with a messaging profile?', 'Compose will refuse a number that has no active messaging profile (one that never texted in and was never linked to a person).'],
    ['Send to any number?', 'Compose will no longer ask whether the number has a messaging profile.'],
  ],
};

function changesOf(from: ComposeSettings, to: ComposeSettings): [string, string][] {
  const out: [string, string][] = [];
  if (from.allowManualFrom !== to.allowManualFrom) out.push(MEANING.allowManualFrom[to.allowManualFrom ? 0 : 1]);
  for (const channel of to.channels) {
    const before = from.channels.find((c) => c.channel === channel.channel);
    for (const key of ['active', 'allowManualTo', 'checkActiveProfile'] as const) {
      if (before && before[key] !== channel[key]) out.push(MEANING[key][channel[key] ? 0 : 1]);
    }
  }
  return out;
}

const sameSettings = (a: ComposeSettings, b: ComposeSettings) => changesOf(a, b).length === 0;

/** AI-2 and AI-6: how agents compose, per channel. Saved on purpose, after saying what each change means. */
export function ComposeSettingsForm() {
  const { settings, current, shown, draft, setDraft, saving, save } = useSettingsForm(composeAdminApi.settings, composeAdminApi.putSettings, {
    saved: 'Compose settings saved',
    message: () => 'They apply from the next Compose SMS.',
    notSaved: 'Compose settings not saved',
  });
  const [confirming, setConfirming] = useState(false);

  const change = (next: ComposeSettings) => setDraft(current && sameSettings(current, next) ? null : next);
  const setChannel = (channel: string, key: ChannelSwitch, value: boolean) =>
    shown && change({ ...shown, channels: shown.channels.map((c) => (c.channel === channel ? { ...c, [key]: value } : c)) });
  const changes = current && shown ? changesOf(current, shown) : [];

  return (
    <SettingsSection id="compose-settings-title" title="Compose SMS" read={settings} what="the compose settings">
      {shown && (
        <Stack gap="md" maw={620}>
          <Switch
            label="Agents may type a sender number"
            description="In Compose SMS, besides choosing a company number, an agent may type any number your SMS provider account owns. A typed number that is not a company number yet becomes one, sharing the first company number’s queue, so replies reach Parley."
            checked={shown.allowManualFrom}
            onChange={(e) => change({ ...shown, allowManualFrom: e.currentTarget.checked })}
          />
          {shown.channels.map((c) => (
            <ChannelFields key={c.channel} settings={c} onChange={(key, value) => setChannel(c.channel, key, value)} />
          ))}
          <Button w="fit-content" onClick={() => setConfirming(true)} disabled={draft === null}>
            Save settings
          </Button>
        </Stack>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={changes.length === 1 ? changes[0][0] : 'Save these compose settings?'}>
        {changes.length === 1 ? (
          <Text size="sm">{changes[0][1]}</Text>
        ) : (
          <List size="sm" spacing="xs">
            {changes.map(([question, meaning]) => (
              <List.Item key={question}>{meaning}</List.Item>
            ))}
          </List>
        )}
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

const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS' };

/** AI-2: one channel's switches (its order in a channel picker is kept in the api until there is a second channel). */
function ChannelFields({ settings: c, onChange }: { settings: ComposeChannelSettings; onChange: (key: ChannelSwitch, value: boolean) => void }) {
  const name = CHANNEL_NAMES[c.channel] ?? c.channel;
  const id = `compose-channel-${c.channel}`;
  return (
    <Stack gap="sm" component="fieldset" aria-labelledby={id} style={{ border: 0, padding: 0, margin: 0 }}>
      <Divider mt="xs" />
      <Title order={3} size="h5" id={id}>
        {name} channel
      </Title>
      <Switch
        label={`Agents may compose on ${name}`}
        description="Off: the Compose dialog says compose is off, and nothing is sent. Conversations already open go on."
        checked={c.active}
        onChange={(e) => onChange('active', e.currentTarget.checked)}
      />
      <Switch
        label="Agents may type a recipient number"
        description="Off: agents choose the person they write for, and Compose sends to the number on that person’s record."
        checked={c.allowManualTo}
        disabled={!c.active}
        onChange={(e) => onChange('allowManualTo', e.currentTarget.checked)}
      />
      <Switch
        label="Send only to numbers with an active messaging profile"
        description="On: a number that never texted in and was never linked to a person is refused."
        checked={c.checkActiveProfile}
        disabled={!c.active}
        onChange={(e) => onChange('checkActiveProfile', e.currentTarget.checked)}
      />
    </Stack>
  );
}
