import { setTimeout as delay } from 'node:timers/promises';
import twilio from 'twilio';
import type { WebhookResult } from './types';

export interface SignedPostOptions {
  authToken: string;
  idempotencyToken: string;
  /** Extra attempts after a network error or a 5xx answer. */
  retries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send this instead of the correct X-Twilio-Signature (tests of signature checks). */
  signatureOverride?: string;
  omitSignature?: boolean;
  /** The URL actually posted to on each attempt (from 1), when a load balancer's targets stand behind `url`. */
  target?: (attempt: number) => string;
}

/**
 * POSTs form-encoded params the way Twilio calls webhooks: signed over the exact URL plus the sorted params, with an
 * idempotency token that stays the same across retries of one delivery.
 */
export async function postSignedForm(
  url: string,
  params: Record<string, string>,
  opts: SignedPostOptions,
): Promise<WebhookResult> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'User-Agent': 'TwilioProxy/1.1',
    Accept: '*/*',
    'I-Twilio-Idempotency-Token': opts.idempotencyToken,
  };
  if (!opts.omitSignature) {
    headers['X-Twilio-Signature'] =
      opts.signatureOverride ?? twilio.getExpectedTwilioSignature(opts.authToken, url, params);
  }
  const body = new URLSearchParams(params).toString();
  const maxAttempts = 1 + (opts.retries ?? 0);
  let last: WebhookResult = { url, status: null, body: '', attempts: 0 };

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await delay(100 * (attempt - 1), undefined, { signal: opts.signal });
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    try {
      const res = await fetch(opts.target?.(attempt) ?? url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      last = { url, status: res.status, body: await res.text(), attempts: attempt };
      if (res.status < 500) return last;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      last = { url, status: null, body: '', attempts: attempt, error: describe(err) };
    }
  }
  return last;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
