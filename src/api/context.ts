import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { ProviderNumbers } from '../providers/owned-numbers';
import type { InteractionGateway } from '../temporal/interaction-gateway';
import type { PostCommit } from '../realtime/post-commit';
import type { SseHub } from '../realtime/sse-hub';
import type { CompanyNumberLookup } from '../ingest/company-numbers';
import type { WakeCoalescer } from '../ingest/wake-coalescer';
import type { Metrics } from '../metrics/metrics';
import type { RecipientRules } from '../domain/compose-recipient';

export interface ApiDeps {
  config: Config;
  db: Knex;
  gateway: InteractionGateway;
  /** Issue 26: change notices and dispatcher wake-ups, sent once after the commit (src/realtime/post-commit.ts). */
  postCommit: PostCommit;
  hub: SseHub;
  wakes: WakeCoalescer;
  companyNumbers: CompanyNumberLookup;
  /** AI-6: the numbers the provider account owns (a typed sender must be one). */
  providerNumbers: ProviderNumbers;
  /** AI-12: how compose normalises a recipient and which number a user record points at. */
  recipientRules: RecipientRules;
  log: Logger;
  metrics: Metrics;
  /** Webhook signing secret in force (TWILIO_AUTH_TOKEN, or the one generated into .data/). */
  webhookAuthToken: string;
  publicBaseUrl: string;
  temporalReady(): Promise<boolean>;
}
