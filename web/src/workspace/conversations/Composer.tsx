import { Button, Group, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, workspaceApi, type InteractionDetail, type Me } from '../shared/api';
import { reportError } from '../../report-error';
import { MAX_SMS_CHARACTERS, useSmsSegments } from '../shared/sms-segments';
import { WhyDisabled } from '../shared/WhyDisabled';
import classes from './Composer.module.css';

const WRITABLE = new Set(['work_in_progress', 'on_hold', 'wrap_up']);
/**
 * ONG-4: an agent switches between conversations without losing what they were writing. Unsent text is kept per
 * conversation for the page's life (the conversation view is remounted on each switch).
 */
const drafts = new Map<string, string>();
/** SPEC §9: every send to an opted-out number is refused; the agent sees why before trying. */
const OPTED_OUT = 'This requester texted STOP: nothing can be sent until they text START.';

function whyNotWritable(detail: InteractionDetail, me: Me): string | null {
  if (detail.state === 'closed_complete' || detail.state === 'closed_abandoned') return 'This conversation is closed: replies can no longer be sent.';
  if (detail.optedOut) return OPTED_OUT;
  if (me.role === 'agent' && detail.assignedAgentId !== null && detail.assignedAgentId !== me.id && !detail.participantIds.includes(me.id)) {
    return 'A colleague holds this conversation: you can read it, not reply.';
  }
  // AI-15: an agent who joined by composing writes in it too (the api lets them).
  if (detail.assignedAgentId !== me.id && !detail.participantIds.includes(me.id)) return 'Only the agent assigned to this conversation can reply.';
  if (!WRITABLE.has(detail.state)) return 'Accept the conversation before replying.';
  return null;
}

export function Composer({ detail, me, onSent }: { detail: InteractionDetail; me: Me; onSent: () => void }) {
  const [text, setTextState] = useState(() => drafts.get(detail.id) ?? '');
  const setText = (value: string) => {
    setTextState(value);
    if (value) drafts.set(detail.id, value);
    else drafts.delete(detail.id);
  };
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const disabledReason = whyNotWritable(detail, me);
  const writable = disabledReason === null;

  // Opening a conversation one can answer puts the cursor where the answer goes.
  useEffect(() => {
    if (writable) input.current?.focus();
  }, [writable, detail.id]);

  const { counter, tooLong, unicodeNote } = useSmsSegments(text);

  const send = async () => {
    if (!writable || sending || !text.trim() || tooLong) return;
    setSending(true);
    try {
      await workspaceApi.sendMessage(detail.id, text);
      setText('');
      onSent();
    } catch (err) {
      reportError('Message not sent', err);
      // The requester opted out meanwhile: re-read, so the box says why it is disabled.
      if (err instanceof ApiError && err.code === 'opted_out') onSent();
    } finally {
      setSending(false);
      // Back to the box for the next text, unless the agent has moved on meanwhile (a send can take seconds: focus
      // taken back then closed the requester panel's search under their typing).
      const at = document.activeElement;
      if (at === null || at === document.body || at === input.current) input.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  return (
    <form className={classes.composer} onSubmit={onSubmit} aria-label="Reply">
      <Textarea
        ref={input}
        aria-label={`Reply to ${detail.requesterNumber}`}
        placeholder={writable ? 'Write a text message. Enter sends, Shift+Enter starts a new line.' : undefined}
        autosize
        minRows={2}
        maxRows={6}
        maxLength={MAX_SMS_CHARACTERS}
        value={text}
        disabled={!writable}
        title={disabledReason ?? undefined}
        readOnly={sending}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        description={
          writable ? (
            <span className={classes.counter}>{counter}</span>
          ) : disabledReason === OPTED_OUT ? (
            <Text span size="xs" c="red.8" fw={500}>
              {disabledReason}
            </Text>
          ) : (
            disabledReason
          )
        }
        inputWrapperOrder={['label', 'input', 'description', 'error']}
      />
      <Group justify="space-between" mt={6} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {unicodeNote}
        </Text>
        <WhyDisabled reason={disabledReason ?? (tooLong ? `A text has at most ${MAX_SMS_CHARACTERS.toLocaleString('en-US')} characters: shorten it.` : !text.trim() ? 'Write a message first.' : null)}>
          <Button type="submit" rightSection={<IconSend size={16} aria-hidden />} loading={sending} disabled={!writable || !text.trim() || tooLong}>
            Send
          </Button>
        </WhyDisabled>
      </Group>
    </form>
  );
}
