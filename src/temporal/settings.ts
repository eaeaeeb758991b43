import type { Config } from '../config';
import type { GatewayLimits, StartOptions } from './interaction-gateway';
import type { InteractionSettings } from '../workflows/definitions';

export function interactionSettings(config: Config): InteractionSettings {
  return {
    offerTimeoutMs: config.OFFER_TIMEOUT_SECONDS * 1000,
    vaIdleCloseMs: config.VA_IDLE_CLOSE_SECONDS * 1000,
    ...(config.CONTINUE_AS_NEW_AFTER_EVENTS ? { continueAsNewAfterEvents: config.CONTINUE_AS_NEW_AFTER_EVENTS } : {}),
  };
}

export function interactionStartOptions(config: Config): StartOptions {
  return config.WORKFLOW_TASK_TIMEOUT_SECONDS ? { workflowTaskTimeout: config.WORKFLOW_TASK_TIMEOUT_SECONDS * 1000 } : {};
}

export function gatewayLimits(config: Config): GatewayLimits {
  return { commandTimeoutMs: config.COMMAND_TIMEOUT_SECONDS * 1000 };
}
