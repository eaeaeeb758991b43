import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/**
 * A twilio-node HTTP client that sends every request to another origin (the simulator, or any Twilio-compatible
 * fake). Only the origin changes; URL building, form serialisation, auth, 429 back-off and error mapping stay the
 * library's own.
 */
export class LocalTwilioHttpClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string,
    opts?: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override request<T>(opts: RequestClient.RequestOptions<T>) {
    const u = new URL(opts.uri);
    return super.request<T>({ ...opts, uri: new URL(u.pathname + u.search, this.origin).toString() });
  }
}

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Origin of a Twilio-compatible API (e.g. the simulator). Unset means Twilio's own origins. */
  apiBaseUrl?: string;
}

export function createTwilioClient({ accountSid, authToken, apiBaseUrl }: TwilioClientOptions): twilio.Twilio {
  const httpClient = apiBaseUrl
    ? new LocalTwilioHttpClient(apiBaseUrl, { autoRetry: true })
    : new twilio.RequestClient({ autoRetry: true });
  return twilio(accountSid, authToken, { httpClient });
}
