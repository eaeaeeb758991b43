import { Alert, Button, Group, Loader, Paper, SegmentedControl, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { adminApi, type SystemText, type TextLanguage, type TextTranslations } from '../shared/api';
import { messageOf } from '../../report-error';
import { MAX_SMS_CHARACTERS, useSmsSegments } from '../shared/sms-segments';
import { languageLabel, languageName, TEXT_LANGUAGES } from './text-languages';

type Shown = 'default' | TextLanguage;

/** The translations as saved: an empty one is none. */
const filled = (t: TextTranslations): TextTranslations => Object.fromEntries(Object.entries(t).filter(([, v]) => v?.trim())) as TextTranslations;
const sameTranslations = (a: TextTranslations, b: TextTranslations) => JSON.stringify(Object.entries(filled(a)).sort()) === JSON.stringify(Object.entries(filled(b)).sort());

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

/**
 * SPEC §8: the only texts a requester receives from Parley itself, each editable and each switchable; SYS-6: each
 * with a translation per language, edited one language at a time.
 */
export function SystemTexts() {
  const [shown, setShown] = useState<Shown>('default');
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
    return !before || before.body !== t.body || before.enabled !== t.enabled || !sameTranslations(before.translations, t.translations);
  });
  const translatedCount = (language: TextLanguage) => texts.filter((t) => t.translations[language]?.trim()).length;

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const list = await adminApi.saveSystemTexts(changed.map(({ key, body, enabled, translations }) => ({ key, body, enabled, translations: filled(translations) })));
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
          What requesters receive by SMS from Parley itself. Anything else is a note for agents only.
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
      <Group gap="sm" align="center">
        <Text size="sm" fw={500} id="system-text-language">
          Language
        </Text>
        <SegmentedControl
          aria-labelledby="system-text-language"
          value={shown}
          onChange={(v) => setShown(v as Shown)}
          data={[
            { value: 'default', label: 'Default' },
            ...TEXT_LANGUAGES.map((l) => {
              const n = translatedCount(l.value);
              return { value: l.value, label: n ? `${l.label} (${n})` : l.label };
            }),
          ]}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {shown === 'default'
          ? 'The default texts go to every requester whose language has no translation. A requester’s language is their number’s country’s (Spain, Mexico… Spanish; France French; Germany, Austria German; Brazil, Portugal Portuguese), else the company number’s language.'
          : `${languageName(shown)} translations. An empty one is none: ${languageName(shown)} requesters get the default text (shown greyed). The Sent switch applies to every language.`}
      </Text>
      {texts.map((t) => (
        <SystemTextField key={t.key} text={t} shown={shown} onChange={(patch) => change(t.key, patch)} />
      ))}
    </Stack>
  );
}

function SystemTextField({ text, shown, onChange }: { text: SystemText; shown: Shown; onChange: (patch: Partial<SystemText>) => void }) {
  const value = shown === 'default' ? text.body : (text.translations[shown] ?? '');
  const { counter } = useSmsSegments(value);
  const title = TITLES[text.key];
  const label = shown === 'default' ? `Text of ${title}` : `${languageLabel(shown)} text of ${title}`;
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
        aria-label={label}
        value={value}
        placeholder={shown === 'default' ? undefined : text.body}
        autosize
        minRows={1}
        maxRows={6}
        maxLength={MAX_SMS_CHARACTERS}
        onChange={(e) => {
          const next = e.currentTarget.value;
          onChange(shown === 'default' ? { body: next } : { translations: { ...text.translations, [shown]: next } });
        }}
        description={value ? counter : shown === 'default' ? 'No text' : `No ${languageName(shown)} text: ${languageName(shown)} requesters get the default`}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
      />
    </Paper>
  );
}
