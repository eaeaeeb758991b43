import { z } from 'zod';
import { acceptMyOffer, rejectMyOffer } from '../../use-cases/offer-answers';
import { changeMyPresence, PRESENCE } from '../../use-cases/presence';
import { listMyOffers } from '../../use-cases/offers';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { AwayReasonList, OfferDecision, OfferList, PresenceStatus } from '../schemas/offers';
import { ServerEvents } from '../schemas/server-events';
import { listAwayReasons } from '../../use-cases/away-reasons';

const OfferParams = z.object({ id: z.string().uuid('must be an offer id (a UUID)') });

export function agentWorkRoutes(api: ApiRegistry, { db, gateway, postCommit, log, hub, metrics }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/events', tag: 'me', auth: 'agent',
    summary: 'Server-sent events: hello (re-read everything), offers, presence, agent, routing_config, prompt, interaction',
    responses: { 200: 'A stream of server-sent events until the client disconnects; each event name and its data are in components.schemas.ServerEvents (x-server-events)' },
    streams: 'text/event-stream',
    events: ServerEvents,
    handler: async ({ user, res }) => {
      hub.attach(user, res);
      return undefined;
    },
  });

  api.route({
    method: 'put', path: '/api/me/presence', tag: 'me', auth: 'agent', summary: 'Set presence: available, away (optionally with an away reason) or offline',
    body: z
      .object({
        status: z.enum(PRESENCE),
        awayReasonId: z.string().uuid('must be an away reason id (a UUID)').nullish().describe('PRS-2: with status away, one of GET /api/me/away-reasons'),
      })
      .strict(),
    responses: { 200: 'The presence now in force', 400: 'The away reason is unknown or inactive, or the status is not away' },
    result: PresenceStatus,
    handler: async ({ user, body, record }) => {
      const { previous, status, awayReason, changed } = await changeMyPresence({ db, gateway, postCommit, log }, user.id, body.status, body.awayReasonId ?? null);
      if (changed) record({ action: 'presence.changed', from: previous, to: awayReason ? `${status} (${awayReason.name})` : status });
      return { status, awayReason };
    },
  });

  api.route({
    method: 'get', path: '/api/me/away-reasons', tag: 'me', auth: 'agent', summary: 'The away reasons an agent may pick (PRS-2), in order',
    responses: { 200: 'Active away reasons' },
    result: AwayReasonList,
    handler: async () => listAwayReasons(db, true),
  });

  api.route({
    method: 'get', path: '/api/me/offers', tag: 'offers', auth: 'agent', summary: 'Work offered to me, oldest first',
    responses: { 200: 'Open offers, oldest first' },
    result: OfferList,
    handler: async ({ user }) => listMyOffers(db, user.id),
  });

  api.route({
    method: 'post', path: '/api/offers/:id/accept', tag: 'offers', auth: 'agent', summary: 'Accept an offer; the interaction becomes mine',
    params: OfferParams,
    responses: { 200: 'Accepted: the interaction is in progress with me', 404: 'No such offer', 409: 'The offer expired or is not yours' },
    result: OfferDecision,
    handler: async ({ user, params, record }) => {
      const r = await acceptMyOffer({ db, gateway, postCommit, log }, params.id, user.id);
      metrics.offers.inc({ outcome: 'accepted' });
      record({ action: 'offer.accepted', subject: { type: 'offer', id: params.id }, interactionId: r.interactionId, from: 'offered', to: 'work_in_progress' });
      return { interactionId: r.interactionId, state: 'work_in_progress' as const };
    },
  });

  api.route({
    method: 'post', path: '/api/offers/:id/reject', tag: 'offers', auth: 'agent', summary: 'Reject an offer with a reason; it goes back to the queue',
    params: OfferParams,
    body: z
      .object({
        reasonId: z.string().uuid('must be a reject reason id (a UUID) from GET /api/reject-reasons').optional(),
        reason: z.string().trim().min(1, 'give a reason').max(200).optional(),
        reassignable: z.boolean().optional(),
      })
      .strict()
      .refine((b) => b.reasonId || b.reason, { message: 'give a reason or a reasonId', path: ['reason'] }),
    responses: { 200: 'Rejected: the interaction is queued again', 404: 'No such offer', 409: 'The offer expired or is not yours' },
    result: OfferDecision,
    handler: async ({ user, params, body, record }) => {
      const r = await rejectMyOffer({ db, gateway, postCommit, log }, params.id, user.id, body);
      metrics.offers.inc({ outcome: 'rejected' });
      record({
        action: 'offer.rejected', subject: { type: 'offer', id: params.id }, interactionId: r.interactionId, from: 'offered', to: 'queued',
        detail: { reason: r.reason, reassignable: r.reassignable, ...(body.reasonId ? { reasonId: body.reasonId } : {}) },
      });
      return { interactionId: r.interactionId, state: 'queued' as const };
    },
  });
}
