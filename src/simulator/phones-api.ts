import express, { type Router } from 'express';
import { z } from 'zod';
import { ControlError, parseInput } from './control-errors';
import { phoneMessageSchema } from './inbound';
import { e164Schema } from './phone-numbers';
import type { Simulator } from './simulator';


const messagesQuerySchema = z.object({
  to: e164Schema.optional(),
  from: e164Schema.optional(),
  direction: z.enum(['inbound', 'outbound-api']).optional(),
  status: z
    .enum(['accepted', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received'])
    .optional(),
});

function phoneNumber(raw: unknown): string {
  const r = e164Schema.safeParse(raw);
  if (!r.success) {
    throw new ControlError(400, 'invalid_phone_number', `${String(raw)} is not an E.164 number such as +15551234567`);
  }
  return r.data;
}

/** Virtual phones: a person (or a test) plays the requester. Mounted under /sim. */
export function phonesRouter(sim: Simulator): Router {
  const router = express.Router();

  router.get('/phones', (_req, res) => {
    res.json({ phones: sim.phones() });
  });

  router.put('/phones/:number', (req, res) => {
    const number = phoneNumber(req.params.number);
    sim.addPhone(number);
    res.json({ number });
  });

  router.get('/phones/:number/messages', (req, res) => {
    const number = phoneNumber(req.params.number);
    res.json({ number, messages: sim.conversation(number) });
  });

  router.post('/phones/:number/messages', async (req, res) => {
    const from = phoneNumber(req.params.number);
    const input = parseInput(phoneMessageSchema, req.body ?? {});
    const result = await sim.sendInbound({ from, ...input });
    res.status(201).json(result);
  });

  router.get('/messages', (req, res) => {
    const filter = parseInput(messagesQuerySchema, req.query);
    res.json({ messages: sim.messages(filter) });
  });

  return router;
}
