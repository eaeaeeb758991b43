import { Badge, EmptyState, Group, Loader, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconMessageOff, IconMessages } from '@tabler/icons-react';
import type { Me, OngoingWithRequester } from '../shared/api';
import { agoLabel } from '../../time-labels';
import { useNow } from '../../use-now';
import { CountBadge } from '../shared/CountBadge';
import { InteractionStateBadge } from '../shared/InteractionStateBadge';
import { RequesterName, VerifyIdentityBadge } from '../requester/RequesterIdentity';
import classes from './OngoingList.module.css';

interface Props {
  items: OngoingWithRequester[] | null;
  me: Me;
  openId: string | null;
  onOpen: (interactionId: string) => void;
}

/** ONG-1…5: the API's order (unread first, then most recent activity); closed interactions are not in it. */
export function OngoingList({ items, me, openId, onOpen }: Props) {
  const now = useNow(15_000);
  if (items === null) return <Loader m="md" size="sm" aria-label="Loading conversations" />;
  if (items.length === 0) {
    return (
      <EmptyState
        py="xl"
        px="md"
        icon={<IconMessages size={28} stroke={1.5} aria-hidden />}
        title="No ongoing conversations"
        description="Conversations you accept stay here until they end."
      />
    );
  }
  return (
    <ul className={classes.list} aria-label="Ongoing conversations">
      {items.map((i) => (
        <li key={i.id}>
          <OngoingRow item={i} me={me} selected={i.id === openId} now={now} onOpen={() => onOpen(i.id)} />
        </li>
      ))}
    </ul>
  );
}

function OngoingRow({ item, me, selected, now, onOpen }: { item: OngoingWithRequester; me: Me; selected: boolean; now: number; onOpen: () => void }) {
  const unread = item.unreadCount > 0;
  return (
    <UnstyledButton
      className={classes.row}
      onClick={onOpen}
      aria-current={selected ? 'true' : undefined}
      data-unread={unread || undefined}
      data-on-hold={item.state === 'on_hold' || undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={unread ? 700 : 600} truncate>
          <RequesterName name={item.requesterName} number={item.requesterNumber} />
        </Text>
        <Group gap={6} wrap="nowrap">
          <InteractionStateBadge state={item.state} />
          <CountBadge count={item.unreadCount} color="red" noun={item.unreadCount === 1 ? 'unread message' : 'unread messages'} />
        </Group>
      </Group>
      <Text size="sm" lineClamp={1} c={unread ? undefined : 'dimmed'} fw={unread ? 600 : 400} className={classes.snippet}>
        {item.lastMessage || 'No messages yet'}
      </Text>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed">
          {lastWriter(item, me, now)}
        </Text>
        <Group gap={6} wrap="nowrap">
          {item.optedOut && <OptedOutBadge />}
          {item.verifyIdentity && <VerifyIdentityBadge />}
        </Group>
      </Group>
    </UnstyledButton>
  );
}

/** SPEC §9: the requester texted STOP; nothing can be sent, and the conversation may as well end. */
function OptedOutBadge() {
  return (
    <Tooltip label="The requester texted STOP: nothing can be sent to them until they text START. Open it to end it." multiline w={260}>
      <Badge color="red" variant="light" size="sm" leftSection={<IconMessageOff size={12} aria-hidden />} style={{ flexShrink: 0 }}>
        Opted out
      </Badge>
    </Tooltip>
  );
}

const WRITER = { requester: 'Requester wrote', virtual_agent: 'Virtual agent wrote', system: 'Automatic text' } as const;

/**
 * Who wrote the message the snippet shows, and when. SPEC §17: "You wrote" only for the reader's own message; a
 * colleague who joined by composing (AI-15) is named.
 */
function lastWriter(item: OngoingWithRequester, me: Me, now: number): string {
  const at = item.lastMessageAt ?? item.lastInboundAt;
  if (!item.lastMessageAuthorKind || !at) return 'No requester message yet';
  const kind = item.lastMessageAuthorKind;
  const who = kind === 'agent' ? (item.lastMessageAuthorId === me.id ? 'You wrote' : `${item.lastMessageAuthorName ?? 'Another agent'} wrote`) : WRITER[kind];
  return `${who} ${agoLabel(at, now)}`;
}
