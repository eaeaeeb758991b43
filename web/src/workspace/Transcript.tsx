import { Anchor, Text, VisuallyHidden } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { Me, TranscriptMessage } from '../api';
import { fullTimeLabel, messageTimeLabel } from '../time-labels';
import { useNow } from '../use-now';
import { DeliveryStatusLabel } from '../DeliveryStatusLabel';
import classes from './Transcript.module.css';

function speaker(m: TranscriptMessage, me: Me): string {
  if (m.direction === 'inbound') return 'Requester';
  if (m.direction === 'system') return 'System message';
  return m.authorId === me.id ? 'You' : 'Agent';
}

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

export function Transcript({ messages, me, requesterNumber }: { messages: TranscriptMessage[]; me: Me; requesterNumber: string }) {
  const now = useNow(60_000);
  const scroller = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);

  // Follow the conversation: a new message scrolls it into view.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last?.id]);

  return (
    // A focusable scroll region, so it can be scrolled from the keyboard.
    <div ref={scroller} className={classes.scroller} role="log" aria-label={`Transcript with ${requesterNumber}`} tabIndex={0}>
      {messages.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          No messages yet.
        </Text>
      ) : (
        <ol className={classes.list}>
          {messages.map((m) => (
            <li key={m.id} className={classes.message} data-direction={m.direction}>
              <div className={classes.bubble}>
                {m.direction === 'system' ? (
                  <Text span size="xs" fw={700} tt="uppercase" c="dimmed" className={classes.systemMark}>
                    <IconInfoCircle size={14} aria-hidden /> System message:{' '}
                  </Text>
                ) : (
                  <VisuallyHidden>{speaker(m, me)}: </VisuallyHidden>
                )}
                <span className={classes.body}>{m.body}</span>
                {m.media.length > 0 && (
                  <ul className={classes.media}>
                    {m.media.map((item, n) => (
                      <li key={n}>
                        {isWebUrl(item.url) ? (
                          <Anchor href={item.url} target="_blank" rel="noopener noreferrer" size="sm">
                            Attachment {n + 1} ({item.contentType})
                          </Anchor>
                        ) : (
                          <Text span size="sm">
                            Attachment {n + 1} ({item.contentType})
                          </Text>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div className={classes.meta}>
                <time dateTime={m.createdAt} title={fullTimeLabel(m.createdAt)}>
                  {messageTimeLabel(m.createdAt, now)}
                </time>
                {m.direction === 'outbound' && <DeliveryStatusLabel status={m.status} errorCode={m.errorCode} errorMessage={m.errorMessage} />}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
