import { Alert, Badge, Button, Group, Paper, Select, Switch, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { adminApi, type CompanyNumber, type VaSession, type VaTryTurn } from '../shared/api';
import { topicErrorLines } from './topic-errors';
import classes from './TestConversation.module.css';

interface Bubble {
  id: number;
  from: 'requester' | 'virtual_agent';
  body: string;
}

const OUTCOMES: Record<Exclude<VaTryTurn['outcome']['kind'], 'continue'>, { label: string; color: string }> = {
  handoff: { label: 'Handed off to a live agent', color: 'orange' },
  end: { label: 'Conversation ended', color: 'gray' },
};

interface Props {
  /** The editor's unsaved document, or null when it is not valid JSON. */
  draft: Record<string, unknown> | null;
  /** VA-3: numbers to try the topics as (their requesters meet only the topics offered there). */
  companyNumbers: CompanyNumber[];
}

/** Runs the virtual agent on typed texts without sending any SMS, showing its replies as a phone would. */
export function TestConversation({ draft, companyNumbers }: Props) {
  const [useDraft, setUseDraft] = useState(true);
  const [texting, setTexting] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [bubbles, setBubbles] = useState<Bubble[]>([]);
  const [session, setSession] = useState<VaSession | null>(null);
  const [outcome, setOutcome] = useState<VaTryTurn['outcome'] | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const nextId = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  // The last reply and the outcome stay in view: after every turn (a new conversation after an end has as many
  // bubbles as the old one had), before the browser paints.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [bubbles, outcome]);

  const startOver = () => {
    setBubbles([]);
    setSession(null);
    setOutcome(null);
    setErrors([]);
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    if (useDraft && !draft) {
      setErrors(['The draft is not valid JSON: fix it, or try the saved topics.']);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      // After a handoff or an end the next text starts a new conversation, as it would on the phone.
      const ended = outcome !== null && outcome.kind !== 'continue';
      const turn = await adminApi.tryTopics(body, ended ? null : session, useDraft ? (draft ?? undefined) : undefined, texting);
      const said: Bubble = { id: nextId.current++, from: 'requester', body };
      const replies = turn.replies.map((r): Bubble => ({ id: nextId.current++, from: 'virtual_agent', body: r }));
      setBubbles((b) => [...(ended ? [] : b), said, ...replies]);
      setSession(turn.session);
      setOutcome(turn.outcome);
      setText('');
    } catch (err) {
      setErrors(topicErrorLines(err));
    } finally {
      setBusy(false);
    }
  };

  const shown = outcome && outcome.kind !== 'continue' ? OUTCOMES[outcome.kind] : null;
  return (
    <Paper withBorder p="md" className={classes.box} component="section" aria-labelledby="va-test-title">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={3} size="h5" id="va-test-title">
          Test conversation
        </Title>
        <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} onClick={startOver}>
          Start over
        </Button>
      </Group>
      <Switch
        size="sm"
        mb="xs"
        label={useDraft ? 'Trying the unsaved draft' : 'Trying the saved topics'}
        checked={useDraft}
        onChange={(e) => {
          setUseDraft(e.currentTarget.checked);
          startOver();
        }}
      />
      <Select
        size="xs"
        mb="xs"
        label="Texting"
        aria-label="Company number the test texts"
        data={[{ value: '', label: 'Any number (every topic)' }, ...companyNumbers.map((n) => ({ value: n.number, label: `${n.number} · ${n.displayName}` }))]}
        value={texting ?? ''}
        onChange={(v) => {
          setTexting(v || null);
          startOver();
        }}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      <Text size="xs" c="dimmed" mb="xs">
        Runs the virtual agent as a requester would text it. No SMS is sent.
      </Text>
      <div ref={scroller} className={classes.thread} role="log" aria-label="Test conversation with the virtual agent" tabIndex={0}>
        {bubbles.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" mt="xl">
            Text “hi” to start.
          </Text>
        ) : (
          bubbles.map((b) => (
            <div key={b.id} className={classes.bubble} data-from={b.from}>
              <VisuallyHidden>{b.from === 'requester' ? 'You: ' : 'Virtual agent: '}</VisuallyHidden>
              {b.body}
            </div>
          ))
        )}
        {shown && (
          <Badge className={classes.outcome} color={shown.color} variant="light" role="status">
            {shown.label}
            {outcome && 'reason' in outcome ? ` (${outcome.reason.replace(/_/g, ' ')})` : ''}
          </Badge>
        )}
      </div>
      {errors.length > 0 && (
        <Alert color="red" mt="xs" p="xs" title="The virtual agent cannot run">
          {errors.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </Alert>
      )}
      <form onSubmit={(e) => void send(e)} className={classes.form}>
        <TextInput
          flex={1}
          aria-label="Text to the virtual agent"
          placeholder="Type a text, Enter sends"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          maxLength={1600}
        />
        <Button type="submit" loading={busy} disabled={!text.trim()} rightSection={<IconSend size={14} aria-hidden />}>
          Send
        </Button>
      </form>
    </Paper>
  );
}
