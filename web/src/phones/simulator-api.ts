// The virtual phones page's calls: the simulator's /sim control API on the page's own origin. It is not part of
// the api's OpenAPI document, so its shapes are written here (src/simulator answers them).
import { answerError, ApiError, unreachable } from '../api-error';
import type { components } from '../generated/api';

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
    throw unreachable();
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) throw answerError(res, parsed);
  return parsed as T;
}

const seg = encodeURIComponent;

export { ApiError };
export type DeliveryStatus = components['schemas']['DeliveryStatus'];

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
