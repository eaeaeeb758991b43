import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { formValue, parseCreateForm, type FormFields } from './create-message';
import { incomingNumbersPage } from './incoming-numbers';
import { listMessages } from './message-list';
import type { Simulator } from './simulator';
import { restErrors, sendTwilioError, TwilioRestError } from './twilio-errors';
import { messageResource } from './twilio-json';

/** Twilio's Messages resource: POST/GET `/2010-04-01/Accounts/:AccountSid/Messages(.json|/:Sid.json)`. */
export function twilioRestRouter(sim: Simulator, authToken: string): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));

  const expected = digest(`${sim.accountSid}:${authToken}`);
  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    const given = match ? digest(Buffer.from(match[1], 'base64').toString('utf8')) : undefined;
    if (!given || !timingSafeEqual(given, expected) || req.params.AccountSid !== sim.accountSid) {
      sendTwilioError(res, restErrors.authenticate());
      return;
    }
    next();
  };

  router.post('/Accounts/:AccountSid/Messages.json', authenticate, async (req, res) => {
    const form = formOf(req);
    const to = formValue(form, 'To')?.trim();
    const effects = sim.faults.effectsFor(to);
    if (effects.latencyMs > 0) await delay(effects.latencyMs);
    const reset = sim.faults.takeConnectionReset(to);
    if (reset && !reset.afterCreate) {
      req.socket.destroy();
      return;
    }
    const injected = sim.faults.takeRestError(to);
    if (injected) {
      sendTwilioError(res, injected);
      return;
    }
    const message = sim.createOutbound(parseCreateForm(form));
    if (reset?.afterCreate) {
      // The message exists but the client never hears so: the "sent or not?" ambiguity of a dropped connection.
      req.socket.destroy();
      return;
    }
    res.status(201).json(messageResource(message));
  });

  router.get('/Accounts/:AccountSid/Messages.json', authenticate, (req, res) => {
    res.status(200).json(listMessages(sim.store.all(), sim.accountSid, req.query as FormFields));
  });

  router.get('/Accounts/:AccountSid/Messages/:Sid.json', authenticate, (req, res) => {
    const m = sim.store.get(String(req.params.Sid));
    if (!m) throw restErrors.notFound(pathOf(req));
    res.status(200).json(messageResource(m));
  });

  router.post('/Accounts/:AccountSid/Messages/:Sid.json', authenticate, (req, res) => {
    const m = sim.store.get(String(req.params.Sid));
    if (!m) throw restErrors.notFound(pathOf(req));
    const form = formOf(req);
    const body = formValue(form, 'Body');
    if (body === undefined || body !== '') {
      throw restErrors.invalidParameter('The simulator supports only redaction (Body="") on message update');
    }
    const updated = sim.store.update(m.sid, { body: '', dateUpdated: new Date() });
    res.status(200).json(messageResource(updated ?? m));
  });

  router.delete('/Accounts/:AccountSid/Messages/:Sid.json', authenticate, (req, res) => {
    if (!sim.store.delete(String(req.params.Sid))) throw restErrors.notFound(pathOf(req));
    res.status(204).end();
  });

  router.get('/Accounts/:AccountSid/IncomingPhoneNumbers.json', authenticate, (_req, res) => {
    res.status(200).json(incomingNumbersPage(sim.accountSid, sim.ownedNumbers, sim.createdAt));
  });

  router.use((req, res) => {
    sendTwilioError(res, restErrors.notFound(pathOf(req)));
  });

  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof TwilioRestError) {
      sendTwilioError(res, err);
      return;
    }
    const status = httpStatusOf(err);
    if (status !== undefined && status >= 400 && status < 500) {
      sendTwilioError(res, restErrors.invalidParameter('Malformed request body'));
      return;
    }
    sim.logger.error({ err, method: req.method, path: pathOf(req) }, 'simulator REST request failed');
    sendTwilioError(res, new TwilioRestError(500, 20500, 'Internal Server Error'));
  });

  return router;
}

function pathOf(req: Request): string {
  return req.originalUrl.split('?')[0];
}

function formOf(req: Request): FormFields {
  return (req.body ?? {}) as FormFields;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number') return err.status;
  return undefined;
}
