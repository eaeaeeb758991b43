import { AppShell, Badge, Button, Center, Group, Loader, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout, IconMessagePlus, IconMessages, IconPlugConnectedX } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, requesterApi, WORKSPACE_EVENTS_URL, workspaceApi, type ComposeOutcome, type Me, type Presence, type ServerEvents } from '../shared/api';
import { reportError } from '../../report-error';
import { useEventStream } from '../../use-event-stream';
import { useLatestRead } from '../../use-latest-read';
import { ChannelAvailabilityToggle } from '../me/ChannelAvailabilityToggle';
import { ComposeDialog } from '../compose/ComposeDialog';
import { ConversationView } from '../conversations/ConversationView';
import { AlertPreferences } from '../me/AlertPreferences';
import { NoConversation } from '../conversations/NoConversation';
import { PresenceSelect } from '../me/PresenceSelect';
import { showPrompt } from '../conversations/prompt-notification';
import { useAgentPreferences } from '../me/use-agent-preferences';
import { pageInFront, useConversationAlerts } from '../conversations/use-conversation-alerts';
import { decideOfferAlerts } from '../offers/offer-alerts';
import { OfferNotice } from '../offers/OfferNotice';
import { notifyOffer, useOfferCountInTitle } from '../offers/use-offer-alerts';
import { playAlertSound } from '../shared/alert-sound';
import { useOpenInteraction } from '../conversations/use-open-interaction';
import { PageNav } from './PageNav';
import { NotAllowedPage, NotFoundPage, PageLoadBoundary } from '../shared/StatusPage';
import { mayOpen, useWorkspaceView, VIEW_PATHS } from './use-workspace-view';
import { WorkTabs, type WorkTab } from './WorkTabs';
import classes from './WorkspacePage.module.css';

const FALLBACK_POLL_MS = 10_000;
const HEADER_HEIGHT = 64;
const OFFER_NOTICE_HEIGHT = 40;

// Agents never open these: their first load leaves them out.
const AdminPage = lazy(() => import('../admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const ManagerPage = lazy(() => import('../manager/ManagerPage').then((m) => ({ default: m.ManagerPage })));

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
  // PRS-2: the away reason the agent picked (null: none, or not Away).
  const [awayReasonId, setAwayReasonId] = useState<string | null>(me.awayReason?.id ?? null);
  const awayReasons = useLatestRead(workspaceApi.awayReasons);
  const { openId, open, close } = useOpenInteraction();
  const navigate = useNavigate();
  const view = useWorkspaceView();
  const [tab, setTab] = useState<WorkTab>(openId ? 'ongoing' : 'inbox');
  // WI-5: wherever the agent is, an offer is one click away.
  const showInbox = () => {
    if (view !== 'work') void navigate(VIEW_PATHS.work);
    setTab('inbox');
  };

  const [detailVersion, setDetailVersion] = useState(0);
  // The manager's page re-reads on these (SPEC §10: live).
  const [supervision, setSupervision] = useState({ interactions: 0, agents: 0, config: 0 });
  const bump = (key: keyof typeof supervision) => setSupervision((v) => ({ ...v, [key]: v[key] + 1 }));
  const [composing, setComposing] = useState(false);
  const offers = useLatestRead(requesterApi.offers);
  const ongoing = useLatestRead(requesterApi.ongoing);
  const alerts = useAgentPreferences();
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
      if (presenceChanges.current !== changesBefore) return;
      setPresence(m.presence);
      setAwayReasonId(m.awayReason?.id ?? null);
    }, () => undefined);
  }, [reloadOffers, reloadOngoing]);

  const checkSession = useCallback(() => {
    workspaceApi.me().catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) onSessionLost();
    });
  }, [onSessionLost]);

  // Each event's payload as the OpenAPI document names it (ServerEvents): useEventStream parses it by event name.
  const stream = useEventStream<ServerEvents>(WORKSPACE_EVENTS_URL, {
    onGiveUp: checkSession,
    events: {
      hello: () => {
        reloadEverything();
        setSupervision((v) => ({ interactions: v.interactions + 1, agents: v.agents + 1, config: v.config + 1 }));
      },
      offers: reloadOffers,
      agent: () => bump('agents'),
      routing_config: () => bump('config'),
      interaction: (data) => {
        bump('interactions');
        reloadOngoing();
        reloadOffers();
        if (data.id === openId) setDetailVersion((v) => v + 1);
      },
      prompt: (data) => {
        const row = ongoing.data?.find((o) => o.id === data.interactionId);
        showPrompt(data, row ? (row.requesterName ?? row.requesterNumber) : null, openConversation, alerts.preferences.desktopNotifications);
        if (data.interactionId === openId) setDetailVersion((v) => v + 1); // its next automatic step moved on
      },
      presence: ({ status }) => {
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
        if (status !== 'away' || (presence !== 'away' && !chosenHere)) setAwayReasonId(null);
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

  // NOT-2/NOT-3 for offers: a tone and a desktop notification (when opted in) for an offer the agent may not see.
  const inboxInView = view === 'work' && tab === 'inbox';
  const seenOffers = useRef<Set<string> | null>(null);
  const offerAlertFacts = useRef({ inboxInView, preferences: alerts.preferences });
  useEffect(() => {
    offerAlertFacts.current = { inboxInView, preferences: alerts.preferences };
  });
  useEffect(() => {
    if (!offers.data) return;
    const previous = seenOffers.current;
    seenOffers.current = new Set(offers.data.map((o) => o.id));
    const facts = offerAlertFacts.current;
    const decision = decideOfferAlerts(previous, offers.data, facts.inboxInView, pageInFront(), facts.preferences);
    if (decision.tone) playAlertSound();
    for (const o of offers.data.filter((x) => decision.notify.includes(x.id))) notifyOffer(o, showInbox);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- alerts follow new reads of the Inbox only
  }, [offers.data]);
  useOfferCountInTitle(offers.data?.length ?? 0);

  const readFailed = [offers.error, ongoing.error].some((e) => e instanceof ApiError && e.status === 401);
  useEffect(() => {
    if (readFailed) onSessionLost();
  }, [readFailed, onSessionLost]);

  // Arrow keys in the radio group fire a change per step (Offline → Away → Available): the requests must reach the
  // server in that order, or a late "away" could win.
  const presenceWrites = useRef<Promise<unknown>>(Promise.resolve());
  const changePresence = (status: Presence, reasonId?: string) => {
    const before = presence;
    const reasonBefore = awayReasonId;
    presenceChanges.current += 1;
    requestedAt.current[status] = Date.now();
    setPresence(status);
    setAwayReasonId(reasonId ?? null);
    presenceWrites.current = presenceWrites.current.then(() =>
      workspaceApi.setPresence(status, reasonId).catch((err: unknown) => {
        setPresence(before);
        setAwayReasonId(reasonBefore);
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
    void navigate('/', { replace: true });
    onSignedOut();
  };

  const openConversation = (id: string) => {
    setTab('ongoing');
    open(id);
  };

  useConversationAlerts(ongoing.data, openId, alerts.preferences, openConversation);

  const offerNotice = !inboxInView && (offers.data?.length ?? 0) > 0;

  const composed = (outcome: ComposeOutcome, to: string) => {
    reloadOngoing();
    notifications.show({ color: 'green', title: `Message sent to ${to}`, message: COMPOSE_OUTCOMES[outcome] });
  };

  return (
    <AppShell header={{ height: HEADER_HEIGHT + (offerNotice ? OFFER_NOTICE_HEIGHT : 0) }} padding="md">
      <AppShell.Header>
        <Group h={HEADER_HEIGHT} px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="xs" wrap="nowrap">
            <IconMessages size={28} stroke={1.6} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Title order={1} size="h3">
              Parley
            </Title>
            {/* Managers and admins read the page's name in the page navigation. */}
            {me.role === 'agent' && (
              <Text c="dimmed" visibleFrom="md">
                Workspace
              </Text>
            )}
            {stream === 'reconnecting' && (
              <Badge color="orange" variant="light" leftSection={<IconPlugConnectedX size={14} aria-hidden />} role="status">
                Reconnecting…
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <PageNav role={me.role} />
            <Button leftSection={<IconMessagePlus size={16} aria-hidden />} onClick={() => setComposing(true)}>
              Compose SMS
            </Button>
            <AlertPreferences preferences={alerts.preferences} onChange={alerts.change} />
            <PresenceSelect value={presence} onChange={changePresence} awayReasons={awayReasons.data ?? []} awayReasonId={awayReasonId} />
            <ChannelAvailabilityToggle />
            <Text size="sm" fw={500} visibleFrom={me.role === 'agent' ? 'lg' : 'xl'} title={me.email}>
              {me.name}
            </Text>
            <Button variant="default" leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
        {offerNotice && <OfferNotice offers={offers.data!} onShowInbox={showInbox} />}
      </AppShell.Header>
      <AppShell.Main>
        {view === 'admin' ? (
          mayOpen('admin', me.role) ? (
            <section aria-label="Admin">
              <PageLoadBoundary>
                <Suspense fallback={<PageLoader name="the Admin pages" />}>
                  <AdminPage />
                </Suspense>
              </PageLoadBoundary>
            </section>
          ) : (
            <NotAllowedPage page="Admin" who="admins" />
          )
        ) : view === 'manager' ? (
          mayOpen('manager', me.role) ? (
            <section aria-label="Manager">
              <PageLoadBoundary>
                <Suspense fallback={<PageLoader name="the Manager page" />}>
                  <ManagerPage
                    interactionsKey={supervision.interactions}
                    agentsKey={supervision.agents}
                    configKey={supervision.config}
                    temporalWorkflowsUrl={me.temporalWorkflowsUrl}
                    onOpen={openConversation}
                  />
                </Suspense>
              </PageLoadBoundary>
            </section>
          ) : (
            <NotAllowedPage page="Manager" who="managers and admins" />
          )
        ) : view === null ? (
          <NotFoundPage />
        ) : (
          <div className={classes.columns}>
            <section className={classes.work} aria-label="Work">
              <WorkTabs
                tab={tab}
                onTabChange={setTab}
                offers={offers.data}
                ongoing={ongoing.data}
                me={me}
                presence={presence}
                openId={openId}
                onOpen={openConversation}
                onOpenColleague={open}
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
                  onOpenConversation={open}
                />
              ) : (
                <NoConversation />
              )}
            </section>
          </div>
        )}
      </AppShell.Main>
      <ComposeDialog
        opened={composing}
        me={me}
        defaultFrom={ongoing.data?.find((o) => o.id === openId)?.companyNumber ?? null}
        onClose={() => setComposing(false)}
        onOpenConversation={openConversation}
        onSent={composed}
      />
    </AppShell>
  );
}

function PageLoader({ name }: { name: string }) {
  return (
    <Center mih="40dvh">
      <Loader aria-label={`Loading ${name}`} />
    </Center>
  );
}
