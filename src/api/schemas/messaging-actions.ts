import { z } from 'zod';
import { MA_ACTIONS, MA_EVENTS, MA_TARGET_STATES } from '../../domain/messaging-actions';
import { INTERACTION_STATES } from '../../domain/interaction-state';
import { InteractionState } from './interactions';
import { named, timestamp } from './registry';

/** The body of POST and PUT (SPEC §7's names); validation errors name the field. */
export const MessagingActionBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100),
    active: z.boolean(),
    event: z.enum(MA_EVENTS),
    durationSeconds: z.number().int().min(1, 'must be at least 1 second').max(90 * 86_400, 'must be at most 90 days'),
    condition: z.object({ states: z.array(z.enum(INTERACTION_STATES)).optional(), queueIds: z.array(z.string().min(1)).optional() }).strict().default({}),
    action: z.enum(MA_ACTIONS),
    promptText: z.string().trim().min(1).max(1600).nullish(),
    targetState: z.enum(MA_TARGET_STATES).nullish(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.action === 'set_state' && !a.targetState) ctx.addIssue({ code: 'custom', path: ['targetState'], message: 'is required for set_state' });
    if (a.action === 'prompt_requester' && !a.promptText) ctx.addIssue({ code: 'custom', path: ['promptText'], message: 'is required for prompt_requester' });
  });

export const MessagingAction = named(
  'MessagingAction',
  z.strictObject({
    id: z.uuid(), name: z.string(), active: z.boolean(), event: z.enum(MA_EVENTS), durationSeconds: z.int(),
    condition: z.strictObject({ states: z.array(InteractionState).optional(), queueIds: z.array(z.string()).optional() }),
    action: z.enum(MA_ACTIONS), promptText: z.string().nullable(), targetState: z.enum(MA_TARGET_STATES).nullable(),
  }),
);
export const MessagingActionList = named('MessagingActionList', z.array(MessagingAction));

export const LiveView = named(
  'LiveView',
  z.strictObject({
    interactionId: z.uuid(),
    state: InteractionState,
    assignedAgentId: z.uuid().nullable(),
    timers: z.array(z.strictObject({
      kind: z.enum(['offer_timeout', 'va_idle', 'messaging_action', 'quiet_hours', 'max_wait']), dueAt: timestamp(), actionId: z.uuid().optional(),
      event: z.enum(MA_EVENTS).optional(),
      /** messaging_action: what the action will do, so every agent can read it (not only admins, who read the list). */
      effect: z.strictObject({ action: z.enum(MA_ACTIONS), targetState: z.enum(MA_TARGET_STATES).nullable() }).optional(),
      /** quiet_hours: the held texts that go at `dueAt` (SPEC §9). */
      messageIds: z.array(z.uuid()).optional(),
    })),
    outbox: z.array(z.uuid()),
  }),
);
