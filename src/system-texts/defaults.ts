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
  // RI-9/VA-13
  va_no_live_agents: {
    body: 'Live agents do not answer on this number. Reply with the number of a topic, or HELP for what you can type.',
    enabled: true,
    description: 'Asked for a person on a virtual-agent-only number (the virtual agent goes on).',
  },
  // SYS-2
  agent_accepted: {
    body: 'Hi, this is {{agentName}} from support. I’m reading your messages now.',
    enabled: false,
    description: 'The initial agent response when an agent accepts, for queues without their own (Admin → Queues; off by default).',
  },
  // SYS-3/VA-10, VA-11
  va_transfer: {
    body: 'Connecting you with a person. The wait is {{estimated_wait}}. They will text you here; replies may take a few minutes.',
    enabled: true,
    description:
      'The virtual agent hands the conversation to a live agent. {{estimated_wait}} is the queue’s recent average wait (“about 3 minutes”); with no estimate its sentence is left out.',
  },
  // SYS-3/VA-9/VA-12
  no_agents_available: {
    body: 'All our agents are busy right now. You are in the queue and we will text you back as soon as someone is free.',
    enabled: true,
    description: 'No agent is Available when the conversation is queued (sent once per conversation).',
  },
  // SYS-4
  queue_max_wait: {
    body: 'Sorry for the wait. You are still in the queue and an agent will text you as soon as possible.',
    enabled: true,
    description: 'The queue’s maximum wait passed (sent once per conversation).',
  },
  // SYS-1
  conversation_closed: {
    body: 'This conversation is closed. Text us any time to start a new one.',
    enabled: true,
    description: 'A person (an agent or manager) closed the conversation. Never sent for system or timeout closes.',
  },
  // SYS-5
  prompt_requester: {
    body: 'Are you still there? Reply to continue the conversation.',
    enabled: true,
    description: 'The default text of a “prompt requester” messaging action (each action may set its own).',
  },
  // SPEC §9: the opt-out keywords and their answers
  opt_out_confirmation: {
    body: 'You are unsubscribed and will get no more messages from this number. Reply START to resubscribe.',
    enabled: true,
    description: 'The answer to STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT.',
  },
  opt_in_confirmation: {
    body: 'You are subscribed again. Reply STOP to unsubscribe, HELP for help.',
    enabled: true,
    description: 'The answer to START, YES or UNSTOP from an unsubscribed number.',
  },
  help: {
    body: 'Parley Support: text your question and we will answer here. Commands: AGENT, RESTART, BYE. Reply STOP to unsubscribe.',
    enabled: true,
    description: 'The answer to HELP or INFO.',
  },
};
