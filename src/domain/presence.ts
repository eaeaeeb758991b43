/** An agent's presence (SPEC §10): whether work may be offered to them. */
export const PRESENCE = ['available', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCE)[number];
