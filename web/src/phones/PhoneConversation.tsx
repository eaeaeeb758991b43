import { Group, Paper, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { simulatorApi, type PhoneMessage, type SimEvent, type WebhookOutcome } from './simulator-api';
import { reportError } from '../report-error';
import { useEventStream } from '../use-event-stream';
import { PhoneComposer } from './PhoneComposer';
import { PhoneThread } from './PhoneThread';
import { PhoneThreadList } from './PhoneThreadList';
import { threadsOf } from './threads';
import classes from './PhoneConversation.module.css';

function concernsPhone(m: PhoneMessage, phone: string): boolean {
  return (m.direction === 'inbound' && m.from === phone) || (m.direction === 'outbound-api' && m.to === phone);
}

function upsert(list: PhoneMessage[], m: PhoneMessage): PhoneMessage[] {
  const i = list.findIndex((x) => x.sid === m.sid);
  if (i === -1) return [...list, m];
  const copy = list.slice();
  copy[i] = m;
  return copy;
}

interface Props {
  phone: string;
  /** The thread shown and texted: the company number chosen in the list or typed beside the phone. */
  companyNumber: string;
  companyLabels: Map<string, string>;
  onChooseThread: (companyNumber: string) => void;
  onSent: () => void;
}

export function PhoneConversation({ phone, companyNumber, companyLabels, onChooseThread, onSent }: Props) {
  const [messages, setMessages] = useState<PhoneMessage[] | null>(null);
  const [webhooks, setWebhooks] = useState<Record<string, WebhookOutcome>>({});

  const reload = useCallback(() => {
    simulatorApi.messages(phone).then(
      (r) => setMessages(r.messages),
      (err: unknown) => reportError('Could not read the phone’s messages', err),
    );
  }, [phone]);

  const onEvent = (data: unknown) => {
    const event = data as SimEvent | undefined;
    if (!event) return;
    if (event.type === 'inbound.posted') {
      setWebhooks((w) => ({ ...w, [event.sid]: { status: event.status, error: event.error } }));
    } else if (concernsPhone(event.message, phone)) {
      setMessages((list) => upsert(list ?? [], event.message));
    }
  };

  const stream = useEventStream(simulatorApi.eventsUrl(phone), {
    onOpen: reload,
    events: { 'message.created': onEvent, 'message.status': onEvent, 'inbound.posted': onEvent },
  });

  // Only while the event stream is down.
  useEffect(() => {
    if (stream === 'open') return;
    const timer = setInterval(reload, 5_000);
    return () => clearInterval(timer);
  }, [stream, reload]);

  const threads = useMemo(() => threadsOf(messages ?? [], companyNumber), [messages, companyNumber]);
  const thread = threads.find((t) => t.companyNumber === companyNumber);
  const label = companyLabels.get(companyNumber);

  const send = async (body: string) => {
    const r = await simulatorApi.send(phone, companyNumber, body);
    setMessages((list) => upsert(list ?? [], r.message));
    setWebhooks((w) => ({ ...w, [r.sid]: r.webhook }));
    onSent();
  };

  return (
    <Paper withBorder className={classes.phone}>
      <Group className={classes.header} justify="space-between" wrap="nowrap">
        <Title order={2} size="h4">
          {phone}
        </Title>
        <Text size="xs" c={stream === 'reconnecting' ? 'orange.9' : 'teal.9'} role="status">
          {stream === 'open' ? 'Live' : stream === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </Text>
      </Group>
      {threads.length > 0 && (
        <PhoneThreadList phone={phone} threads={threads} selected={companyNumber} companyLabels={companyLabels} onChoose={onChooseThread} />
      )}
      <div className={classes.threadHeader}>
        <Title order={3} size="h5">
          {companyNumber ? `Texting ${companyNumber}` : 'No company number yet'}
        </Title>
        {label && (
          <Text size="xs" c="dimmed">
            {label}
          </Text>
        )}
      </div>
      <PhoneThread phone={phone} companyNumber={companyNumber} messages={messages === null ? null : (thread?.messages ?? [])} webhooks={webhooks} />
      <PhoneComposer companyNumber={companyNumber} onSend={send} />
    </Paper>
  );
}
