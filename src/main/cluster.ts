// `npm run cluster`: the production shape on one machine (DESIGN.md): PostgreSQL (embedded unless DATABASE_URL),
// the Temporal server 1.29.1 as four services plus its Web UI, two api processes and two workers, the simulator
// as provider unless TWILIO_ACCOUNT_SID is set, and the demo data. A process that dies is started again.
import { createLogger } from '../logger';
import { installShutdown, TEMPORAL_SERVICES } from '../runtime';
import { configOrExit } from './boot';
import { banner } from './one-machine';
import { startParleyCluster } from './parley-cluster';

async function main() {
  const config = configOrExit();
  if (config.TEMPORAL_ADDRESS) {
    process.stderr.write('npm run cluster starts its own Temporal cluster: unset TEMPORAL_ADDRESS (or use npm start against that server)\n');
    process.exit(2);
  }
  const log = createLogger('cluster', config.LOG_LEVEL);
  const shutdown = installShutdown([], { log });
  const cluster = await startParleyCluster({ config, log, restartAfterMs: 2_000 });
  shutdown.add({ name: 'cluster', stop: () => cluster.stop() });
  const t = cluster.temporal;
  const pid = (c: { current?: { pid: number } }) => `pid ${c.current?.pid ?? '-'}`;
  process.stdout.write(banner({
    config, publicBaseUrl: cluster.publicBaseUrl, accountSid: cluster.accountSid, demoPassword: cluster.demoPassword,
    phonesUrl: cluster.sim ? `${cluster.sim.url}/` : undefined, temporalUi: t.uiUrl, temporalAddress: t.address,
    rows: [
      ...cluster.apis.map((api, i): [string, string] => [api.name, `${cluster.apiUrls[i]}  (${pid(api)})`]),
      ...cluster.workers.map((w): [string, string] => [w.name, `task queue ${config.TEMPORAL_TASK_QUEUE}  (${pid(w)})`]),
      ['Temporal', `${t.address}  namespace ${t.namespace}; ${TEMPORAL_SERVICES.map((s) => `${s} ${pid(t.services[s])}`).join(', ')}`],
      ...(t.uiUrl ? [] : [['Temporal UI', 'not built (see the log above); the dev server of npm start embeds one'] as [string, string]]),
      ['PostgreSQL', cluster.postgres
        ? `127.0.0.1:${cluster.postgres.port} (embedded; databases parley, temporal, temporal_visibility)`
        : `${externalServer(cluster.databaseUrl)} (DATABASE_URL; Temporal's in temporal, temporal_visibility on the same server)`],
      ['Temporal logs', t.logFile],
    ],
  }));
}

/** host:port/database of DATABASE_URL, without its credentials (the banner may end up in a log). */
function externalServer(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

main().catch((err) => {
  process.stderr.write(`cluster failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
