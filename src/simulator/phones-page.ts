import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

// web/dist from src/simulator (tsx) and from dist/src/simulator (built).
const CANDIDATES = [path.resolve(__dirname, '../../web/dist'), path.resolve(__dirname, '../../../web/dist')];

function webDist(): string | undefined {
  return CANDIDATES.find((dir) => fs.existsSync(path.join(dir, 'phones.html')));
}

/** The virtual phones page (web/phones.html, built by Vite) at `/`; it calls /sim/* on this origin. */
export function servePhonesPage(app: express.Express): void {
  app.get('/', (_req, res) => {
    // Looked up per request: `npm run build` may finish after the simulator started.
    const dir = webDist();
    if (!dir) {
      res.type('text/plain').send('The virtual phones page is not built: run npm run build. The control API is under /sim.');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(path.join(dir, 'phones.html'));
  });
  let assets: { dir: string; handler: RequestHandler } | undefined;
  app.use('/assets', (req, res, next) => {
    const dir = webDist();
    if (!dir) return next();
    if (assets?.dir !== dir) assets = { dir, handler: express.static(path.join(dir, 'assets'), { maxAge: '1h' }) };
    assets.handler(req, res, next);
  });
}
