import { AppShell, Badge, Button, Group, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout, IconMessagePlus, IconMessages, IconPlugConnectedX, IconSettings } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, requesterApi, WORKSPACE_EVENTS_URL, workspaceApi, type ComposeOutcome, type Me, type Presence } from '../api';
import { reportError } from '../report-error';
import { useEventStream } from '../use-event-stream';
import { useLatestRead } from '../use-latest-read';
import { AdminPage } from './admin/AdminPage';
import { ComposeDialog } from './ComposeDialog';
import { ConversationView } from './ConversationView';
import { NoConversation } from './NoConversation';
import { PresenceSelect } from './PresenceSelect';
import { useAdminView } from './use-admin-view';
import { useOpenInteraction } from './use-open-interaction';
import { WorkTabs, type WorkTab } from './WorkTabs';
import classes from './WorkspacePage.module.css';

const FALLBACK_POLL_MS = 10_000;

/** AI-14…17, as the agent reads them after sending. */
const COMPOSE_OUTCOMES: Record<ComposeOutcome, string> = {
  created: 'A new conversation is open and assigned to you.',
  joined: 'Your message was added to the open conversation with this number; you are now one of its participants.',
  replaced_virtual_agent: 'The virtual agent’s conversation was closed; a new one is assigned to you.',
  replaced_requester: 'The earlier conversation was closed and the number is now associated with the person you wrote for.',
};

interface Props {
  me: Me;
  onSignedOut: () => void;
  onSessionLost: () => void;
}

export function WorkspacePage({ me, onSignedOut, onSessionLost }: Props) {
  const [presence, setPresence] = useState<Presence>(me.presence);
  const { openId, open, close } = useOpenInteraction();
  const adminView = useAdminView(me.role === 'admin');
  const [tab, setTab] = useState<WorkTab>(openId ? 'ongoing' : 'inbox');
  const [detailVersion, setDetailVersion] = useState(0);
  const [composing, setComposing] = useState(false);
  const offers = useLatestRead(requesterApi.offers);
  const ongoing = useLatestRead(requesterApi.ongoing);
  const reloadOffers = offers.reload;
  const reloadOngoing = ongoing.reload;

  // Counts local presence changes: a read that started before one must not undo it.
  const presenceChanges = useRef(0);
  const requestedAt = useRef<Partial<Record<Presence, number>>>({});
  const reloadEverything = useCallback(() => {
    reloadOffers();
    reloadOngoing();
    setDetailVersion((v) => v + 1);
    const changesBefore = presenceChanges.current;
    workspaceApi.me().then((m) => {
      if (presenceChanges.current === changesBefore) setPresence(m.presence);
    }, () => undefined);
  }, [reloadOffers, reloadOngoing]);

  const checkSession = useCallback(() => {
    workspaceApi.me().catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) onSessionLost();
    });
  }, [onSessionLost]);

  const stream = useEventStream(WORKSPACE_EVENTS_URL, {
    onGiveUp: checkSession,
    events: {
      hello: reloadEverything,
      offers: reloadOffers,
      interaction: (data) => {
        reloadOngoing();
        reloadOffers();
        if ((data as { id?: string } | undefined)?.id === openId) setDetailVersion((v) => v + 1);
      },
      presence: (data) => {
        const status = (data as { status?: Presence } | undefined)?.status;
        if (!status) return;
        // WI-5: an offer left to time out makes the agent Away; say why offers stopped (unless Away was our choice).
        const chosenHere = Date.now() - (requestedAt.current[status] ?? 0) < 10_000;
        if (status === 'away' && presence !== 'away' && !chosenHere) {
          notifications.show({
            color: 'yellow',
            title: 'You are now Away',
            message: 'No more work is offered: an offer went unanswered, or Away was chosen in another window. Choose Available to continue.',
            autoClose: false,
          });
        }
        setPresence(status);
      },
    },
  });

  // Only while the push connection is down: keep the page roughly current until it is back.
  useEffect(() => {
    if (stream === 'open') return;
    const timer = setInterval(reloadEverything, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [stream, reloadEverything]);

  // An offer times out: when the Inbox is not in view, say that one arrived.
  const seenOffers = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!offers.data) return;
    const seen = seenOffers.current;
    seenOffers.current = new Set(offers.data.map((o) => o.id));
    if (!seen || tab === 'inbox') return;
    for (const o of offers.data.filter((x) => !seen.has(x.id))) {
      notifications.show({ color: 'indigo', title: `New offer from ${o.requesterName ?? 'Guest'} (${o.requesterNumber})`, message: o.firstMessage || 'Open the Inbox to accept it.' });
    }
  }, [offers.data, tab]);

  const readFailed = [offers.error, ongoing.error].some((e) => e instanceof ApiError && e.status === 401);
  useEffect(() => {
    if (readFailed) onSessionLost();
  }, [readFailed, onSessionLost]);

  // Arrow keys in the radio group fire a change per step (Offline → Away → Available): the requests must reach the
  // server in that order, or a late "away" could win.
  const presenceWrites = useRef<Promise<unknown>>(Promise.resolve());
  const changePresence = (status: Presence) => {
    const before = presence;
    presenceChanges.current += 1;
    requestedAt.current[status] = Date.now();
    setPresence(status);
    presenceWrites.current = presenceWrites.current.then(() =>
      workspaceApi.setPresence(status).catch((err: unknown) => {
        setPresence(before);
        reportError('Presence not changed', err);
      }),
    );
  };

  const signOut = async () => {
    try {
      await workspaceApi.logout();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) {
        reportError('Could not sign out', err);
        return;
      }
    }
    window.history.replaceState(null, '', '/');
    onSignedOut();
  };

  const openConversation = (id: string) => {
    adminView.show(false);
    setTab('ongoing');
    open(id);
  };

  const composed = (outcome: ComposeOutcome, to: string) => {
    reloadOngoing();
    notifications.show({ color: 'green', title: `Message sent to ${to}`, message: COMPOSE_OUTCOMES[outcome] });
  };

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconMessages size={28} stroke={1.6} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Title order={1} size="h3">
              Parley
            </Title>
            <Text c="dimmed" visibleFrom="sm">
              Workspace
            </Text>
            {stream === 'reconnecting' && (
              <Badge color="orange" variant="light" leftSection={<IconPlugConnectedX size={14} aria-hidden />} role="status">
                Reconnecting…
              </Badge>
            )}
          </Group>
          <Group gap="md" wrap="nowrap">
            {me.role === 'admin' && (
              <Button
                variant={adminView.admin ? 'light' : 'default'}
                leftSection={<IconSettings size={16} aria-hidden />}
                onClick={() => {
                  if (!adminView.admin) close();
                  adminView.show(!adminView.admin);
                }}
                aria-pressed={adminView.admin}
              >
                Admin
              </Button>
            )}
            <Button leftSection={<IconMessagePlus size={16} aria-hidden />} onClick={() => setComposing(true)}>
              Compose SMS
            </Button>
            <PresenceSelect value={presence} onChange={changePresence} />
            <Text size="sm" fw={500} visibleFrom="lg" title={me.email}>
              {me.name}
            </Text>
            <Button variant="default" leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {adminView.admin ? (
          <section aria-label="Admin">
            <AdminPage />
          </section>
        ) : (
          <div className={classes.columns}>
            <section className={classes.work} aria-label="Work">
              <WorkTabs
                tab={tab}
                onTabChange={setTab}
                offers={offers.data}
                ongoing={ongoing.data}
                presence={presence}
                openId={openId}
                onOpen={openConversation}
                onOffersChanged={() => {
                  reloadOffers();
                  reloadOngoing();
                }}
              />
            </section>
            <section className={classes.conversation} aria-label="Conversation">
              {openId ? (
                <ConversationView
                  key={openId}
                  interactionId={openId}
                  me={me}
                  refreshKey={detailVersion}
                  onClose={close}
                  onChanged={reloadOngoing}
                />
              ) : (
                <NoConversation />
              )}
            </section>
          </div>
        )}
      </AppShell.Main>
      <ComposeDialog opened={composing} me={me} onClose={() => setComposing(false)} onOpenConversation={openConversation} onSent={composed} />
    </AppShell>
  );
}
