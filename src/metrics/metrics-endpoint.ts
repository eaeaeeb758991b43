import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** GET /metrics in Prometheus text format; with a token, only for `Authorization: Bearer <token>`. */
export function metricsHandler(registry: Registry, token: string | undefined, extra?: () => Promise<string>): RequestHandler {
  const expected = token ? digest(token) : null;
  return async (req, res) => {
    if (expected) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').type('text/plain').send('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
    }
    const text = await registry.metrics();
    res.type(registry.contentType).send(extra ? text + (await extra()) : text);
  };
}
