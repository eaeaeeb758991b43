import { ConfigError, loadConfig, type Config } from '../config';

/** Loads configuration or exits with the sentence that names the bad variable (no stack trace). */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

export function requireEnv(config: Config, names: ('DATABASE_URL' | 'TEMPORAL_ADDRESS')[]): void {
  const missing = names.filter((n) => !config[n]);
  if (missing.length) {
    process.stderr.write(`${missing.join(' and ')} must be set for this process (npm start sets them for you)\n`);
    process.exit(2);
  }
}
