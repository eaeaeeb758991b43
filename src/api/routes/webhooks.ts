import express, { type Request, type Response } from 'express';
import { parseInboundSms, parseStatus, verifyTwilioSignature, WebhookPayloadError } from '../../providers/twilio/webhook';
import { FINAL_STATUSES, isDeliveryStatus } from '../../domain/delivery-status';
import { receiveStatusCallback } from '../../use-cases/delivery-status-callback';
import { receiveInboundSms, UnknownCompanyNumberError } from '../../use-cases/receive-inbound-sms';
import type { ApiDeps } from '../context';
import { ForbiddenError, InvalidInputError } from '../../domain/errors';

/** parley_webhooks_total's outcome for answers whose handler did not name one. */
const WEBHOOK_OUTCOME: Record<number, string> = { 400: 'invalid', 403: 'forbidden', 404: 'unknown_number', 413: 'too_large', 500: 'error' };

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function parsePayload<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw new InvalidInputError(`${what}: ${err.message}`);
    throw err;
  }
}

export function webhookRouter(deps: ApiDeps): express.Router {
  const { db, log, postCommit, webhookAuthToken, publicBaseUrl, wakes, companyNumbers, metrics } = deps;
  const router = express.Router();
  router.use((req, res, next) => {
    const kind = req.path === '/sms' ? 'sms' : req.path === '/status' ? 'status' : 'other';
    const acknowledged = metrics.webhookAckSeconds.startTimer({ kind });
    res.on('finish', () => {
      acknowledged();
      metrics.webhooks.inc({ kind, outcome: (res.locals.outcome as string | undefined) ?? WEBHOOK_OUTCOME[res.statusCode] ?? `http_${res.statusCode}` });
    });
    next();
  });
  // Twilio posts at most a few KB; anything far larger is not Twilio.
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  const verify = (req: Request) => {
    const params = (req.body ?? {}) as Record<string, string>;
    if (!req.is('application/x-www-form-urlencoded')) throw new InvalidInputError('expected a form-encoded body (application/x-www-form-urlencoded)');
    const signature = req.header('X-Twilio-Signature');
    if (!verifyTwilioSignature(webhookAuthToken, publicBaseUrl, req.originalUrl, signature, params)) {
      log.warn({ path: req.originalUrl, hasSignature: Boolean(signature) }, 'refused webhook with an invalid or missing signature');
      throw new ForbiddenError(signature ? 'X-Twilio-Signature does not match this request' : 'X-Twilio-Signature header is missing');
    }
    return params;
  };

  router.post('/sms', async (req: Request, res: Response) => {
    const sms = parsePayload(() => parseInboundSms(verify(req)), 'not an inbound SMS');
    const stored = await receiveInboundSms(db, companyNumbers, sms).catch((err: unknown) => {
      if (err instanceof UnknownCompanyNumberError) log.warn({ to: sms.to, from: sms.from, providerSid: sms.providerSid }, 'refused SMS to an unknown company number');
      throw err;
    });
    res.locals.outcome = stored.duplicate ? 'duplicate' : 'stored';
    if (!stored.duplicate) metrics.textsStored.inc();
    // Acknowledge once PostgreSQL has it; Temporal is never on the acknowledgement path.
    res.status(200).type('text/xml').send(EMPTY_TWIML);
    if (!stored.duplicate) wakes.wake(sms.to, sms.from, stored.messageId);
  });

  router.post('/status', async (req: Request, res: Response) => {
    const update = parsePayload(() => parseStatus(verify(req)), 'not a status callback');
    const r = await receiveStatusCallback({ db, postCommit }, update);
    res.locals.outcome = r.changed ? 'applied' : 'ignored';
    if (r.changed && isDeliveryStatus(update.status) && FINAL_STATUSES.includes(update.status)) metrics.outboundFinal.inc({ status: update.status, source: 'callback' });
    res.status(204).end();
  });

  return router;
}
