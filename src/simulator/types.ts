export type MessageStatus =
  | 'accepted'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'received';

export type MessageDirection = 'outbound-api' | 'inbound';

/** A message as the simulator stores it. */
export interface SimMessage {
  seq: number;
  sid: string;
  accountSid: string;
  messagingServiceSid: string | null;
  direction: MessageDirection;
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  numSegments: number;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

/** The JSON shape the control API, the event stream and the programmatic API hand out. */
export interface MessageView {
  sid: string;
  direction: MessageDirection;
  from: string | null;
  to: string;
  body: string;
  mediaUrls: string[];
  numSegments: number;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  dateCreated: string;
  dateUpdated: string;
  dateSent: string | null;
}

export function toView(m: SimMessage): MessageView {
  return {
    sid: m.sid,
    direction: m.direction,
    from: m.from,
    to: m.to,
    body: m.body,
    mediaUrls: [...m.mediaUrls],
    numSegments: m.numSegments,
    status: m.status,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    messagingServiceSid: m.messagingServiceSid,
    statusCallback: m.statusCallback,
    dateCreated: m.dateCreated.toISOString(),
    dateUpdated: m.dateUpdated.toISOString(),
    dateSent: m.dateSent ? m.dateSent.toISOString() : null,
  };
}

/** Outcome of one signed POST the simulator made ("Twilio → app"). */
export interface WebhookResult {
  url: string;
  /** HTTP status of the last attempt; null when no response arrived. */
  status: number | null;
  body: string;
  attempts: number;
  error?: string;
}

export type SimEvent =
  | { type: 'message.created'; message: MessageView }
  | { type: 'message.status'; message: MessageView }
  | {
      type: 'inbound.posted';
      sid: string;
      from: string;
      to: string;
      url: string;
      status: number | null;
      error?: string;
      duplicate: boolean;
    };
