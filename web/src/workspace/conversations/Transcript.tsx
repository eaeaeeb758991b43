import { Anchor, Text, VisuallyHidden } from '@mantine/core';
import { IconHeadset, IconInfoCircle, IconRobot } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import type { InteractionWithRequester, Me } from '../shared/api';
import { fullTimeLabel, messageTimeLabel } from '../../time-labels';
import { useNow } from '../../use-now';
import { DeliveryStatusLabel } from '../../DeliveryStatusLabel';
import classes from './Transcript.module.css';

type Message = InteractionWithRequester['messages'][number];

function speaker(m: Message, me: Me): string {
  switch (m.authorKind) {
    case 'requester':
      return 'Requester';
    case 'system':
      return 'System message';
    case 'virtual_agent':
      return 'Virtual agent';
    default:
      return m.authorId === me.id ? 'You' : (m.authorName ?? 'Another agent');
  }
}

/**
 * SPEC §17: every message says who wrote it; outbound ones not written by the reader are labelled with the author
 * (another agent by name — an AI-15 participant or an earlier assignee —, or the VA). "You" only for the reader's own.
 */
function AuthorMark({ m, me }: { m: Message; me: Me }) {
  if (m.authorKind === 'virtual_agent') {
    return (
      <Text span size="xs" fw={600} c="grape.8" className={classes.authorMark} aria-hidden>
        <IconRobot size={14} aria-hidden /> Virtual agent
      </Text>
    );
  }
  if (m.authorKind === 'agent' && m.authorId !== me.id) {
    return (
      <Text span size="xs" fw={600} c="dimmed" className={classes.authorMark} aria-hidden>
        <IconHeadset size={14} aria-hidden /> {m.authorName ?? 'Another agent'}
      </Text>
    );
  }
  return null;
}

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

export function Transcript({ messages, me, requesterNumber }: { messages: Message[]; me: Me; requesterNumber: string }) {
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
            <li key={m.id} className={classes.message} data-direction={m.direction} data-author={m.authorKind}>
              <AuthorMark m={m} me={me} />
              <div className={classes.bubble}>
                {m.direction === 'system' || m.authorKind === 'system' ? (
                  <Text span size="xs" fw={700} tt="uppercase" c="dimmed" className={classes.systemMark}>
                    <IconInfoCircle size={14} aria-hidden /> {m.direction === 'system' ? 'Note for agents:' : 'Automatic SMS:'}{' '}
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
                {m.direction === 'outbound' && (
                  <DeliveryStatusLabel status={m.status} errorCode={m.errorCode} errorMessage={m.errorMessage} heldUntil={m.heldUntil} />
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
