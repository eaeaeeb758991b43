// The pages' only way to the servers: the documented /api routes (Workspace) and the simulator's /sim control API
// (virtual phones), each on the page's own origin. Both answer errors as {error:{code,message}}.
import type { components } from './generated/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? `The server answered ${res.status} ${res.statusText}.`);
  }
  return parsed as T;
}

const seg = encodeURIComponent;

// ---- Workspace (/api) ----
// The types come from the api's OpenAPI document (npm run generate), so they cannot drift from what it answers.

export type Schemas = components['schemas'];

export type Presence = Schemas['Presence'];
export type InteractionState = Schemas['InteractionState'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type Me = Schemas['Me'];
export type Offer = Schemas['Offer'];
export type OngoingInteraction = Schemas['OngoingInteraction'];
export type TranscriptMessage = Schemas['TranscriptMessage'];
export type InteractionDetail = Schemas['InteractionDetail'];

export const workspaceApi = {
  login: (email: string, password: string) => call<Schemas['Login']>('POST', '/api/auth/login', { email, password }),
  logout: () => call<void>('POST', '/api/auth/logout'),
  me: () => call<Me>('GET', '/api/me'),
  /** PRS-2: Away may name one of `awayReasons()`; the plain `{status}` body otherwise. */
  setPresence: (status: Presence, awayReasonId?: string) =>
    call<Schemas['PresenceStatus']>('PUT', '/api/me/presence', awayReasonId ? { status, awayReasonId } : { status }),
  awayReasons: () => call<Schemas['AwayReasonList']>('GET', '/api/me/away-reasons'),
  offers: () => call<Schemas['OfferList']>('GET', '/api/me/offers'),
  acceptOffer: (id: string) => call<Schemas['OfferDecision']>('POST', `/api/offers/${seg(id)}/accept`),
  /** RR-1: a picked reason (its text and reassignable flag), with the agent's words as details if any. */
  rejectOffer: (id: string, choice: { reasonId: string; reason?: string }) => call<Schemas['OfferDecision']>('POST', `/api/offers/${seg(id)}/reject`, choice),
  /** RR-2: the reasons the reject picker offers for a channel, in order. */
  rejectReasons: (channel = 'sms') => call<Schemas['RejectReasonList']>('GET', `/api/reject-reasons?channel=${encodeURIComponent(channel)}`),
  ongoing: () => call<Schemas['OngoingInteractionList']>('GET', '/api/interactions?view=ongoing'),
  interaction: (id: string) => call<InteractionDetail>('GET', `/api/interactions/${seg(id)}`),
  markRead: (id: string) => call<void>('POST', `/api/interactions/${seg(id)}/read`),
  sendMessage: (id: string, body: string) => call<Schemas['MessageQueued']>('POST', `/api/interactions/${seg(id)}/messages`, { body }),
  hold: (id: string) => call<Schemas['InteractionStateChange']>('POST', `/api/interactions/${seg(id)}/hold`),
  resume: (id: string) => call<Schemas['InteractionStateChange']>('POST', `/api/interactions/${seg(id)}/resume`),
  end: (id: string, outcome: 'complete' | 'abandon') => call<Schemas['InteractionStateChange']>('POST', `/api/interactions/${seg(id)}/end`, { outcome }),
  colleagues: () => call<Schemas['ColleagueInteractionList']>('GET', '/api/interactions/colleagues'),
  preferences: () => call<AgentPreferences>('GET', '/api/me/preferences'),
  setPreferences: (change: Partial<AgentPreferences>) => call<AgentPreferences>('PUT', '/api/me/preferences', change),
};

export type AgentPreferences = Schemas['AgentPreferences'];
export type ColleagueInteraction = Schemas['ColleagueInteraction'];

// ---- Virtual phones (/sim) ----

export interface PhoneSummary {
  number: string;
  messageCount: number;
  lastMessageAt: string | null;
}

export interface PhoneMessage {
  sid: string;
  /** 'inbound' was sent BY the phone to a company number; 'outbound-api' was sent TO the phone by Parley. */
  direction: 'inbound' | 'outbound-api';
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  status: DeliveryStatus;
  errorCode: number | null;
  errorMessage: string | null;
  dateCreated: string;
  dateUpdated: string;
}

export interface WebhookOutcome {
  status: number | null;
  error?: string;
}

export type SimEvent =
  | { type: 'message.created' | 'message.status'; message: PhoneMessage }
  | { type: 'inbound.posted'; sid: string; from: string; to: string; status: number | null; error?: string; duplicate: boolean };

export const simulatorApi = {
  info: () => call<{ accountSid: string; inboundWebhookUrl: string; companyNumbers: { number: string; label: string }[] }>('GET', '/sim/info'),
  phones: () => call<{ phones: PhoneSummary[] }>('GET', '/sim/phones'),
  addPhone: (number: string) => call<{ number: string }>('PUT', `/sim/phones/${seg(number)}`),
  messages: (number: string) => call<{ number: string; messages: PhoneMessage[] }>('GET', `/sim/phones/${seg(number)}/messages`),
  send: (number: string, to: string, body: string) =>
    call<{ sid: string; message: PhoneMessage; webhook: WebhookOutcome }>('POST', `/sim/phones/${seg(number)}/messages`, { to, body }),
  eventsUrl: (number: string) => `/sim/events?number=${seg(number)}`,
};

export const WORKSPACE_EVENTS_URL = '/api/events';

// ---- Requester and Compose (issue 13) ----
// Generated from the OpenAPI document too; the aliases keep the components' names readable.

export type AuthorKind = Schemas['AuthorKind'];
export type Requester = Schemas['Requester'];
export type OfferWithRequester = Offer;
export type OngoingWithRequester = OngoingInteraction;
export type InteractionWithRequester = InteractionDetail;
export type UserMatch = Schemas['UserMatch'];
export type ComposeOptions = Schemas['ComposeOptions'];
export type ComposeCheck = Schemas['ComposeCheck'];
export type ComposeOutcome = Schemas['ComposeOutcome'];

export interface ComposeRequest {
  from: string;
  /** Left out: the number on the record of the person written for (AI-2 with typing off). */
  to?: string;
  body: string;
  forUserId?: string | null;
  proceed?: boolean;
}

export const requesterApi = {
  interaction: (id: string) => call<InteractionWithRequester>('GET', `/api/interactions/${seg(id)}`),
  offers: () => call<OfferWithRequester[]>('GET', '/api/me/offers'),
  ongoing: () => call<OngoingWithRequester[]>('GET', '/api/interactions?view=ongoing'),
  searchUsers: (query: string) => call<UserMatch[]>('GET', `/api/users?query=${seg(query)}`),
  setRequester: (interactionId: string, userId: string | null) => call<Requester>('PUT', `/api/interactions/${seg(interactionId)}/requester`, { userId }),
  composeOptions: () => call<ComposeOptions>('GET', '/api/compose/options'),
  composeCheck: (q: { from: string; to: string; forUserId?: string | null }) =>
    call<ComposeCheck>(
      'GET',
      `/api/compose/check?${new URLSearchParams({ from: q.from, ...(q.to.trim() ? { to: q.to } : {}), ...(q.forUserId ? { forUserId: q.forUserId } : {}) }).toString()}`,
    ),
  compose: (c: ComposeRequest) => call<Schemas['Composed']>('POST', '/api/compose', c),
};

// ---- Admin: compose settings (AI-6) ----

export type ComposeSettings = Schemas['ComposeSettings'];
export type ComposeChannelSettings = Schemas['ComposeChannelSettings'];

export const composeAdminApi = {
  settings: () => call<ComposeSettings>('GET', '/api/admin/compose-settings'),
  putSettings: (s: ComposeSettings) => call<ComposeSettings>('PUT', '/api/admin/compose-settings', s),
};

// ---- Admin: virtual agent topics, system texts, company numbers (issue 14) ----

export type VaTopics = Schemas['VaTopics'];
export type VaSession = Schemas['VaSession'];
export type VaTryTurn = Schemas['VaTryTurn'];
export type SystemText = Schemas['SystemText'];
export type CompanyNumber = Schemas['CompanyNumber'];
/** SYS-6: a language system texts may be translated into, and a text per language. */
export type TextLanguage = Schemas['TextLanguage'];
export type TextTranslations = Partial<Record<TextLanguage, string>>;
/** PATCH /api/admin/company-numbers/{number}: every field optional. */
export type CompanyNumberChange = Partial<Pick<CompanyNumber, 'liveAgentOnly' | 'displayName' | 'quietHours' | 'timeZone' | 'ratePerSecond' | 'language'>>;
type TopicDocument = VaTopics['document'];

export const adminApi = {
  topics: () => call<VaTopics>('GET', '/api/admin/virtual-agent/topics'),
  saveTopics: (document: TopicDocument) => call<VaTopics>('PUT', '/api/admin/virtual-agent/topics', document),
  tryTopics: (text: string, session: VaSession | null, document?: TopicDocument, companyNumber?: string | null) =>
    call<VaTryTurn>('POST', '/api/admin/virtual-agent/try', { text, session, ...(document ? { document } : {}), ...(companyNumber ? { companyNumber } : {}) }),
  systemTexts: () => call<Schemas['SystemTextList']>('GET', '/api/admin/system-texts'),
  saveSystemTexts: (texts: (Pick<SystemText, 'key' | 'body' | 'enabled'> & { translations?: TextTranslations })[]) =>
    call<Schemas['SystemTextList']>('PUT', '/api/admin/system-texts', texts),
  companyNumbers: () => call<Schemas['CompanyNumberList']>('GET', '/api/admin/company-numbers'),
  updateCompanyNumber: (number: string, change: CompanyNumberChange) =>
    call<CompanyNumber>('PATCH', `/api/admin/company-numbers/${seg(number)}`, change),
};

// ---- Messaging actions (issue 15) ----

export type MessagingAction = Schemas['MessagingAction'];
export type MessagingActionInput = Omit<MessagingAction, 'id'>;
export type LiveView = Schemas['LiveView'];
export type LiveTimer = LiveView['timers'][number];

export const messagingActionsApi = {
  list: () => call<Schemas['MessagingActionList']>('GET', '/api/admin/messaging-actions'),
  create: (a: MessagingActionInput) => call<MessagingAction>('POST', '/api/admin/messaging-actions', a),
  replace: (id: string, a: MessagingActionInput) => call<MessagingAction>('PUT', `/api/admin/messaging-actions/${seg(id)}`, a),
  remove: (id: string) => call<void>('DELETE', `/api/admin/messaging-actions/${seg(id)}`),
  /** The conversation's pending timers, read from its workflow. */
  live: (interactionId: string) => call<LiveView>('GET', `/api/interactions/${seg(interactionId)}/live`),
};

// ---- Routing (issue 16): transfer and assignment, routing events, manager views, routing admin ----

export type RoutingEvent = Schemas['RoutingEvent'];
export type RoutingCandidate = Schemas['RoutingCandidate'];
export type SkipReason = Schemas['SkipReason'];
export type TransferTargets = Schemas['TransferTargets'];
export type SupervisedInteraction = Schemas['SupervisedInteraction'];
export type AgentStatus = Schemas['AgentStatus'];
export type Queue = Schemas['Queue'];
/** POST/PUT /api/admin/queues body: the answer less what the server works out. */
export type QueueInput = Omit<Queue, 'openNow' | 'id' | 'noAgentGroups'> & { id?: string };
export type RoutingCondition = Schemas['RoutingCondition'];
export type QueueSchedule = Schemas['QueueSchedule'];
export type AssignmentRule = Schemas['AssignmentRule'];
export type AgentGroup = Schemas['AgentGroup'];
export type AwayReason = Schemas['AwayReason'];
export type AwayReasonInput = Omit<AwayReason, 'id'>;
export type AwayReasonRef = Schemas['AwayReasonRef'];
export type AgentGroupInput = Omit<AgentGroup, 'id'>;
export type Channel = Schemas['Channel'];
export type AgentCapacities = Schemas['AgentCapacities'];
export type RoutingSettings = Schemas['RoutingSettings'];
export type ChannelAvailability = Schemas['ChannelAvailability'];
/** MAN-1's offer options as sent; `overCapacity` (SPEC §17) is a request flag, not recorded with the offer. */
export type ManualOfferInput = Schemas['ManualOfferOptions'] & { overCapacity?: boolean };
export type PresenceHistoryEntry = Schemas['PresenceHistoryEntry'];

export interface SupervisedFilter {
  state?: InteractionState | null;
  queueId?: string | null;
  agentId?: string | null;
  unassigned?: boolean;
}

export const routingApi = {
  transferTargets: () => call<TransferTargets>('GET', '/api/transfer-targets'),
  transfer: (id: string, to: { queueId: string } | { agentId: string }, note?: string) =>
    call<Schemas['InteractionStateChange']>('POST', `/api/interactions/${seg(id)}/transfer`, { ...to, ...(note ? { note } : {}) }),
  /** MAN-1: at once, or with `offer` as an offer to that agent only. */
  assign: (id: string, agentId: string, offer?: ManualOfferInput) =>
    call<Schemas['InteractionStateChange']>('POST', `/api/interactions/${seg(id)}/assign`, { agentId, ...(offer ? { offer } : {}) }),
  reassign: (id: string, reason?: string) => call<Schemas['InteractionStateChange']>('POST', `/api/interactions/${seg(id)}/reassign`, reason ? { reason } : {}),
  events: (id: string) => call<Schemas['RoutingEventList']>('GET', `/api/interactions/${seg(id)}/routing-events`),
  myChannels: () => call<ChannelAvailability>('GET', '/api/me/channels'),
  setMyChannels: (change: ChannelAvailability) => call<ChannelAvailability>('PUT', '/api/me/channels', change),
};

export const supervisorApi = {
  interactions: (f: SupervisedFilter) => {
    const q = new URLSearchParams();
    if (f.state) q.set('state', f.state);
    if (f.queueId) q.set('queueId', f.queueId);
    if (f.agentId) q.set('agentId', f.agentId);
    if (f.unassigned) q.set('unassigned', 'true');
    const query = q.toString();
    return call<Schemas['SupervisedInteractionList']>('GET', `/api/supervisor/interactions${query ? `?${query}` : ''}`);
  },
  agents: () => call<Schemas['AgentStatusList']>('GET', '/api/supervisor/agents'),
  presenceHistory: (agentId: string) => call<Schemas['PresenceHistory']>('GET', `/api/supervisor/agents/${seg(agentId)}/presence-history`),
};

export const routingAdminApi = {
  /** Group members and capacity overrides are picked from every user. */
  queues: () => call<Schemas['QueueList']>('GET', '/api/admin/queues'),
  createQueue: (q: QueueInput) => call<Queue>('POST', '/api/admin/queues', q),
  replaceQueue: (id: string, q: QueueInput) => call<Queue>('PUT', `/api/admin/queues/${seg(id)}`, q),
  removeQueue: (id: string) => call<void>('DELETE', `/api/admin/queues/${seg(id)}`),
  groups: () => call<Schemas['AgentGroupList']>('GET', '/api/admin/groups'),
  createGroup: (g: AgentGroupInput) => call<AgentGroup>('POST', '/api/admin/groups', g),
  replaceGroup: (id: string, g: AgentGroupInput) => call<AgentGroup>('PUT', `/api/admin/groups/${seg(id)}`, g),
  removeGroup: (id: string) => call<void>('DELETE', `/api/admin/groups/${seg(id)}`),
  channels: () => call<Schemas['ChannelList']>('GET', '/api/admin/channels'),
  putChannel: (c: Channel) => call<Channel>('PUT', `/api/admin/channels/${seg(c.id)}`, { name: c.name, active: c.active, defaultCapacity: c.defaultCapacity, workItemSize: c.workItemSize }),
  agentCapacities: (agentId: string) => call<AgentCapacities>('GET', `/api/admin/agents/${seg(agentId)}/capacities`),
  putAgentCapacities: (agentId: string, c: Omit<AgentCapacities, 'agentId'>) => call<AgentCapacities>('PUT', `/api/admin/agents/${seg(agentId)}/capacities`, c),
  settings: () => call<RoutingSettings>('GET', '/api/admin/routing-settings'),
  putSettings: (s: RoutingSettings) => call<RoutingSettings>('PUT', '/api/admin/routing-settings', s),
  awayReasons: () => call<Schemas['AwayReasonList']>('GET', '/api/admin/away-reasons'),
  createAwayReason: (r: AwayReasonInput) => call<AwayReason>('POST', '/api/admin/away-reasons', r),
  replaceAwayReason: (id: string, r: AwayReasonInput) => call<AwayReason>('PUT', `/api/admin/away-reasons/${seg(id)}`, r),
  removeAwayReason: (id: string) => call<void>('DELETE', `/api/admin/away-reasons/${seg(id)}`),
};

// ---- Admin: reject reasons (RR-1, issue 24) ----

export type RejectReason = Schemas['RejectReason'];
export type RejectReasonInput = Omit<RejectReason, 'id'>;

export const rejectReasonsAdminApi = {
  list: () => call<Schemas['RejectReasonList']>('GET', '/api/admin/reject-reasons'),
  create: (r: RejectReasonInput) => call<RejectReason>('POST', '/api/admin/reject-reasons', r),
  replace: (id: string, r: RejectReasonInput) => call<RejectReason>('PUT', `/api/admin/reject-reasons/${seg(id)}`, r),
  remove: (id: string) => call<void>('DELETE', `/api/admin/reject-reasons/${seg(id)}`),
};

// ---- Admin: users (issue 24) ----

export type User = Schemas['User'];
export type Role = Schemas['Role'];
/** POST /api/admin/users body. */
export interface UserInput {
  email: string;
  name: string;
  role: Role;
  password: string;
  mobilePhone?: string | null;
  smsCapacity?: number | null;
}
/** PATCH /api/admin/users/{id}: every field optional. */
export type UserChange = Partial<Pick<User, 'name' | 'role' | 'mobilePhone' | 'smsCapacity' | 'active'>>;

export const usersAdminApi = {
  list: () => call<Schemas['UserList']>('GET', '/api/admin/users'),
  create: (u: UserInput) => call<Schemas['UserSummary']>('POST', '/api/admin/users', u),
  update: (id: string, change: UserChange) => call<Schemas['UserChanged']>('PATCH', `/api/admin/users/${seg(id)}`, change),
  resetPassword: (id: string, password: string) => call<void>('POST', `/api/admin/users/${seg(id)}/password`, { password }),
};

// ---- History (issue 25): closed conversations, and the requester's earlier ones ----

export type HistoryInteraction = Schemas['HistoryInteraction'];
export type HistoryPage = Schemas['HistoryPage'];
export type CloseReason = Schemas['CloseReason'];

export interface HistoryFilter {
  /** Digits of the requester's number (any run of them). */
  number?: string;
  /** Part of the requester's name. */
  name?: string;
  closedSince?: string;
  closedUntil?: string;
}

const historyQuery = (q: Record<string, string | undefined>) => {
  const present = Object.entries(q).filter((e): e is [string, string] => !!e[1]);
  return present.length ? `?${new URLSearchParams(present).toString()}` : '';
};

export const historyApi = {
  list: (f: HistoryFilter, cursor?: string | null) => call<HistoryPage>('GET', `/api/interactions/history${historyQuery({ ...f, cursor: cursor ?? undefined })}`),
  requesterHistory: (interactionId: string, cursor?: string | null) =>
    call<HistoryPage>('GET', `/api/interactions/${seg(interactionId)}/requester-history${historyQuery({ cursor: cursor ?? undefined })}`),
};
