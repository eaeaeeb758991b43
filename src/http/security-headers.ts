import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers for the api (which serves the Workspace) and the simulator (which serves the phones page). The
 * built pages load only their own module scripts, so scripts are 'self' and nothing inline. Mantine writes its CSS
 * variables into a <style> element and style attributes at run time, hence 'unsafe-inline' for styles alone: a style
 * cannot run code. Nothing may frame the pages (clickjacking), and links out (MMS media) carry no referrer.
 */
export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (the one-machine default) an upgrade would send the page's own requests to a port with no TLS.
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: opts.https ? { maxAge: 180 * 24 * 3600 } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}
