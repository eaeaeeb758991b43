export { createSimulatorApp, startSimulator } from './server';
export type { RunningSimulator, StartSimulatorOptions } from './server';
export { Simulator, INBOUND_WEBHOOK_PATH } from './simulator';
export type {
  InboundResult,
  MessageFilter,
  PhoneSummary,
  RawWebhookOptions,
  SimEventListener,
  SimulatorOptions,
} from './simulator';
export { FaultRegistry, faultInputSchema } from './faults';
export type { DeliveryEffects, FaultInput, FaultRule, FinalOutcome } from './faults';
export type { InboundInput } from './inbound';
export type { MessageDirection, MessageStatus, MessageView, SimEvent, WebhookResult } from './types';
