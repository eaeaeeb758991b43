import { z } from 'zod';
import { composeCheck, composeOptions, composeSettings, composeSms, putComposeSettings } from '../../use-cases/compose';
import type { ApiDeps } from '../context';
import type { ApiRegistry } from '../route-registry';
import { ComposeChannelSettings, ComposeCheck, ComposeOptions, ComposeSettings, Composed } from '../schemas/compose';

const Number = z.string().trim().min(1, 'is required').max(40);

/** SPEC §3: Compose SMS (AI-1…20). Any presence may compose. */
export function composeRoutes(api: ApiRegistry, { db, gateway, providerNumbers, recipientRules }: ApiDeps): void {
  api.route({
    method: 'get', path: '/api/compose/options', tag: 'compose', auth: 'agent', summary: 'Numbers to send from (AI-4), whether one may be typed (AI-6) and each channel’s compose settings (AI-2)',
    responses: { 200: 'Company numbers, the manual-entry setting and the channels' },
    result: ComposeOptions,
    handler: async () => composeOptions(db),
  });

  api.route({
    method: 'get', path: '/api/compose/check', tag: 'compose', auth: 'agent',
    summary: 'What sending would run into (AI-8, AI-9, AI-10): the pair’s active interaction and whose the number is',
    query: z.object({ from: Number, to: Number.optional(), forUserId: z.string().uuid('must be a user id (a UUID)').optional() }).strict(),
    responses: { 200: 'The normalised number, its active interaction and any association conflict' },
    result: ComposeCheck,
    handler: async ({ query }) => {
      const { from: _from, ...check } = await composeCheck(db, providerNumbers, query, recipientRules);
      return check;
    },
  });

  api.route({
    method: 'post', path: '/api/compose', tag: 'compose', auth: 'agent', summary: 'Send an SMS to a number: opens, joins or replaces its conversation (AI-14…17)',
    body: z
      .object({
        from: Number,
        /** Left out: the number the record of the user in forUserId points at (AI-5, AI-12). */
        to: Number.optional(),
        body: z.string().refine((s) => s.trim().length > 0, 'must not be empty').pipe(z.string().max(1600, 'must be at most 1,600 characters')),
        forUserId: z.string().uuid('must be a user id (a UUID)').nullish(),
        proceed: z.boolean().optional(),
      })
      .strict(),
    responses: {
      201: 'Sent: the interaction it went into and how (AI-14…17)',
      409: 'association_conflict: the number is another person’s and proceed is not true; compose_off: compose is switched off for SMS (AI-2)',
    },
    result: Composed,
    handler: async ({ user, body, record }) => {
      const r = await composeSms(db, gateway, providerNumbers, user.id, body, recipientRules);
      record({ action: 'compose.sent', subject: { type: 'message', id: r.messageId }, interactionId: r.interactionId, to: r.outcome });
      return { interactionId: r.interactionId, outcome: r.outcome };
    },
  });

  api.route({
    method: 'get', path: '/api/admin/compose-settings', tag: 'admin', auth: 'admin', summary: 'Whether agents may type a sender number (AI-6), and each channel’s compose settings (AI-2)',
    responses: { 200: 'The compose settings' },
    result: ComposeSettings,
    handler: async () => composeSettings(db),
  });

  api.route({
    method: 'put', path: '/api/admin/compose-settings', tag: 'admin', auth: 'admin',
    summary: 'Let agents type a sender number the provider account owns, or not (AI-6); set channels’ compose settings (AI-2); audited',
    body: z
      .object({ allowManualFrom: z.boolean().optional(), channels: z.array(ComposeChannelSettings).max(50).optional() })
      .strict()
      .refine((b) => b.allowManualFrom !== undefined || b.channels !== undefined, 'give allowManualFrom, channels or both'),
    responses: { 200: 'The compose settings as saved' },
    result: ComposeSettings,
    handler: async ({ user, body }) => putComposeSettings(db, user.id, body),
  });
}
