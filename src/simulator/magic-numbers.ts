import { restErrors, type TwilioRestError } from './twilio-errors';

// Twilio's test-credential magic numbers. +15005550006 is the one valid From (and Parley's demo company number),
// so it is deliberately absent here.
const MAGIC_FROM: Record<string, (from: string) => TwilioRestError> = {
  '+15005550001': (from) => restErrors.invalidFrom(from),
  '+15005550007': (from) => restErrors.fromNotOwned(from),
  '+15005550008': () => restErrors.queueFull(),
};

const MAGIC_TO: Record<string, (to: string, from: string) => TwilioRestError> = {
  '+15005550001': (to) => restErrors.invalidTo(to),
  '+15005550002': (to, from) => restErrors.unreachable(to, from),
  '+15005550003': (to) => restErrors.regionNotEnabled(to),
  '+15005550004': () => restErrors.unsubscribed(),
  '+15005550009': (to) => restErrors.notMobile(to),
};

export function magicNumberError(from: string | null, to: string): TwilioRestError | undefined {
  if (from !== null && MAGIC_FROM[from]) return MAGIC_FROM[from](from);
  if (MAGIC_TO[to]) return MAGIC_TO[to](to, from ?? '');
  return undefined;
}
