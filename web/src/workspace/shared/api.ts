// The Workspace's one way to the api: openapi-fetch over the generated `paths` (npm run generate, from the api's
// OpenAPI document), so every path, path parameter, query and request body below is checked against what the api
// documents, and every answer has its documented type. Calls go to the page's own origin with the session cookie;
// an answer that is not 2xx rejects with an ApiError (status, code and the server's message), no answer at all with
// ApiError 'network'. Components call the named functions here, never fetch.
import createClient from 'openapi-fetch';
import { answerError, ApiError, unreachable } from '../../api-error';
import type { components, paths } from '../../generated/api';

export { ApiError };

export const api = createClient<paths>({ credentials: 'same-origin', headers: { accept: 'application/json' } });
// Only a fetch that failed outright lands here; an error answer is a response, below.
api.use({ onError: () => unreachable() });

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The answer's data when it is 2xx; its ApiError otherwise. */
async function ok<D>(pending: Promise<Answer<D>>): Promise<D> {
  const { data, error, response } = await pending;
  if (!response.ok) throw answerError(response, error);
  return data as D;
}

/** For 204 answers: nothing to hand on. */
async function done(pending: Promise<Answer<unknown>>): Promise<void> {
  await ok(pending);
}

/** A query parameter left out when empty (the api reads '' as a value). */
const present = (v: string | null | undefined) => (v ? v : undefined);
const byId = (id: string) => ({ params: { path: { id } } });

/** The JSON request body a path and method take, as the OpenAPI document says. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

// ---- Types: the api's components, by their names ----

export type Schemas = components['schemas'];

export type Presence = Schemas['Presence'];
export type InteractionState = Schemas['InteractionState'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type Me = Schemas['Me'];
export type Offer = Schemas['Offer'];
export type OngoingInteraction = Schemas['OngoingInteraction'];
export type TranscriptMessage = Schemas['TranscriptMessage'];
export type InteractionDetail = Schemas['InteractionDetail'];
export type AgentPreferences = Schemas['AgentPreferences'];
export type ColleagueInteraction = Schemas['ColleagueInteraction'];

// ---- Server push (GET /api/events) ----

export const WORKSPACE_EVENTS_URL = '/api/events';
/** Each event name the api pushes → its payload (components.schemas.ServerEvents). */
export type ServerEvents = Schemas['ServerEvents'];
export type ServerEventName = keyof ServerEvents;

// ---- The agent's own work ----

export const workspaceApi = {
  login: (email: string, password: string) => ok(api.POST('/api/auth/login', { body: { email, password } })),
  logout: () => done(api.POST('/api/auth/logout')),
  me: () => ok(api.GET('/api/me')),
  /** PRS-2: Away may name one of `awayReasons()`; the plain `{status}` body otherwise. */
  setPresence: (status: Presence, awayReasonId?: string) =>
    ok(api.PUT('/api/me/presence', { body: awayReasonId ? { status, awayReasonId } : { status } })),
  awayReasons: () => ok(api.GET('/api/me/away-reasons')),
  offers: () => ok(api.GET('/api/me/offers')),
  acceptOffer: (id: string) => ok(api.POST('/api/offers/{id}/accept', byId(id))),
  /** RR-1: a picked reason (its text and reassignable flag), with the agent's words as details if any. */
  rejectOffer: (id: string, choice: RequestBody<'/api/offers/{id}/reject', 'post'>) => ok(api.POST('/api/offers/{id}/reject', { ...byId(id), body: choice })),
  /** RR-2: the reasons the reject picker offers for a channel, in order. */
  rejectReasons: (channel = 'sms') => ok(api.GET('/api/reject-reasons', { params: { query: { channel } } })),
  ongoing: () => ok(api.GET('/api/interactions', { params: { query: { view: 'ongoing' } } })),
  interaction: (id: string) => ok(api.GET('/api/interactions/{id}', byId(id))),
  markRead: (id: string) => done(api.POST('/api/interactions/{id}/read', byId(id))),
  sendMessage: (id: string, body: string) => ok(api.POST('/api/interactions/{id}/messages', { ...byId(id), body: { body } })),
  hold: (id: string) => ok(api.POST('/api/interactions/{id}/hold', byId(id))),
  resume: (id: string) => ok(api.POST('/api/interactions/{id}/resume', byId(id))),
  end: (id: string, outcome: 'complete' | 'abandon') => ok(api.POST('/api/interactions/{id}/end', { ...byId(id), body: { outcome } })),
  colleagues: () => ok(api.GET('/api/interactions/colleagues')),
  preferences: () => ok(api.GET('/api/me/preferences')),
  setPreferences: (change: RequestBody<'/api/me/preferences', 'put'>) => ok(api.PUT('/api/me/preferences', { body: change })),
};

// ---- Requester and Compose (issue 13) ----

export type AuthorKind = Schemas['AuthorKind'];
export type Requester = Schemas['Requester'];
export type OfferWithRequester = Offer;
export type OngoingWithRequester = OngoingInteraction;
export type InteractionWithRequester = InteractionDetail;
export type UserMatch = Schemas['UserMatch'];
export type ComposeOptions = Schemas['ComposeOptions'];
export type ComposeCheck = Schemas['ComposeCheck'];
export type ComposeOutcome = Schemas['ComposeOutcome'];
/** POST /api/compose. Without `to`: the number on the record of the person written for (AI-2 with typing off). */
export type ComposeRequest = RequestBody<'/api/compose', 'post'>;

export const requesterApi = {
  interaction: (id: string) => ok(api.GET('/api/interactions/{id}', byId(id))),
  offers: () => ok(api.GET('/api/me/offers')),
  ongoing: () => ok(api.GET('/api/interactions', { params: { query: { view: 'ongoing' } } })),
  searchUsers: (query: string) => ok(api.GET('/api/users', { params: { query: { query } } })),
  setRequester: (interactionId: string, userId: string | null) => ok(api.PUT('/api/interactions/{id}/requester', { ...byId(interactionId), body: { userId } })),
  composeOptions: () => ok(api.GET('/api/compose/options')),
  composeCheck: (q: { from: string; to: string; forUserId?: string | null }) =>
    ok(api.GET('/api/compose/check', { params: { query: { from: q.from, to: q.to.trim() ? q.to : undefined, forUserId: present(q.forUserId) } } })),
  compose: (c: ComposeRequest) => ok(api.POST('/api/compose', { body: c })),
};

// ---- Admin: compose settings (AI-6) ----

export type ComposeSettings = Schemas['ComposeSettings'];
export type ComposeChannelSettings = Schemas['ComposeChannelSettings'];

export const composeAdminApi = {
  settings: () => ok(api.GET('/api/admin/compose-settings')),
  putSettings: (s: RequestBody<'/api/admin/compose-settings', 'put'>) => ok(api.PUT('/api/admin/compose-settings', { body: s })),
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
export type CompanyNumberChange = RequestBody<'/api/admin/company-numbers/{number}', 'patch'>;
type TopicDocument = RequestBody<'/api/admin/virtual-agent/topics', 'put'>;

export const adminApi = {
  topics: () => ok(api.GET('/api/admin/virtual-agent/topics')),
  saveTopics: (document: TopicDocument) => ok(api.PUT('/api/admin/virtual-agent/topics', { body: document })),
  tryTopics: (text: string, session: VaSession | null, document?: TopicDocument, companyNumber?: string | null) =>
    ok(api.POST('/api/admin/virtual-agent/try', { body: { text, session, ...(document ? { document } : {}), ...(companyNumber ? { companyNumber } : {}) } })),
  systemTexts: () => ok(api.GET('/api/admin/system-texts')),
  saveSystemTexts: (texts: RequestBody<'/api/admin/system-texts', 'put'>) => ok(api.PUT('/api/admin/system-texts', { body: texts })),
  companyNumbers: () => ok(api.GET('/api/admin/company-numbers')),
  updateCompanyNumber: (number: string, change: CompanyNumberChange) =>
    ok(api.PATCH('/api/admin/company-numbers/{number}', { params: { path: { number } }, body: change })),
};

// ---- Messaging actions (issue 15) ----

export type MessagingAction = Schemas['MessagingAction'];
export type MessagingActionInput = RequestBody<'/api/admin/messaging-actions', 'post'>;
export type LiveView = Schemas['LiveView'];
export type LiveTimer = LiveView['timers'][number];

export const messagingActionsApi = {
  list: () => ok(api.GET('/api/admin/messaging-actions')),
  create: (a: MessagingActionInput) => ok(api.POST('/api/admin/messaging-actions', { body: a })),
  replace: (id: string, a: MessagingActionInput) => ok(api.PUT('/api/admin/messaging-actions/{id}', { ...byId(id), body: a })),
  remove: (id: string) => done(api.DELETE('/api/admin/messaging-actions/{id}', byId(id))),
  /** The conversation's pending timers, read from its workflow. */
  live: (interactionId: string) => ok(api.GET('/api/interactions/{id}/live', byId(interactionId))),
};

// ---- Routing (issue 16): transfer and assignment, routing events, manager views, routing admin ----

export type RoutingEvent = Schemas['RoutingEvent'];
export type RoutingCandidate = Schemas['RoutingCandidate'];
export type SkipReason = Schemas['SkipReason'];
export type TransferTargets = Schemas['TransferTargets'];
export type SupervisedInteraction = Schemas['SupervisedInteraction'];
export type AgentStatus = Schemas['AgentStatus'];
export type Queue = Schemas['Queue'];
/** POST/PUT /api/admin/queues body. */
export type QueueInput = RequestBody<'/api/admin/queues', 'post'>;
export type RoutingCondition = Schemas['RoutingCondition'];
export type QueueSchedule = Schemas['QueueSchedule'];
export type AssignmentRule = Schemas['AssignmentRule'];
export type AgentGroup = Schemas['AgentGroup'];
export type AwayReason = Schemas['AwayReason'];
export type AwayReasonInput = RequestBody<'/api/admin/away-reasons', 'post'>;
export type AwayReasonRef = Schemas['AwayReasonRef'];
export type AgentGroupInput = RequestBody<'/api/admin/groups', 'post'>;
export type Channel = Schemas['Channel'];
export type AgentCapacities = Schemas['AgentCapacities'];
export type RoutingSettings = Schemas['RoutingSettings'];
export type ChannelAvailability = Schemas['ChannelAvailability'];
/** MAN-1's offer options as sent; `overCapacity` (SPEC §17) is a request flag, not recorded with the offer. */
export type ManualOfferInput = NonNullable<RequestBody<'/api/interactions/{id}/assign', 'post'>['offer']>;
export type PresenceHistoryEntry = Schemas['PresenceHistoryEntry'];

export interface SupervisedFilter {
  state?: InteractionState | null;
  queueId?: string | null;
  agentId?: string | null;
  unassigned?: boolean;
}

export const routingApi = {
  transferTargets: () => ok(api.GET('/api/transfer-targets')),
  transfer: (id: string, to: { queueId: string } | { agentId: string }, note?: string) =>
    ok(api.POST('/api/interactions/{id}/transfer', { ...byId(id), body: { ...to, ...(note ? { note } : {}) } })),
  /** MAN-1: at once, or with `offer` as an offer to that agent only. */
  assign: (id: string, agentId: string, offer?: ManualOfferInput) =>
    ok(api.POST('/api/interactions/{id}/assign', { ...byId(id), body: { agentId, ...(offer ? { offer } : {}) } })),
  reassign: (id: string, reason?: string) => ok(api.POST('/api/interactions/{id}/reassign', { ...byId(id), body: reason ? { reason } : {} })),
  events: (id: string) => ok(api.GET('/api/interactions/{id}/routing-events', byId(id))),
  myChannels: () => ok(api.GET('/api/me/channels')),
  setMyChannels: (change: RequestBody<'/api/me/channels', 'put'>) => ok(api.PUT('/api/me/channels', { body: change })),
};

export const supervisorApi = {
  interactions: (f: SupervisedFilter) =>
    ok(api.GET('/api/supervisor/interactions', {
      params: { query: { state: f.state ?? undefined, queueId: present(f.queueId), agentId: present(f.agentId), unassigned: f.unassigned ? 'true' : undefined } },
    })),
  agents: () => ok(api.GET('/api/supervisor/agents')),
  presenceHistory: (agentId: string) => ok(api.GET('/api/supervisor/agents/{id}/presence-history', byId(agentId))),
};

export const routingAdminApi = {
  /** Group members and capacity overrides are picked from every user. */
  queues: () => ok(api.GET('/api/admin/queues')),
  createQueue: (q: QueueInput) => ok(api.POST('/api/admin/queues', { body: q })),
  replaceQueue: (id: string, q: RequestBody<'/api/admin/queues/{id}', 'put'>) => ok(api.PUT('/api/admin/queues/{id}', { ...byId(id), body: q })),
  removeQueue: (id: string) => done(api.DELETE('/api/admin/queues/{id}', byId(id))),
  groups: () => ok(api.GET('/api/admin/groups')),
  createGroup: (g: AgentGroupInput) => ok(api.POST('/api/admin/groups', { body: g })),
  replaceGroup: (id: string, g: AgentGroupInput) => ok(api.PUT('/api/admin/groups/{id}', { ...byId(id), body: g })),
  removeGroup: (id: string) => done(api.DELETE('/api/admin/groups/{id}', byId(id))),
  channels: () => ok(api.GET('/api/admin/channels')),
  putChannel: (c: Channel) =>
    ok(api.PUT('/api/admin/channels/{id}', { ...byId(c.id), body: { name: c.name, active: c.active, defaultCapacity: c.defaultCapacity, workItemSize: c.workItemSize } })),
  agentCapacities: (agentId: string) => ok(api.GET('/api/admin/agents/{id}/capacities', byId(agentId))),
  putAgentCapacities: (agentId: string, c: RequestBody<'/api/admin/agents/{id}/capacities', 'put'>) =>
    ok(api.PUT('/api/admin/agents/{id}/capacities', { ...byId(agentId), body: c })),
  settings: () => ok(api.GET('/api/admin/routing-settings')),
  putSettings: (s: RequestBody<'/api/admin/routing-settings', 'put'>) => ok(api.PUT('/api/admin/routing-settings', { body: s })),
  awayReasons: () => ok(api.GET('/api/admin/away-reasons')),
  createAwayReason: (r: AwayReasonInput) => ok(api.POST('/api/admin/away-reasons', { body: r })),
  replaceAwayReason: (id: string, r: AwayReasonInput) => ok(api.PUT('/api/admin/away-reasons/{id}', { ...byId(id), body: r })),
  removeAwayReason: (id: string) => done(api.DELETE('/api/admin/away-reasons/{id}', byId(id))),
};

// ---- Admin: reject reasons (RR-1, issue 24) ----

export type RejectReason = Schemas['RejectReason'];
export type RejectReasonInput = RequestBody<'/api/admin/reject-reasons', 'post'>;

export const rejectReasonsAdminApi = {
  list: () => ok(api.GET('/api/admin/reject-reasons')),
  create: (r: RejectReasonInput) => ok(api.POST('/api/admin/reject-reasons', { body: r })),
  replace: (id: string, r: RejectReasonInput) => ok(api.PUT('/api/admin/reject-reasons/{id}', { ...byId(id), body: r })),
  remove: (id: string) => done(api.DELETE('/api/admin/reject-reasons/{id}', byId(id))),
};

// ---- Admin: users (issue 24) ----

export type User = Schemas['User'];
export type Role = Schemas['Role'];
/** POST /api/admin/users body. */
export type UserInput = RequestBody<'/api/admin/users', 'post'>;
/** PATCH /api/admin/users/{id}: every field optional. */
export type UserChange = RequestBody<'/api/admin/users/{id}', 'patch'>;

export const usersAdminApi = {
  list: () => ok(api.GET('/api/admin/users')),
  create: (u: UserInput) => ok(api.POST('/api/admin/users', { body: u })),
  update: (id: string, change: UserChange) => ok(api.PATCH('/api/admin/users/{id}', { ...byId(id), body: change })),
  resetPassword: (id: string, password: string) => done(api.POST('/api/admin/users/{id}/password', { ...byId(id), body: { password } })),
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

export const historyApi = {
  list: (f: HistoryFilter, cursor?: string | null) =>
    ok(api.GET('/api/interactions/history', {
      params: { query: { number: present(f.number), name: present(f.name), closedSince: present(f.closedSince), closedUntil: present(f.closedUntil), cursor: present(cursor) } },
    })),
  requesterHistory: (interactionId: string, cursor?: string | null) =>
    ok(api.GET('/api/interactions/{id}/requester-history', { params: { path: { id: interactionId }, query: { cursor: present(cursor) } } })),
};
