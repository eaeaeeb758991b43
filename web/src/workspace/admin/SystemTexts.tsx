import { Alert, Button, Group, Loader, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { adminApi, type SystemText } from '../../api';
import { messageOf } from '../../report-error';
import { MAX_SMS_CHARACTERS, useSmsSegments } from '../sms-segments';

const TITLES: Record<SystemText['key'], string> = {
  agent_accepted: 'Agent accepted',
  va_transfer: 'Virtual agent hands off',
  no_agents_available: 'No agents available',
  queue_max_wait: 'Queue maximum wait',
  conversation_closed: 'Conversation closed',
  prompt_requester: 'Prompt requester',
  opt_out_confirmation: 'Opt-out confirmation (STOP)',
  opt_in_confirmation: 'Opt-in confirmation (START)',
  help: 'Help (HELP, INFO)',
  va_no_live_agents: 'No live agents on this number',
};

/** SPEC §8: the only texts a requester receives from Parley itself, each editable and each switchable. */
export function SystemTexts() {
  const [saved, setSaved] = useState<SystemText[] | null>(null);
  const [texts, setTexts] = useState<SystemText[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    adminApi.systemTexts().then(
      (list) => {
        setSaved(list);
        setTexts(list);
      },
      (err: unknown) => setError(messageOf(err)),
    );
  }, []);

  const change = (key: SystemText['key'], patch: Partial<SystemText>) => setTexts((all) => all.map((t) => (t.key === key ? { ...t, ...patch } : t)));
  const changed = texts.filter((t) => {
    const before = saved?.find((s) => s.key === t.key);
    return !before || before.body !== t.body || before.enabled !== t.enabled;
  });

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const list = await adminApi.saveSystemTexts(changed.map(({ key, body, enabled }) => ({ key, body, enabled })));
      setSaved(list);
      setTexts(list);
      notifications.show({ color: 'green', title: 'System texts saved', message: `${changed.length} ${changed.length === 1 ? 'text' : 'texts'} changed.` });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (!saved) return error ? <Alert color="red" title="The system texts cannot be shown">{error}</Alert> : <Loader size="sm" aria-label="Loading the system texts" />;

  return (
    <Stack gap="sm" maw={860}>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          What requesters receive by SMS from Parley itself (SPEC §8). Anything else is a note for agents only.
        </Text>
        <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => void save()} loading={busy} disabled={changed.length === 0}>
          Save
        </Button>
      </Group>
      {error && (
        <Alert color="red" title="Not saved" role="alert">
          {error}
        </Alert>
      )}
      {texts.map((t) => (
        <SystemTextField key={t.key} text={t} onChange={(patch) => change(t.key, patch)} />
      ))}
    </Stack>
  );
}

function SystemTextField({ text, onChange }: { text: SystemText; onChange: (patch: Partial<SystemText>) => void }) {
  const { counter } = useSmsSegments(text.body);
  const title = TITLES[text.key];
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Title order={3} size="h6">
            {title}
          </Title>
          <Text size="xs" c="dimmed">
            {text.description}
          </Text>
        </div>
        <Switch label="Sent" checked={text.enabled} onChange={(e) => onChange({ enabled: e.currentTarget.checked })} aria-label={`Send ${title}`} />
      </Group>
      <Textarea
        mt="xs"
        aria-label={`Text of ${title}`}
        value={text.body}
        autosize
        minRows={1}
        maxRows={6}
        maxLength={MAX_SMS_CHARACTERS}
        onChange={(e) => onChange({ body: e.currentTarget.value })}
        description={counter}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
      />
    </Paper>
  );
}
