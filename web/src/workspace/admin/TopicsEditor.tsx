import { Alert, Badge, Button, Group, Loader, MultiSelect, Paper, SegmentedControl, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconBraces, IconChecks, IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { adminApi, type CompanyNumber, type VaTopics } from '../shared/api';
import { messageOf } from '../../report-error';
import { TestConversation } from './TestConversation';
import { TopicForm } from './TopicForm';
import { stillStanding, topicErrorsByPath } from './topic-error-paths';
import { parseTopicDocument, topicErrorLines } from './topic-errors';
import classes from './AdminPage.module.css';

// The api stores the document as jsonb, which sorts keys; people read a topic in the order it runs.
const KEY_ORDER = [
  'greeting', 'pickerPrompt', 'help', 'fallback', 'maxUnrecognised', 'closing', 'topics',
  'id', 'title', 'keywords', 'companyNumbers', 'type', 'text', 'field', 'pattern', 'invalidText', 'options', 'label', 'yes', 'no', 'next', 'steps',
];
const rank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);

function inReadingOrder(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b)));
}

const pretty = (document: unknown) => JSON.stringify(document, inReadingOrder, 2);

// Power users keep the JSON view between visits.
const VIEW_KEY = 'parley.topicsEditorView';
type EditorView = 'form' | 'json';
const storedView = (): EditorView => (localStorage.getItem(VIEW_KEY) === 'json' ? 'json' : 'form');

/** SPEC §6: the virtual agent's topic document, edited as forms or as JSON, and tried beside the editor. */
export function TopicsEditor() {
  const [saved, setSaved] = useState<VaTopics | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [numbers, setNumbers] = useState<CompanyNumber[]>([]);
  const [view, setView] = useState<EditorView>(storedView);
  // The draft the errors were about, so the form drops an error once its field changes.
  const [checkedText, setCheckedText] = useState('');

  useEffect(() => {
    // VA-3: the numbers a topic may be limited to; without them the picker below is empty, the editor still works.
    adminApi.companyNumbers().then(setNumbers, () => setNumbers([]));
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
  const errorsByPath = useMemo(() => {
    const checkedDoc = parseTopicDocument(checkedText);
    return stillStanding(topicErrorsByPath(errors), 'document' in checkedDoc ? checkedDoc.document : null, draft);
  }, [errors, checkedText, draft]);
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
      setCheckedText(text);
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
      setCheckedText(text);
    } finally {
      setBusy(false);
    }
  };

  /** VA-3: the topic's company numbers written into the draft (none: the field goes, the topic is offered on all). */
  const offerOn = (index: number, companyNumbers: string[]) => {
    if (!draft) return;
    const topics = (draft.topics as Record<string, unknown>[]).map((t, i) => {
      if (i !== index) return t;
      const { companyNumbers: _old, ...rest } = t;
      return companyNumbers.length ? { ...rest, companyNumbers } : rest;
    });
    edit(pretty({ ...draft, topics }));
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
        <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
          <Text size="xs" c="dimmed" maw={520}>
            Saved {new Date(saved.savedAt).toLocaleString()}. Each topic runs its steps from the first; every text must be
            plain SMS of at most 3 segments.
          </Text>
          <SegmentedControl
            size="xs"
            aria-label="Edit the topics as"
            data={[
              { value: 'form', label: 'Form' },
              { value: 'json', label: 'JSON' },
            ]}
            value={view}
            onChange={(v) => {
              setView(v as EditorView);
              localStorage.setItem(VIEW_KEY, v);
            }}
          />
        </Group>
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
        <TopicAvailability draft={draft} numbers={numbers} onChange={offerOn} />
        {view === 'form' ? (
          draft ? (
            <TopicForm draft={draft} errors={errorsByPath} onChange={(next) => edit(pretty(next))} />
          ) : (
            <Alert color="red" title="The JSON has a mistake">
              The form cannot show a document that is not valid JSON. Fix it in the JSON view.
            </Alert>
          )
        ) : (
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
        )}
      </Paper>
      <TestConversation draft={draft} companyNumbers={numbers} />
    </div>
  );
}

interface DraftTopic {
  id?: unknown;
  title?: unknown;
  companyNumbers?: unknown;
}

/** VA-3: which company numbers offer each topic (none chosen: all), written into the draft's `companyNumbers`. */
function TopicAvailability({ draft, numbers, onChange }: { draft: Record<string, unknown> | null; numbers: CompanyNumber[]; onChange: (index: number, companyNumbers: string[]) => void }) {
  const topics = Array.isArray(draft?.topics) ? (draft.topics as DraftTopic[]) : null;
  const options = numbers.map((n) => ({ value: n.number, label: `${n.number} · ${n.displayName}` }));
  return (
    <Paper withBorder p="xs" mb="xs" component="section" aria-labelledby="va-availability-title">
      <Title order={4} size="h6" id="va-availability-title">
        Where each topic is offered
      </Title>
      <Text size="xs" c="dimmed" mb={4}>
        A topic offered on some company numbers is left out of the picker and of topic matching on the others. None chosen: every number.
      </Text>
      {!topics ? (
        <Text size="xs" c="red.8">
          Fix the JSON below to choose where topics are offered.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Where each topic is offered">
          <Table.Tbody>
            {topics.map((t, i) => {
              const title = typeof t.title === 'string' ? t.title : `Topic ${i + 1}`;
              const chosen = Array.isArray(t.companyNumbers) ? t.companyNumbers.filter((n): n is string => typeof n === 'string') : [];
              // A number the draft names that is not ours stays visible, so it can be removed (saving refuses it).
              const data = [...options, ...chosen.filter((n) => !numbers.some((x) => x.number === n)).map((n) => ({ value: n, label: `${n} (not ours)` }))];
              return (
                <Table.Tr key={`${String(t.id)}-${i}`}>
                  <Table.Td w="35%">
                    <Text size="sm">{title}</Text>
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      size="xs"
                      aria-label={`Company numbers offering ${title}`}
                      placeholder={chosen.length ? undefined : 'All company numbers'}
                      data={data}
                      value={chosen}
                      onChange={(v) => onChange(i, v)}
                      clearable
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
