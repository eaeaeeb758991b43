// The pages' only way to the servers: the documented /api routes (Workspace) and the simulator's /sim control API
// (virtual phones), each on the page's own origin. Both answer errors as {error:{code,message}}.

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

export type Presence = 'available' | 'away' | 'offline';

export type InteractionState =
  | 'new' | 'virtual_agent' | 'queued' | 'offered' | 'work_in_progress' | 'on_hold' | 'wrap_up' | 'closed_complete' | 'closed_abandoned';

export type DeliveryStatus = 'pending' | 'sending' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'manager' | 'admin';
  presence: Presence;
}

export interface Offer {
  id: string;
  interactionId: string;
  workItemId: string;
  queueId: string;
  requesterNumber: string;
  companyNumber: string;
  firstMessage: string;
  waitingSince: string;
  offeredAt: string;
  expiresAt: string;
}

export interface OngoingInteraction {
  id: string;
  state: InteractionState;
  requesterNumber: string;
  companyNumber: string;
  assignedAgentId: string;
  unreadCount: number;
  lastMessage: string;
  lastMessageAt: string | null;
  lastInboundAt: string | null;
}

export interface TranscriptMessage {
  id: string;
  direction: 'inbound' | 'outbound' | 'system';
  body: string;
  media: { url: string; contentType: string }[];
  status: DeliveryStatus | string;
  errorCode: string | null;
  errorMessage: string | null;
  authorId: string | null;
  createdAt: string;
}

export interface InteractionDetail {
  id: string;
  workflowId: string;
  state: InteractionState;
  closeReason: string | null;
  requesterNumber: string;
  companyNumber: string;
  assignedAgentId: string | null;
  queueId: string | null;
  unreadCount: number;
  createdAt: string;
  closedAt: string | null;
  messages: TranscriptMessage[];
}

export const workspaceApi = {
  login: (email: string, password: string) =>
    call<{ token: string; user: Omit<Me, 'presence'> }>('POST', '/api/auth/login', { email, password }),
  logout: () => call<void>('POST', '/api/auth/logout'),
  me: () => call<Me>('GET', '/api/me'),
  setPresence: (status: Presence) => call<{ status: Presence }>('PUT', '/api/me/presence', { status }),
  offers: () => call<Offer[]>('GET', '/api/me/offers'),
  acceptOffer: (id: string) => call<{ interactionId: string; state: InteractionState }>('POST', `/api/offers/${seg(id)}/accept`),
  rejectOffer: (id: string, reason: string, reassignable: boolean) =>
    call<{ interactionId: string; state: InteractionState }>('POST', `/api/offers/${seg(id)}/reject`, { reason, reassignable }),
  ongoing: () => call<OngoingInteraction[]>('GET', '/api/interactions?view=ongoing'),
  interaction: (id: string) => call<InteractionDetail>('GET', `/api/interactions/${seg(id)}`),
  markRead: (id: string) => call<void>('POST', `/api/interactions/${seg(id)}/read`),
  sendMessage: (id: string, body: string) => call<{ messageId: string }>('POST', `/api/interactions/${seg(id)}/messages`, { body }),
  hold: (id: string) => call<{ state: InteractionState }>('POST', `/api/interactions/${seg(id)}/hold`),
  resume: (id: string) => call<{ state: InteractionState }>('POST', `/api/interactions/${seg(id)}/resume`),
  end: (id: string, outcome: 'complete' | 'abandon') => call<{ state: InteractionState }>('POST', `/api/interactions/${seg(id)}/end`, { outcome }),
};

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
  info: () => call<{ accountSid: string; inboundWebhookUrl: string; companyNumber?: string }>('GET', '/sim/info'),
  phones: () => call<{ phones: PhoneSummary[] }>('GET', '/sim/phones'),
  addPhone: (number: string) => call<{ number: string }>('PUT', `/sim/phones/${seg(number)}`),
  messages: (number: string) => call<{ number: string; messages: PhoneMessage[] }>('GET', `/sim/phones/${seg(number)}/messages`),
  send: (number: string, to: string, body: string) =>
    call<{ sid: string; message: PhoneMessage; webhook: WebhookOutcome }>('POST', `/sim/phones/${seg(number)}/messages`, { to, body }),
  eventsUrl: (number: string) => `/sim/events?number=${seg(number)}`,
};

export const WORKSPACE_EVENTS_URL = '/api/events';

// ---- Requester and Compose (issue 13) ----

export type AuthorKind = 'requester' | 'agent' | 'virtual_agent' | 'system';

export interface Requester {
  profileId: string | null;
  /** null for a guest, as are name and email. */
  userId: string | null;
  name: string | null;
  email: string | null;
  verifyIdentity: boolean;
}

/** Fields issue 13 added to the offer and ongoing reads. */
export interface RequesterSummary {
  requesterName: string | null;
  verifyIdentity: boolean;
}

export type OfferWithRequester = Offer & RequesterSummary;
export type OngoingWithRequester = OngoingInteraction & RequesterSummary;

export type InteractionWithRequester = InteractionDetail & {
  requester: Requester;
  participantIds: string[];
  messages: (TranscriptMessage & { authorKind: AuthorKind })[];
};

export interface UserMatch {
  id: string;
  name: string;
  email: string;
  mobilePhone: string | null;
}

export interface ComposeOptions {
  fromNumbers: { number: string; displayName: string }[];
  allowManualFrom: boolean;
}

export interface ComposeCheck {
  to: string;
  activeInteraction: { id: string; state: InteractionState; assignedAgentId: string | null; assignedAgentName: string | null; lastMessageAt: string } | null;
  conflict: { userId: string; name: string } | null;
}

export interface ComposeRequest {
  from: string;
  to: string;
  body: string;
  forUserId?: string | null;
  proceed?: boolean;
}

export type ComposeOutcome = 'created' | 'joined' | 'replaced_virtual_agent' | 'replaced_requester';

export const requesterApi = {
  interaction: (id: string) => call<InteractionWithRequester>('GET', `/api/interactions/${seg(id)}`),
  offers: () => call<OfferWithRequester[]>('GET', '/api/me/offers'),
  ongoing: () => call<OngoingWithRequester[]>('GET', '/api/interactions?view=ongoing'),
  searchUsers: (query: string) => call<UserMatch[]>('GET', `/api/users?query=${seg(query)}`),
  setRequester: (interactionId: string, userId: string | null) => call<Requester>('PUT', `/api/interactions/${seg(interactionId)}/requester`, { userId }),
  composeOptions: () => call<ComposeOptions>('GET', '/api/compose/options'),
  composeCheck: (q: { from: string; to: string; forUserId?: string | null }) =>
    call<ComposeCheck>('GET', `/api/compose/check?${new URLSearchParams({ from: q.from, to: q.to, ...(q.forUserId ? { forUserId: q.forUserId } : {}) }).toString()}`),
  compose: (c: ComposeRequest) => call<{ interactionId: string; outcome: ComposeOutcome }>('POST', '/api/compose', c),
};
