import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/** Serves the built Workspace (web/dist) with history-API fallback, when it has been built. */
export function serveWorkspace(app: express.Express): void {
  const dir = path.resolve(__dirname, '../../../web/dist');
  const alt = path.resolve(__dirname, '../../web/dist');
  const root = fs.existsSync(dir) ? dir : alt;
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('Parley api is running. The Workspace is not built: run npm run build.');
    });
    return;
  }
  app.use(express.static(root, { index: 'index.html', maxAge: '1h' }));
  // A missing built file (a page open across a deploy asking for an old chunk) is a 404, not index.html served as
  // JavaScript; every other address is one of the Workspace's pages, which the page itself routes.
  app.get(/^\/assets\//, (_req, res) => {
    res.status(404).type('text/plain').send('no such file');
  });
  app.get(/^\/(?!api\/|webhooks\/|healthz|readyz).*/, (_req, res) => {
    res.sendFile(path.join(root, 'index.html'));
  });
}
