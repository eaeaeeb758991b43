import { Text, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { PhoneMessage, WebhookOutcome } from './simulator-api';
import { DeliveryStatusLabel } from '../DeliveryStatusLabel';
import { fullTimeLabel, messageTimeLabel } from '../time-labels';
import { useNow } from '../use-now';
import classes from './PhoneThread.module.css';

interface Props {
  phone: string;
  companyNumber: string;
  messages: PhoneMessage[] | null;
  webhooks: Record<string, WebhookOutcome>;
}

export function PhoneThread({ phone, companyNumber, messages, webhooks }: Props) {
  const now = useNow(60_000);
  const scroller = useRef<HTMLDivElement>(null);
  const lastSid = messages?.at(-1)?.sid;
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastSid]);

  return (
    // Focusable so the thread can be scrolled from the keyboard.
    <div ref={scroller} className={classes.scroller} role="log" aria-label={`Messages on ${phone} with ${companyNumber || 'no company number'}`} tabIndex={0}>
      {messages && messages.length === 0 && (
        <Text c="dimmed" ta="center" py="xl" size="sm">
          No texts with this number yet. Write one below.
        </Text>
      )}
      <ol className={classes.list}>
        {(messages ?? []).map((m) => {
          const mine = m.direction === 'inbound';
          return (
            <li key={m.sid} className={classes.message} data-mine={mine || undefined}>
              <div className={classes.bubble}>
                <VisuallyHidden>{mine ? 'This phone:' : `From ${m.from ?? 'Parley'}:`} </VisuallyHidden>
                <span className={classes.body}>{m.body}</span>
              </div>
              <div className={classes.meta}>
                <time dateTime={m.dateCreated} title={fullTimeLabel(m.dateCreated)}>
                  {messageTimeLabel(m.dateCreated, now)}
                </time>
                {mine ? (
                  <WebhookOutcomeLabel outcome={webhooks[m.sid]} to={m.to} />
                ) : (
                  <DeliveryStatusLabel status={m.status} errorCode={m.errorCode} errorMessage={m.errorMessage} />
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** What became of a text this phone sent: did the company number's webhook (Parley) take it? */
function WebhookOutcomeLabel({ outcome, to }: { outcome: WebhookOutcome | undefined; to: string }) {
  const style = { display: 'inline-flex', alignItems: 'center', gap: 4 };
  if (!outcome) {
    return (
      <Text span size="xs" style={style}>
        Sent to {to}
      </Text>
    );
  }
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    return (
      <Text span size="xs" c="teal.8" style={style}>
        <IconCheck size={14} aria-hidden /> Received by Parley
      </Text>
    );
  }
  return (
    <Text span size="xs" c="red.7" fw={600} style={style}>
      <IconAlertTriangle size={14} aria-hidden />
      {outcome.status !== null ? `Parley refused it (HTTP ${outcome.status})` : `Parley unreachable${outcome.error ? `: ${outcome.error}` : ''}`}
    </Text>
  );
}
