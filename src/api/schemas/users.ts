import { z } from 'zod';
import { AwayReasonRef, Presence } from './offers';
import { named } from './registry';

export const Role = named('Role', z.enum(['agent', 'manager', 'admin']));

export const UserSummary = named('UserSummary', z.strictObject({ id: z.uuid(), email: z.string(), name: z.string(), role: Role }));
export const Me = named(
  'Me',
  z.strictObject({
    ...UserSummary.shape,
    presence: Presence,
    awayReason: AwayReasonRef.nullable(),
    /**
     * Managers and admins, when TEMPORAL_UI_URL is set: the Temporal Web UI's workflow list of Parley's namespace; a
     * conversation's workflow is at this address + `/` + its workflowId. Null for agents and when not configured.
     */
    temporalWorkflowsUrl: z.string().url().nullable(),
  }),
);
export const Login = named('Login', z.strictObject({ token: z.string(), user: UserSummary }));

export const User = named(
  'User',
  z.strictObject({
    ...UserSummary.shape,
    active: z.boolean(),
    mobilePhone: z.string().nullable(),
    smsCapacity: z.int().min(0).nullable(),
    presence: Presence,
    /** ELG-1/Q-5: the agent groups the user is in. */
    groupIds: z.array(z.uuid()),
  }),
);
export const UserList = named('UserList', z.array(User));

/** A user as an admin changed it (PATCH /api/admin/users/{id}). */
export const UserChanged = named(
  'UserChanged',
  z.strictObject({
    ...UserSummary.shape, active: z.boolean(), mobilePhone: z.string().nullable(), smsCapacity: z.int().min(0).nullable(), groupIds: z.array(z.uuid()),
  }),
);
/** The requester picker's matches. */
export const UserMatch = named('UserMatch', z.strictObject({ id: z.uuid(), name: z.string(), email: z.string(), mobilePhone: z.string().nullable() }));
export const UserMatchList = named('UserMatchList', z.array(UserMatch));

/** NOT-1: the agent's alert preferences (both opt-in). */
export const AgentPreferences = named(
  'AgentPreferences',
  z.strictObject({
    /** "Conversation audio alerts": a short tone for a new requester message or a newly assigned conversation. */
    audioAlerts: z.boolean(),
    /** "Conversation desktop notifications": a browser notification while the Workspace is not focused. */
    desktopNotifications: z.boolean(),
  }),
);
