import { z } from 'zod';
import { CloseReason } from './interactions';
import { named, timestamp } from './registry';

/** Issue 25: a closed conversation as History and the requester panel list it. */
export const HistoryInteraction = named(
  'HistoryInteraction',
  z.strictObject({
    id: z.uuid(),
    /** The service channel (only SMS today). */
    channel: z.enum(['sms']),
    state: z.enum(['closed_complete', 'closed_abandoned']),
    closeReason: CloseReason.nullable(),
    requesterNumber: z.string(),
    /** The requester's name; null for a guest. */
    requesterName: z.string().nullable(),
    companyNumber: z.string(),
    /** The company number's display name (null if the number is no longer configured). */
    companyNumberName: z.string().nullable(),
    /** Who held it when it closed (null: nobody, e.g. the virtual agent closed it). */
    assignedAgentId: z.uuid().nullable(),
    assignedAgentName: z.string().nullable(),
    createdAt: timestamp(),
    closedAt: timestamp(),
  }),
);

export const HistoryPage = named(
  'HistoryPage',
  z.strictObject({
    rows: z.array(HistoryInteraction),
    /** Pass as `cursor` for the next page; null after the last. */
    nextCursor: z.string().nullable(),
  }),
);
