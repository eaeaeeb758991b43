import { z } from 'zod';
import { named, timestamp } from './registry';

/** One change an agent or admin made (GET /api/admin/audit). */
export const AuditRow = named(
  'AuditRow',
  z.strictObject({
    at: timestamp(),
    actorId: z.uuid().nullable(),
    action: z.string(),
    interactionId: z.uuid().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
);
export const AuditPage = named('AuditPage', z.strictObject({ rows: z.array(AuditRow), nextCursor: z.string().nullable() }));
