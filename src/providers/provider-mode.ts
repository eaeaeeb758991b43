import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export interface ProviderSettings {
  accountSid: string;
  authToken: string;
  /** Origin of the Messages API; undefined = Twilio's own. */
  apiBaseUrl: string | undefined;
  simulated: boolean;
}

// The simulator's account: a syntactically valid SID that no real Twilio account has.
export const SIMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000000000';

/**
 * DESIGN "Provider mode": with TWILIO_ACCOUNT_SID unset the built-in simulator is the provider, signing with
 * TWILIO_AUTH_TOKEN when set, else a token generated once into the data directory.
 */
export function resolveProvider(config: Config): ProviderSettings {
  if (config.TWILIO_ACCOUNT_SID) {
    return { accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN!, apiBaseUrl: config.TWILIO_API_BASE_URL, simulated: false };
  }
  return {
    accountSid: SIMULATOR_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN ?? generatedToken(config.dataDir),
    apiBaseUrl: config.TWILIO_API_BASE_URL ?? `http://127.0.0.1:${config.SIMULATOR_PORT}`,
    simulated: true,
  };
}

function generatedToken(dataDir: string): string {
  const file = path.join(dataDir, 'simulator-auth-token');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const token = randomBytes(16).toString('hex');
    try {
      fs.writeFileSync(file, token, { flag: 'wx', mode: 0o600 });
      return token;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process won the race
    }
  }
}
