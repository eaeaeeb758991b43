import { Alert, Badge, Button, Group, Loader, Paper, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconBraces, IconChecks, IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { adminApi, type VaTopics } from '../../api';
import { messageOf } from '../../report-error';
import { TestConversation } from './TestConversation';
import { parseTopicDocument, topicErrorLines } from './topic-errors';
import classes from './AdminPage.module.css';

// The api stores the document as jsonb, which sorts keys; people read a topic in the order it runs.
const KEY_ORDER = [
  'greeting', 'pickerPrompt', 'help', 'fallback', 'maxUnrecognised', 'closing', 'topics',
  'id', 'title', 'keywords', 'type', 'text', 'field', 'pattern', 'invalidText', 'options', 'label', 'yes', 'no', 'next', 'steps',
];
const rank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);

function inReadingOrder(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b)));
}

const pretty = (document: unknown) => JSON.stringify(document, inReadingOrder, 2);

/** SPEC §6: the virtual agent's topic document, edited as JSON and tried beside the editor. */
export function TopicsEditor() {
  const [saved, setSaved] = useState<VaTopics | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    adminApi.topics().then(
      (t) => {
        setSaved(t);
        setText(pretty(t.document));
      },
      (err: unknown) => setLoadError(messageOf(err)),
    );
  }, []);

  const parsed = useMemo(() => parseTopicDocument(text), [text]);
  const draft = 'document' in parsed ? parsed.document : null;
  const changed = saved !== null && text !== pretty(saved.document);

  const edit = (value: string) => {
    setText(value);
    setChecked(false);
  };

  const format = () => {
    if ('error' in parsed) setErrors([parsed.error]);
    else {
      setText(pretty(parsed.document));
      setErrors([]);
    }
  };

  // The api validates without saving when the draft is tried: "hi" is the first text of any conversation.
  const check = async () => {
    if ('error' in parsed) return setErrors([parsed.error]);
    setBusy(true);
    try {
      await adminApi.tryTopics('hi', null, parsed.document);
      setErrors([]);
      setChecked(true);
    } catch (err) {
      setErrors(topicErrorLines(err));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if ('error' in parsed) return setErrors([parsed.error]);
    setBusy(true);
    try {
      const next = await adminApi.saveTopics(parsed.document);
      setSaved(next);
      setText(pretty(next.document));
      setErrors([]);
      notifications.show({ color: 'green', title: 'Topics saved', message: `Version ${next.version} now answers new texts.` });
    } catch (err) {
      setErrors(topicErrorLines(err));
    } finally {
      setBusy(false);
    }
  };

  const revert = () => {
    if (!saved) return;
    setText(pretty(saved.document));
    setErrors([]);
    setChecked(false);
  };

  if (!saved) {
    return loadError ? (
      <Alert color="red" title="The topics cannot be shown">
        {loadError}
      </Alert>
    ) : (
      <Loader size="sm" aria-label="Loading the topics" />
    );
  }

  return (
    <div className={classes.topics}>
      <Paper withBorder p="md" component="section" aria-labelledby="va-topics-title" className={classes.editor}>
        <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={3} size="h5" id="va-topics-title">
              Topic document
            </Title>
            <Badge variant="light" color="indigo" role="status" aria-label={`Saved version ${saved.version}`}>
              Version {saved.version}
            </Badge>
            {changed && (
              <Badge variant="light" color="yellow">
                Unsaved changes
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconBraces size={14} aria-hidden />} onClick={format}>
              Format
            </Button>
            <Button size="xs" variant="default" leftSection={<IconChecks size={14} aria-hidden />} onClick={() => void check()} disabled={busy}>
              Validate
            </Button>
            <Button size="xs" variant="default" leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={revert} disabled={!changed || busy}>
              Revert
            </Button>
            <Button size="xs" leftSection={<IconDeviceFloppy size={14} aria-hidden />} onClick={() => void save()} loading={busy} disabled={!changed}>
              Save
            </Button>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mb="xs">
          Saved {new Date(saved.savedAt).toLocaleString()}. Steps are text, choice, yes_no, capture, handoff or end; a step’s
          next is a step id of its topic, @picker, @handoff or @end. Every text must be plain SMS of at most 3 segments.
        </Text>
        {errors.length > 0 && (
          <Alert color="red" mb="xs" p="xs" title={errors.length === 1 ? '1 problem in the topic document' : `${errors.length} problems in the topic document`} role="alert">
            <ul className={classes.errors} aria-label="Problems in the topic document">
              {errors.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </Alert>
        )}
        {checked && errors.length === 0 && (
          <Text size="xs" c="green.8" mb="xs" role="status">
            The draft is valid.
          </Text>
        )}
        <Textarea
          aria-label="Topic document (JSON)"
          value={text}
          onChange={(e) => edit(e.currentTarget.value)}
          autosize
          minRows={20}
          maxRows={32}
          spellCheck={false}
          classNames={{ input: classes.json }}
          error={'error' in parsed ? parsed.error : undefined}
        />
      </Paper>
      <TestConversation draft={draft} />
    </div>
  );
}
