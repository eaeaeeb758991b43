// SPEC §8 (SYS-1…7): the texts the requester may receive by SMS, each admin-editable. Everything else that happens
// (agent joined, transfers, system closes, timeouts) is a `system` note in the transcript, for agents only.

import { SYSTEM_TEXT_KEYS, type SystemTextKey } from '../domain/system-text-keys';

// The keys live in the domain (issue 26): the decider names them.
export { SYSTEM_TEXT_KEYS, type SystemTextKey };

/**
 * SPEC §9 quiet hours: the unsolicited automated texts, held while it is night for the requester. Everything else
 * answers the requester's own text (VA replies, keyword answers, "no agents available", the handoff) or follows a
 * person's action (accept, close), and goes at once.
 */
export const HELD_IN_QUIET_HOURS: ReadonlySet<SystemTextKey> = new Set<SystemTextKey>(['prompt_requester', 'queue_max_wait']);

export interface SystemText {
  body: string;
  enabled: boolean;
  /** What it is for, shown on the admin page. */
  description: string;
}

export const DEFAULT_SYSTEM_TEXTS: Record<SystemTextKey, SystemText> = {
  va_no_live_agents: {
    body: 'Live agents do not answer on this number. Reply with the number of a topic, or HELP for what you can type.',
    enabled: true,
    description: 'RI-9/VA-13: asked for a person on a virtual-agent-only number (the virtual agent goes on).',
  },
  agent_accepted: {
    body: 'Hi, this is {{agentName}} from support. I’m reading your messages now.',
    enabled: false,
    description: 'SYS-2: the initial agent response when an agent accepts, for queues without their own (Admin → Queues; off by default).',
  },
  va_transfer: {
    body: 'Connecting you with a person. The wait is {{estimated_wait}}. They will text you here; replies may take a few minutes.',
    enabled: true,
    description:
      'SYS-3/VA-10: the virtual agent hands the conversation to a live agent. VA-11: {{estimated_wait}} is the queue’s recent average wait (“about 3 minutes”); with no estimate its sentence is left out.',
  },
  no_agents_available: {
    body: 'All our agents are busy right now. You are in the queue and we will text you back as soon as someone is free.',
    enabled: true,
    description: 'SYS-3/VA-9/VA-12: no agent is Available when the conversation is queued (sent once per conversation).',
  },
  queue_max_wait: {
    body: 'Sorry for the wait. You are still in the queue and an agent will text you as soon as possible.',
    enabled: true,
    description: 'SYS-4: the queue’s maximum wait passed (sent once per conversation).',
  },
  conversation_closed: {
    body: 'This conversation is closed. Text us any time to start a new one.',
    enabled: true,
    description: 'SYS-1: a person (an agent or manager) closed the conversation. Never sent for system or timeout closes.',
  },
  prompt_requester: {
    body: 'Are you still there? Reply to continue the conversation.',
    enabled: true,
    description: 'SYS-5: the default text of a “prompt requester” messaging action (each action may set its own).',
  },
  opt_out_confirmation: {
    body: 'You are unsubscribed and will get no more messages from this number. Reply START to resubscribe.',
    enabled: true,
    description: 'SPEC §9: the answer to STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT.',
  },
  opt_in_confirmation: {
    body: 'You are subscribed again. Reply STOP to unsubscribe, HELP for help.',
    enabled: true,
    description: 'SPEC §9: the answer to START, YES or UNSTOP from an unsubscribed number.',
  },
  help: {
    body: 'Parley Support: text your question and we will answer here. Commands: AGENT, RESTART, BYE. Reply STOP to unsubscribe.',
    enabled: true,
    description: 'SPEC §9: the answer to HELP or INFO.',
  },
};
