import { CLOSE_REASON_LABELS } from './close-reason-words';
import { ActionIcon, Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconEye, IconId, IconMessageOff, IconRoute, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { requesterApi, workspaceApi, type InteractionDetail, type Me } from '../shared/api';
import { messageOf } from '../../report-error';
import { useLatestRead } from '../../use-latest-read';
import { CapturedContext } from './CapturedContext';
import { Composer } from './Composer';
import { EndDialog } from './EndDialog';
import { InteractionActions } from './InteractionActions';
import { InteractionStateBadge } from '../shared/InteractionStateBadge';
import { NextStepCountdown } from './NextStepCountdown';
import { RequesterName, VerifyIdentityBadge } from '../requester/RequesterIdentity';
import { RequesterPanel } from '../requester/RequesterPanel';
import { RoutingPanel } from '../routing/RoutingPanel';
import { Transcript } from './Transcript';
import classes from './ConversationView.module.css';

interface Props {
  interactionId: string;
  me: Me;
  /** Bumped when the server says this interaction changed. */
  refreshKey: number;
  onClose: () => void;
  /** Something the list shows changed (read, state). */
  onChanged: () => void;
  /** Opens another conversation read-only (the requester's earlier ones, issue 25). */
  onOpenConversation?: (interactionId: string) => void;
}

/** What the side of the conversation shows. */
type Panel = 'requester' | 'routing' | 'none';

export function ConversationView({ interactionId, me, refreshKey, onClose, onChanged, onOpenConversation }: Props) {
  const read = useCallback(() => requesterApi.interaction(interactionId), [interactionId]);
  const { data, error, reload } = useLatestRead(read, refreshKey);
  const detail = data?.id === interactionId ? data : null;
  const unread = detail?.unreadCount ?? 0;
  const closed = detail?.state === 'closed_complete' || detail?.state === 'closed_abandoned';
  // ONG-6: an agent opening a colleague's conversation reads it only.
  const readOnly =
    me.role === 'agent' && !!detail?.assignedAgentId && detail.assignedAgentId !== me.id && !detail.participantIds.includes(me.id);
  const title = useRef<HTMLHeadingElement>(null);
  // Beside the transcript on wide screens; on narrow ones it opens above it on demand.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [panelChoice, setPanelChoice] = useState<Panel | null>(null);
  const panel = panelChoice ?? (wide ? 'requester' : 'none');
  const panelOpen = panel === 'requester';
  const routingOpen = panel === 'routing';

  // Ending removes the action buttons; keep keyboard focus in the conversation rather than losing it to the page.
  useEffect(() => {
    if (closed && (document.activeElement === document.body || document.activeElement === null)) title.current?.focus();
  }, [closed]);

  // Agents are not sent a colleague's changes: while reading one, re-read now and then.
  useEffect(() => {
    if (!readOnly) return;
    const timer = setInterval(reload, 10_000);
    return () => clearInterval(timer);
  }, [readOnly, reload]);

  // Unread means "not yet seen by the agent": only a visible, focused page has been seen.
  useEffect(() => {
    if (unread === 0 || readOnly) return;
    const markIfSeen = () => {
      if (document.visibilityState !== 'visible' || !document.hasFocus()) return;
      workspaceApi.markRead(interactionId).then(() => {
        reload();
        onChanged();
      }, () => undefined);
    };
    markIfSeen();
    window.addEventListener('focus', markIfSeen);
    document.addEventListener('visibilitychange', markIfSeen);
    return () => {
      window.removeEventListener('focus', markIfSeen);
      document.removeEventListener('visibilitychange', markIfSeen);
    };
  }, [unread, readOnly, interactionId, reload, onChanged]);

  const refresh = () => {
    reload();
    onChanged();
  };

  if (!detail) {
    return (
      <Paper withBorder className={classes.panel} p="md">
        <Group justify="space-between">
          {error ? (
            <Alert color="red" title="This conversation cannot be shown" flex={1}>
              {messageOf(error)}
            </Alert>
          ) : (
            <Loader size="sm" aria-label="Loading the conversation" />
          )}
          <CloseButton onClose={onClose} />
        </Group>
      </Paper>
    );
  }

  return (
    <Paper withBorder className={classes.panel}>
      <header className={classes.header}>
        <Stack gap={2} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Title order={2} size="h3" ref={title} tabIndex={-1} className={classes.title}>
              <RequesterName name={detail.requester.name} number={detail.requesterNumber} />
            </Title>
            <InteractionStateBadge state={detail.state} />
            {detail.requester.verifyIdentity && <VerifyIdentityBadge />}
            {readOnly && (
              <Badge color="gray" variant="outline" leftSection={<IconEye size={12} aria-hidden />}>
                Read only
              </Badge>
            )}
            {!closed && !readOnly && <NextStepCountdown interactionId={interactionId} me={me} refreshKey={refreshKey} />}
          </Group>
          <Text size="xs" c="dimmed">
            {startedLine(detail, me)}
            {detail.closeReason ? ` · ${CLOSE_REASON_LABELS[detail.closeReason]}` : ''}
          </Text>
          <CapturedContext captured={detail.captured} compact />
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <InteractionActions detail={detail} me={me} onDone={refresh} />
          <PanelToggle
            open={routingOpen}
            label="Routing history"
            tooltip={routingOpen ? 'Hide the routing history' : 'Show the routing history: who was offered it, and why not others'}
            icon={<IconRoute size={20} aria-hidden />}
            onToggle={() => setPanelChoice(routingOpen ? 'none' : 'routing')}
          />
          <PanelToggle
            open={panelOpen}
            label="Requester details"
            tooltip={panelOpen ? 'Hide requester details' : 'Show requester details'}
            icon={<IconId size={20} aria-hidden />}
            onToggle={() => setPanelChoice(panelOpen ? 'none' : 'requester')}
          />
          <CloseButton onClose={onClose} />
        </Group>
      </header>
      {detail.optedOut && !closed && <OptedOutBanner detail={detail} mayEnd={!readOnly} onEnded={refresh} />}
      <div className={classes.body} data-panel={panel === 'none' ? undefined : panel}>
        <div className={classes.main}>
          <Transcript messages={detail.messages} me={me} requesterNumber={detail.requesterNumber} />
          <Composer detail={detail} me={me} onSent={refresh} />
        </div>
        {panelOpen && <RequesterPanel detail={detail} me={me} onChanged={refresh} onOpenConversation={onOpenConversation} />}
        {routingOpen && <RoutingPanel interactionId={interactionId} refreshKey={refreshKey} />}
      </div>
    </Paper>
  );
}

/** Who began the conversation and on which company number: the requester texting in, or an agent with Compose (AI-14). */
function startedLine(detail: InteractionDetail, me: Me): string {
  if (!detail.startedBy) return `The requester texted ${detail.companyNumber}`;
  const who = detail.startedBy.agentId === me.id ? 'You' : detail.startedBy.name;
  return `${who} started this conversation · texting from ${detail.companyNumber}`;
}

/**
 * SPEC §9: after STOP nothing can be sent, and the conversation has nothing left to do: say so above the transcript
 * and offer to end it (STOP does not close it by itself, so an agent's last words stay possible to read).
 */
function OptedOutBanner({ detail, mayEnd, onEnded }: { detail: InteractionDetail; mayEnd: boolean; onEnded: () => void }) {
  const [ending, setEnding] = useState(false);
  const requester = detail.requester.name ?? detail.requesterNumber;
  return (
    <Alert color="red" variant="light" radius={0} icon={<IconMessageOff size={18} aria-hidden />} title="The requester opted out (texted STOP)" role="alert" aria-label="Opted out">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm">
          Nothing more can be sent to {detail.requesterNumber} from {detail.companyNumber} until they text START.
          {mayEnd ? ' There is nothing left to do here: end the conversation.' : ''}
        </Text>
        {mayEnd && (
          <Button size="xs" color="red.8" onClick={() => setEnding(true)}>
            End conversation
          </Button>
        )}
      </Group>
      {ending && <EndDialog interactionId={detail.id} requester={requester} outcome="complete" onClose={() => setEnding(false)} onEnded={() => { setEnding(false); onEnded(); }} />}
    </Alert>
  );
}

function CloseButton({ onClose }: { onClose: () => void }) {
  return (
    <Tooltip label="Close conversation">
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={onClose} aria-label="Close conversation">
        <IconX size={20} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}

function PanelToggle(props: { open: boolean; label: string; tooltip: string; icon: ReactNode; onToggle: () => void }) {
  return (
    <Tooltip label={props.tooltip}>
      <ActionIcon variant={props.open ? 'light' : 'subtle'} color="gray" size="lg" onClick={props.onToggle} aria-label={props.label} aria-expanded={props.open}>
        {props.icon}
      </ActionIcon>
    </Tooltip>
  );
}
