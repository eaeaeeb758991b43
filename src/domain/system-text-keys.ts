// SPEC §8 (SYS-1…7): the keys of the texts the requester may receive by SMS (their words: system-texts/defaults.ts).
export const SYSTEM_TEXT_KEYS = [
  'agent_accepted', 'va_transfer', 'no_agents_available', 'queue_max_wait', 'conversation_closed', 'prompt_requester',
  'opt_out_confirmation', 'opt_in_confirmation', 'help', 'va_no_live_agents',
] as const;
export type SystemTextKey = (typeof SYSTEM_TEXT_KEYS)[number];
