import { z } from 'zod';
import { InteractionState } from './interactions';
import { named, timestamp } from './registry';

/** AI-2: one channel's compose settings. */
export const ComposeChannelSettings = named(
  'ComposeChannelSettings',
  z.strictObject({
    /** The channel's id (`sms`). */
    channel: z.string().min(1).max(40),
    /** Compose is offered on the channel; off, `POST /api/compose` answers 409 `compose_off`. */
    active: z.boolean(),
    /** Lower first in a channel picker. */
    order: z.number().int().min(-1000).max(1000),
    /** Refuse a recipient number that has no active messaging profile (400 naming `to`). */
    checkActiveProfile: z.boolean(),
    /** Off: the recipient is the chosen user's number, never a typed one (400 naming `to`). */
    allowManualTo: z.boolean(),
  }),
);

export const ComposeOptions = named(
  'ComposeOptions',
  z.strictObject({
    fromNumbers: z.array(z.strictObject({ number: z.string(), displayName: z.string() })),
    /** AI-6: whether an agent may type a sender number (one the provider account owns) instead of choosing one. */
    allowManualFrom: z.boolean(),
    /** AI-2: each channel's compose settings, lower order first. */
    channels: z.array(ComposeChannelSettings),
  }),
);

export const ComposeSettings = named(
  'ComposeSettings',
  z.strictObject({
    /** AI-6: agents may type a sender number the provider account owns; off, they choose a company number. */
    allowManualFrom: z.boolean(),
    /** AI-2: each channel's compose settings, lower order first. */
    channels: z.array(ComposeChannelSettings),
  }),
);

export const ComposeCheck = named(
  'ComposeCheck',
  z.strictObject({
    /** The recipient in E.164 (AI-9). */
    to: z.string(),
    /** AI-8: the pair's active interaction, if any. */
    activeInteraction: z
      .strictObject({
        id: z.uuid(), state: InteractionState, assignedAgentId: z.uuid().nullable(), assignedAgentName: z.string().nullable(), lastMessageAt: timestamp(),
      })
      .nullable(),
    /** AI-10: the number's active profile belongs to this other person. */
    conflict: z.strictObject({ userId: z.uuid(), name: z.string() }).nullable(),
    /** SPEC §9: the number texted STOP to this company number: sending would be refused. */
    optedOut: z.boolean(),
  }),
);

export const ComposeOutcome = named('ComposeOutcome', z.enum(['created', 'joined', 'replaced_virtual_agent', 'replaced_requester']));
export const Composed = named('Composed', z.strictObject({ interactionId: z.uuid(), outcome: ComposeOutcome }));
