// One interface per provider (DESIGN.md "Provider and simulator"); Twilio is the first implementation.

export interface InboundSms {
  providerSid: string;
  from: string;
  to: string;
  body: string;
  media: { url: string; contentType: string }[];
}

export interface StatusUpdate {
  providerSid: string;
  status: string;
  errorCode: string | null;
}

export interface SendRequest {
  from: string;
  to: string;
  body: string;
  statusCallbackUrl?: string;
}

export interface SendResult {
  providerSid: string;
  status: string;
}

/** The provider refused the message for good (invalid number, opted out…): retrying cannot help. */
export class ProviderRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderRejected';
  }
}

export interface SmsProvider {
  send(req: SendRequest): Promise<SendResult>;
  /** A message already accepted for this sender, recipient and body since `since` (reconciles an ambiguous send). */
  findSent(req: SendRequest & { since: Date }): Promise<SendResult | null>;
}

/** Asks the provider where a sent message stands (reconciles a status callback that never came). */
export interface StatusSource {
  /** The message's current status; null when the provider does not know the id. */
  fetchStatus(providerSid: string): Promise<StatusUpdate | null>;
}
