import { Button, Group, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { reportError } from '../report-error';

const E164 = /^\+[1-9]\d{6,14}$/;

export function PhoneComposer({ companyNumber, onSend }: { companyNumber: string; onSend: (body: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const validTo = E164.test(companyNumber);

  const send = async () => {
    if (!validTo || sending || !text.trim()) return;
    setSending(true);
    try {
      await onSend(text);
      setText('');
    } catch (err) {
      reportError('Text not sent', err);
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void send();
      }}
      style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md) var(--mantine-spacing-md)', borderTop: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          flex={1}
          label="Text message"
          placeholder="Type a text. Enter sends, Shift+Enter starts a new line."
          autosize
          minRows={1}
          maxRows={5}
          maxLength={1600}
          value={text}
          readOnly={sending}
          error={validTo ? null : 'Type a valid company number to text (E.164, e.g. +15005550006).'}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <Button type="submit" color="teal.8" loading={sending} disabled={!validTo || !text.trim()} rightSection={<IconSend size={16} aria-hidden />}>
          Send
        </Button>
      </Group>
    </form>
  );
}
