import express, { type Request, type Response } from 'express';
import { parseInboundSms, parseStatus, verifyTwilioSignature, WebhookPayloadError } from '../../providers/twilio/webhook';
import { applyStatus } from '../../sms/delivery-status-store';
import { receiveInboundSms, UnknownCompanyNumberError } from '../../use-cases/receive-inbound-sms';
import type { ApiDeps } from '../context';
import { ForbiddenError, InvalidInputError } from '../../domain/errors';

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
  const { db, log, events, webhookAuthToken, publicBaseUrl, wakes, companyNumbers } = deps;
  const router = express.Router();
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
    // Acknowledge once PostgreSQL has it; Temporal is never on the acknowledgement path.
    res.status(200).type('text/xml').send(EMPTY_TWIML);
    if (!stored.duplicate) wakes.wake(sms.to, sms.from, stored.messageId);
  });

  router.post('/status', async (req: Request, res: Response) => {
    const update = parsePayload(() => parseStatus(verify(req)), 'not a status callback');
    const r = await applyStatus(db, update);
    if (r.interactionId) events.interactionChanged(r.interactionId);
    res.status(204).end();
  });

  return router;
}
