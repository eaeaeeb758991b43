import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError, type ZodType } from 'zod';

/** A 4xx answer of the /sim control API: `{ error: { code, message } }`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export function sendControlError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function describeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function parseInput<T>(schema: ZodType<T>, value: unknown, code = 'invalid_request'): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ControlError(400, code, describeZodError(r.error));
  return r.data;
}

export function controlErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof ControlError) {
      sendControlError(res, err.status, err.code, err.message);
      return;
    }
    if (err instanceof ZodError) {
      sendControlError(res, 400, 'invalid_request', describeZodError(err));
      return;
    }
    const e = err as { status?: unknown; type?: unknown };
    if (e.type === 'entity.parse.failed') {
      sendControlError(res, 400, 'invalid_json', 'The request body is not valid JSON');
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      sendControlError(res, e.status, 'bad_request', 'The request could not be read');
      return;
    }
    logger.error({ err, method: req.method, path: req.originalUrl }, 'simulator control request failed');
    sendControlError(res, 500, 'internal', 'Internal simulator error');
  };
}
