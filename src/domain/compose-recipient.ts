// AI-2/AI-9/AI-12: whom a compose may send to. Pure: the use case reads the facts and applies the decision.
import { toValidE164 } from './phone';

/**
 * AI-12: the recipient rules a deployment may replace. Parley's own (defaultRecipientRules) normalise with
 * libphonenumber-js in DEFAULT_REGION and send to a user's mobile phone (PROF-10).
 */
export interface RecipientRules {
  /** AI-9: a number as an agent typed it, in E.164; or why it is refused (a sentence that names the number). */
  normalise(value: string): { e164: string } | { refuse: string };
  /** "Which number does this user record point at": the number compose sends to when the agent writes for them. */
  numberOf(user: RecipientUser): string | null;
}

/** A user record as compose reads it. */
export interface RecipientUser {
  id: string;
  name: string;
  /** E.164, as stored (PROF-10). */
  mobilePhone: string | null;
}

export function defaultRecipientRules(region: string): RecipientRules {
  return {
    normalise(value) {
      const e164 = toValidE164(value, region);
      return e164 ? { e164 } : { refuse: `"${value}" is not a valid phone number (region ${region})` };
    },
    numberOf: (user) => user.mobilePhone,
  };
}

/** AI-2: one channel's compose settings. */
export interface ComposeChannelSettings {
  channel: string;
  /** Compose is offered on the channel at all. */
  active: boolean;
  /** Lower first in a channel picker. */
  order: number;
  /** Refuse a recipient whose number has no active messaging profile. */
  checkActiveProfile: boolean;
  /** Off: the recipient comes from the user the agent writes for (their number), never typed. */
  allowManualTo: boolean;
}

export const DEFAULT_COMPOSE_CHANNEL: Omit<ComposeChannelSettings, 'channel'> = { active: true, order: 0, checkActiveProfile: false, allowManualTo: true };

export interface RecipientFacts {
  settings: Pick<ComposeChannelSettings, 'checkActiveProfile' | 'allowManualTo'>;
  /** The recipient, normalised (E.164). */
  to: string;
  /** The user the agent writes for, and the number their record points at (RecipientRules.numberOf). */
  writingFor: { name: string; number: string | null } | null;
  /** Whether the number has an active messaging profile (read only when the setting asks). */
  hasActiveProfile?: boolean;
}

export type RecipientDecision = { send: true } | { check: 'active_profile' } | { refuse: string };

export function decideRecipient(f: RecipientFacts): RecipientDecision {
  if (!f.settings.allowManualTo) {
    if (!f.writingFor) return { refuse: 'typing a recipient is switched off: choose the person you are writing for' };
    if (!f.writingFor.number) return { refuse: `${f.writingFor.name} has no mobile number to send to` };
    if (f.writingFor.number !== f.to) return { refuse: `${f.to} is not ${f.writingFor.name}’s number, and typing a recipient is switched off` };
  }
  if (f.settings.checkActiveProfile) {
    if (f.hasActiveProfile === undefined) return { check: 'active_profile' };
    if (!f.hasActiveProfile) return { refuse: `${f.to} has no active messaging profile, and compose on this channel sends only to numbers that have one` };
  }
  return { send: true };
}
