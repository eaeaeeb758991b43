import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import { callbackSchedule, plannedTransitions, statusCallbackParams, type PlannedCallback } from './callbacks';
import type { OutboundRequest } from './create-message';
import { FaultRegistry, type DeliveryEffects } from './faults';
import { inboundInputSchema, inboundWebhookParams, type InboundInput } from './inbound';
import { countSegments } from './segments';
import { postSignedForm } from './signed-post';
import { newSid } from './sid';
import { MessageStore } from './store';
import { dlrDescription } from './twilio-errors';
import {
  toView,
  type MessageDirection,
  type MessageStatus,
  type MessageView,
  type SimEvent,
  type SimMessage,
  type WebhookResult,
} from './types';

export interface SimulatorOptions {
  accountSid: string;
  authToken: string;
  /** Origin (and optional path prefix) of the app that receives inbound webhooks; a function is read at each post. */
  webhookBaseUrl: string | (() => string);
  logger?: Logger;
  /** Spacing between status transitions after a create. */
  statusDelayMs?: number;
  /** Timeout of each webhook / callback POST (Twilio's own is 15 s). */
  webhookTimeoutMs?: number;
  /**
   * Origins of the api processes behind webhookBaseUrl (`npm run cluster`): posts signed for that URL go to each in
   * turn, and on a refused connection or a 5xx to the next, as a load balancer in front of them would.
   */
  deliverTo?: string[];
  /** The company numbers the phones page offers to text (the demo's two), with what each does. */
  companyNumbers?: { number: string; label: string }[];
  /** Numbers the account owns besides the company numbers (its IncomingPhoneNumbers, AI-6). */
  ownedNumbers?: string[];
}

export const INBOUND_WEBHOOK_PATH = '/webhooks/twilio/sms';

export interface InboundResult {
  sid: string;
  message: MessageView;
  webhook: WebhookResult;
  /** The second delivery when the duplicateInbound fault applies. */
  duplicate?: WebhookResult;
}

export interface RawWebhookOptions {
  signatureOverride?: string;
  omitSignature?: boolean;
  idempotencyToken?: string;
}

export interface MessageFilter {
  to?: string;
  from?: string;
  status?: MessageStatus;
  direction?: MessageDirection;
}

export interface PhoneSummary {
  number: string;
  messageCount: number;
  lastMessageAt: string | null;
}

export type SimEventListener = (event: SimEvent) => void;

/** A Twilio-like SMS network: stores messages, progresses their delivery and posts signed webhooks. */
export class Simulator {
  readonly accountSid: string;
  readonly faults = new FaultRegistry();
  readonly store = new MessageStore();
  readonly statusDelayMs: number;
  readonly logger: Logger;
  private readonly listeners = new Set<SimEventListener>();
  private readonly inFlight = new Set<Promise<void>>();
  private lifecycle = new AbortController();
  private nextTarget = 0;
  /** The account's IncomingPhoneNumbers: the numbers it was given. */
  readonly ownedNumbers: Set<string>;
  readonly createdAt = new Date();

  constructor(private readonly opts: SimulatorOptions) {
    this.accountSid = opts.accountSid;
    this.statusDelayMs = opts.statusDelayMs ?? 50;
    this.logger = opts.logger ?? pino({ level: 'silent' });
    this.ownedNumbers = new Set([...(opts.companyNumbers ?? []).map((c) => c.number), ...(opts.ownedNumbers ?? [])]);
  }

  /** Resolves a path against the webhook base URL; absolute http(s) URLs pass through. */
  webhookUrl(path: string): string {
    if (/^https?:\/\//i.test(path)) return path;
    const base = typeof this.opts.webhookBaseUrl === 'function' ? this.opts.webhookBaseUrl() : this.opts.webhookBaseUrl;
    return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  }

  /** Records a message created through the REST API and starts its delivery timeline. */
  createOutbound(req: OutboundRequest): SimMessage {
    const now = new Date();
    const m = this.store.insert({
      sid: newSid(req.mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: this.accountSid,
      messagingServiceSid: req.messagingServiceSid,
      direction: 'outbound-api',
      from: req.from,
      to: req.to,
      body: req.body,
      mediaUrls: req.mediaUrls,
      numSegments: countSegments(req.body),
      status: req.messagingServiceSid ? 'accepted' : 'queued',
      errorCode: null,
      errorMessage: null,
      statusCallback: req.statusCallback,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    });
    this.store.addPhone(req.to);
    this.emit({ type: 'message.created', message: toView(m) });
    this.track(this.progress(m.sid, this.faults.effectsFor(req.to)));
    return m;
  }

  /** A virtual phone texts a company number: the message is recorded and the signed inbound webhook is posted. */
  async sendInbound(input: InboundInput): Promise<InboundResult> {
    const v = inboundInputSchema.parse(input);
    const now = new Date();
    const m = this.store.insert({
      sid: newSid(v.mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: this.accountSid,
      messagingServiceSid: null,
      direction: 'inbound',
      from: v.from,
      to: v.to,
      body: v.body,
      mediaUrls: v.mediaUrls,
      numSegments: countSegments(v.body),
      status: 'received',
      errorCode: null,
      errorMessage: null,
      statusCallback: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    });
    this.store.addPhone(v.from);
    this.emit({ type: 'message.created', message: toView(m) });

    const effects = this.faults.effectsFor(v.to);
    const url = this.webhookUrl(INBOUND_WEBHOOK_PATH);
    const params = inboundWebhookParams(m);
    const idempotencyToken = randomUUID();
    const signal = this.lifecycle.signal;
    const post = async (duplicate: boolean): Promise<WebhookResult> => {
      const r = await postSignedForm(url, params, {
        authToken: this.opts.authToken,
        idempotencyToken,
        signal,
        timeoutMs: this.opts.webhookTimeoutMs,
        ...this.balanced(url, 0),
      });
      this.emit({
        type: 'inbound.posted',
        sid: m.sid,
        from: v.from,
        to: v.to,
        url,
        status: r.status,
        ...(r.error ? { error: r.error } : {}),
        duplicate,
      });
      if (r.status === null || r.status >= 400) {
        this.logger.warn({ sid: m.sid, url, status: r.status, error: r.error }, 'inbound webhook failed');
      }
      return r;
    };
    const work = (async (): Promise<InboundResult> => {
      const webhook = await post(false);
      const duplicate = effects.duplicateInbound ? await post(true) : undefined;
      return { sid: m.sid, message: toView(m), webhook, ...(duplicate ? { duplicate } : {}) };
    })();
    this.track(work);
    return work;
  }

  /** Posts arbitrary signed params to a path under the webhook base URL (or an absolute URL). */
  async sendRawWebhook(
    path: string,
    params: Record<string, string>,
    opts: RawWebhookOptions = {},
  ): Promise<WebhookResult> {
    return postSignedForm(this.webhookUrl(path), params, {
      authToken: this.opts.authToken,
      idempotencyToken: opts.idempotencyToken ?? randomUUID(),
      signatureOverride: opts.signatureOverride,
      omitSignature: opts.omitSignature,
      signal: this.lifecycle.signal,
      timeoutMs: this.opts.webhookTimeoutMs,
    });
  }

  /** Messages created through the REST API, oldest first. */
  outbound(filter: Omit<MessageFilter, 'direction'> = {}): MessageView[] {
    return this.messages({ ...filter, direction: 'outbound-api' });
  }

  /** Every message, oldest first. */
  messages(filter: MessageFilter = {}): MessageView[] {
    return this.store
      .all()
      .filter(
        (m) =>
          (filter.to === undefined || m.to === filter.to) &&
          (filter.from === undefined || m.from === filter.from) &&
          (filter.status === undefined || m.status === filter.status) &&
          (filter.direction === undefined || m.direction === filter.direction),
      )
      .map(toView);
  }

  message(sid: string): MessageView | undefined {
    const m = this.store.get(sid);
    return m ? toView(m) : undefined;
  }

  addPhone(number: string): void {
    this.store.addPhone(number);
  }

  phones(): PhoneSummary[] {
    return this.store.phones().map((number) => {
      const convo = this.store.conversation(number);
      const last = convo[convo.length - 1];
      return { number, messageCount: convo.length, lastMessageAt: last ? last.dateCreated.toISOString() : null };
    });
  }

  /** A virtual phone's conversation: what it sent and what was sent to it, oldest first. */
  conversation(number: string): MessageView[] {
    return this.store.conversation(number).map(toView);
  }

  /** Subscribes to simulator events; returns the unsubscribe function. */
  onEvent(listener: SimEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every delivery timeline and webhook post started so far has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets messages, phones and faults and cancels pending timelines; listeners stay subscribed. */
  reset(): void {
    this.lifecycle.abort();
    this.lifecycle = new AbortController();
    this.store.clear();
    this.faults.clear();
  }

  /** Cancels pending timelines and posts. */
  close(): void {
    this.lifecycle.abort();
  }

  private async progress(sid: string, effects: DeliveryEffects): Promise<void> {
    const signal = this.lifecycle.signal;
    const initial = this.store.get(sid);
    if (!initial) return;
    const transitions = plannedTransitions(initial.status, effects.final);
    const schedule = callbackSchedule(transitions, effects);
    for (let i = 0; i < transitions.length; i++) {
      await delay(this.statusDelayMs, undefined, { signal });
      const t = transitions[i];
      const now = new Date();
      const m = this.store.update(sid, {
        status: t.status,
        errorCode: t.errorCode,
        errorMessage: t.errorCode === null ? null : dlrDescription(t.errorCode),
        dateUpdated: now,
        ...(t.status === 'sent' ? { dateSent: now } : {}),
      });
      if (!m) return;
      this.emit({ type: 'message.status', message: toView(m) });
      if (!m.statusCallback) continue;
      for (const cb of schedule[i]) await this.postStatusCallback(m, m.statusCallback, cb, signal);
    }
  }

  private async postStatusCallback(m: SimMessage, url: string, cb: PlannedCallback, signal: AbortSignal) {
    const r = await postSignedForm(url, statusCallbackParams(m, cb, new Date()), {
      authToken: this.opts.authToken,
      idempotencyToken: cb.idempotencyToken,
      signal,
      timeoutMs: this.opts.webhookTimeoutMs,
      ...this.balanced(url, 2),
    });
    if (r.status === null || r.status >= 400) {
      this.logger.warn(
        { sid: m.sid, messageStatus: cb.status, url, status: r.status, error: r.error, attempts: r.attempts },
        'status callback failed',
      );
    }
  }

  /** Retries and targets of one post to `url`: through the deliverTo targets when it is on webhookBaseUrl's origin. */
  private balanced(url: string, retries: number): { retries: number; target?: (attempt: number) => string } {
    const targets = this.opts.deliverTo ?? [];
    const parsed = new URL(url);
    if (targets.length === 0 || parsed.origin !== new URL(this.webhookUrl('/')).origin) return { retries };
    const first = this.nextTarget++;
    const rest = parsed.pathname + parsed.search;
    return {
      retries: Math.max(retries, targets.length - 1),
      target: (attempt) => targets[(first + attempt - 1) % targets.length].replace(/\/+$/, '') + rest,
    };
  }

  private emit(event: SimEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn({ err, type: event.type }, 'simulator event listener threw');
      }
    }
  }

  private track(task: Promise<unknown>): void {
    const tracked: Promise<void> = task
      .then(() => undefined)
      .catch((err: unknown) => {
        if (!(err instanceof Error && err.name === 'AbortError')) {
          this.logger.error({ err }, 'simulator task failed');
        }
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
