import type { Config } from '../config';
import type { InteractionSettings } from '../workflows/definitions';

export function interactionSettings(config: Config): InteractionSettings {
  return { offerTimeoutMs: config.OFFER_TIMEOUT_SECONDS * 1000 };
}
