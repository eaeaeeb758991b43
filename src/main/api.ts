import { startApi } from '../api/start-api';
import { serveWorkspace } from '../api/workspace-static';
import { migrate, createDb } from '../db/knex';
import { createLogger } from '../logger';
import { configOrExit, requireEnv } from './boot';

async function main() {
  const config = configOrExit();
  requireEnv(config, ['DATABASE_URL', 'TEMPORAL_ADDRESS']);
  const log = createLogger('api', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL!, { max: 1 });
  await migrate(db); // knex's migration lock makes concurrent api starts safe
  await db.destroy();
  const api = await startApi(config, log, config.TEMPORAL_ADDRESS!, serveWorkspace);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'api stopping');
      api.shutdown().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

main().catch((err) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
