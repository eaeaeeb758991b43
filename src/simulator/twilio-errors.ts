import type { Response } from 'express';

/** An error the simulated REST API answers with Twilio's JSON error body. */
export class TwilioRestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioRestError';
  }

  toJSON(): { code: number; message: string; more_info: string; status: number } {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

export function sendTwilioError(res: Response, err: TwilioRestError): void {
  if (err.status === 401) res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
  res.status(err.status).json(err.toJSON());
}

export const restErrors = {
  authenticate: () => new TwilioRestError(401, 20003, 'Authenticate'),
  notFound: (path: string) => new TwilioRestError(404, 20404, `The requested resource ${path} was not found`),
  invalidParameter: (message: string) => new TwilioRestError(400, 20001, message),
  toRequired: () => new TwilioRestError(400, 21604, "A 'To' phone number is required."),
  fromRequired: () => new TwilioRestError(400, 21603, "A 'From' phone number is required."),
  bodyRequired: () => new TwilioRestError(400, 21619, 'A text message body or media urls must be specified.'),
  bodyTooLong: () => new TwilioRestError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
  tooManyMedia: () => new TwilioRestError(400, 20001, 'MediaUrl: a message can carry at most 10 media files.'),
  invalidStatusCallback: (url: string) => new TwilioRestError(400, 21609, `Invalid 'StatusCallback': ${url}`),
  sameToAndFrom: (n: string) => new TwilioRestError(400, 21266, `'To' and 'From' number cannot be the same: ${n}`),
  invalidTo: (to: string) => new TwilioRestError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  invalidFrom: (from: string) =>
    new TwilioRestError(
      400,
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    ),
  fromNotOwned: (from: string) =>
    new TwilioRestError(
      400,
      21606,
      `The 'From' phone number provided (${from}) is not a valid message-capable Twilio phone number for this destination/account.`,
    ),
  queueFull: () =>
    new TwilioRestError(400, 21611, "This 'From' number has exceeded the maximum number of queued messages."),
  unreachable: (to: string, from: string) =>
    new TwilioRestError(
      400,
      21612,
      `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`,
    ),
  regionNotEnabled: (to: string) =>
    new TwilioRestError(
      400,
      21408,
      `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`,
    ),
  unsubscribed: () => new TwilioRestError(400, 21610, 'Attempt to send to unsubscribed recipient'),
  notMobile: (to: string) => new TwilioRestError(400, 21614, `'To' number ${to} is not a valid mobile number`),
};

const INJECTED_DEFAULTS: Record<number, { code: number; message: string }> = {
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  502: { code: 20500, message: 'Bad Gateway' },
  503: { code: 20503, message: 'Service Unavailable' },
  504: { code: 20504, message: 'Gateway Timeout' },
};

export function injectedError(status: number, code?: number, message?: string): TwilioRestError {
  const d = INJECTED_DEFAULTS[status] ?? { code: 20500, message: `Simulated HTTP ${status}` };
  return new TwilioRestError(status, code ?? d.code, message ?? d.message);
}

/** Descriptions for delivery-receipt error codes, used as the message resource's error_message. */
const DLR_DESCRIPTIONS: Record<number, string> = {
  30001: 'Queue overflow',
  30002: 'Account suspended',
  30003: 'Unreachable destination handset',
  30004: 'Message blocked',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
  30032: 'Toll-Free Number Has Not Been Verified',
  30034: 'Message from an Unregistered Number',
  30036: 'Validity Period Expired',
};

export function dlrDescription(code: number): string {
  return DLR_DESCRIPTIONS[code] ?? 'Unknown error';
}
