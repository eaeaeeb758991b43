import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config';
import { defaultRecipientRules, type RecipientRules } from './domain/compose-recipient';
import type { Metrics } from './metrics/metrics';
import { httpRequesterDirectory, type RequesterDirectory } from './profiles/requester-directory';

/**
 * What a deployment may supply in place of Parley's own rules (PROF-11, AI-12), given to startApi and startWorker by
 * an entry point of its own. Left out, Parley's apply: the recipient rules of DEFAULT_REGION and the users' mobile
 * phones, and a requester directory only when PROFILE_DIRECTORY_URL is set.
 */
export interface ParleyExtensions {
  /** AI-12 (api): how compose normalises a recipient and which number a user record points at. */
  recipientRules?: RecipientRules;
  /** PROF-11 (worker): who a requester number is, before SPEC §1's rules. */
  requesterDirectory?: RequesterDirectory;
}

export function recipientRulesOf(config: Config, ext: ParleyExtensions = {}): RecipientRules {
  return ext.recipientRules ?? defaultRecipientRules(config.DEFAULT_REGION);
}

export function requesterDirectoryOf(config: Config, deps: { db: Knex; log: Logger; metrics?: Metrics }, ext: ParleyExtensions = {}): RequesterDirectory | undefined {
  if (ext.requesterDirectory) return ext.requesterDirectory;
  if (!config.PROFILE_DIRECTORY_URL) return undefined;
  return httpRequesterDirectory(deps, { url: config.PROFILE_DIRECTORY_URL, timeoutMs: config.PROFILE_DIRECTORY_TIMEOUT_MS });
}
