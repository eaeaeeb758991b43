import { z } from 'zod';
import { SERVER_EVENTS } from '../../realtime/server-events';
import { named } from './registry';

// GET /api/events' payloads (src/realtime/server-events.ts) as components: ServerEvent<Name> per event, and
// ServerEvents mapping each event name to its payload (the stream's `event:` line → its `data:` JSON). OpenAPI 3.1
// cannot describe an event stream's items, so the operation points at ServerEvents with `x-server-events`.
export const ServerEventHello = named('ServerEventHello', SERVER_EVENTS.hello);
export const ServerEventOffers = named('ServerEventOffers', SERVER_EVENTS.offers);
export const ServerEventPresence = named('ServerEventPresence', SERVER_EVENTS.presence);
export const ServerEventAgent = named('ServerEventAgent', SERVER_EVENTS.agent);
export const ServerEventRoutingConfig = named('ServerEventRoutingConfig', SERVER_EVENTS.routing_config);
export const ServerEventPrompt = named('ServerEventPrompt', SERVER_EVENTS.prompt);
export const ServerEventInteraction = named('ServerEventInteraction', SERVER_EVENTS.interaction);

const byName = {
  hello: ServerEventHello,
  offers: ServerEventOffers,
  presence: ServerEventPresence,
  agent: ServerEventAgent,
  routing_config: ServerEventRoutingConfig,
  prompt: ServerEventPrompt,
  interaction: ServerEventInteraction,
} satisfies typeof SERVER_EVENTS;

export const ServerEvents = named('ServerEvents', z.strictObject(byName));
