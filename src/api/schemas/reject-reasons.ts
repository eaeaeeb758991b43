import { z } from 'zod';
import { named } from './registry';

/** The body of POST and PUT /api/admin/reject-reasons; validation errors name the field. */
export const RejectReasonBody = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
    order: z.number().int().min(0).max(100_000).default(0),
    channelId: z.string().trim().min(1).nullable().default(null),
    reassignable: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .strict();

export const RejectReason = named(
  'RejectReason',
  z.strictObject({
    id: z.uuid(),
    text: z.string(),
    order: z.int(),
    /** Null: the reason is offered on every channel. */
    channelId: z.string().nullable(),
    /** WI-7: the item may be offered to the rejecting agent again. */
    reassignable: z.boolean(),
    active: z.boolean(),
  }),
);
export const RejectReasonList = named('RejectReasonList', z.array(RejectReason));
