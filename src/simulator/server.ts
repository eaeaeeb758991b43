import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { securityHeaders } from '../http/security-headers';
import { controlErrorHandler, sendControlError } from './control-errors';
import { eventStreamHandler } from './events-stream';
import { faultsRouter } from './faults-api';
import { phonesRouter } from './phones-api';
import { servePhonesPage } from './phones-page';
import { twilioRestRouter } from './rest-api';
import { INBOUND_WEBHOOK_PATH, Simulator, type SimulatorOptions } from './simulator';
import { API_VERSION } from './twilio-json';

export interface StartSimulatorOptions extends SimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
}

export interface RunningSimulator {
  /** Origin to give the twilio client (and the phones page), e.g. http://127.0.0.1:41234. */
  url: string;
  port: number;
  sim: Simulator;
  close(): Promise<void>;
}

export function createSimulatorApp(opts: SimulatorOptions): { app: express.Express; sim: Simulator } {
  const sim = new Simulator(opts);
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders({ https: false }));

  app.use(`/${API_VERSION}`, twilioRestRouter(sim, opts.authToken));

  const control = express.Router();
  control.use(express.json({ limit: '100kb' }));
  control.get('/info', (_req, res) => {
    res.json({
      accountSid: sim.accountSid,
      inboundWebhookUrl: sim.webhookUrl(INBOUND_WEBHOOK_PATH),
      statusDelayMs: sim.statusDelayMs,
      companyNumbers: opts.companyNumbers ?? [],
    });
  });
  control.get('/events', eventStreamHandler(sim));
  control.post('/reset', (_req, res) => {
    sim.reset();
    res.status(204).end();
  });
  control.use(phonesRouter(sim));
  control.use(faultsRouter(sim));
  control.use((req, res) => sendControlError(res, 404, 'not_found', `No route ${req.method} ${req.originalUrl}`));
  control.use(controlErrorHandler(sim.logger));
  app.use('/sim', control);
  servePhonesPage(app);

  return { app, sim };
}

export async function startSimulator(opts: StartSimulatorOptions): Promise<RunningSimulator> {
  const { app, sim } = createSimulatorApp(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve, reject) => {
      sim.close();
      server.close((err) => (err ? reject(err) : resolve()));
      // Keep-alive sockets from the twilio client and open event streams would otherwise hold close() open.
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, port, sim, close };
}
