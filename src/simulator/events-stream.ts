import type { Request, Response } from 'express';
import type { Simulator } from './simulator';
import type { SimEvent } from './types';

const HEARTBEAT_MS = 15_000;

function concerns(event: SimEvent, number: string): boolean {
  if (event.type === 'inbound.posted') return event.from === number || event.to === number;
  return event.message.from === number || event.message.to === number;
}

/** GET /sim/events: Server-Sent Events of simulator events, optionally only those touching `?number=`. */
export function eventStreamHandler(sim: Simulator) {
  return (req: Request, res: Response): void => {
    const number = typeof req.query.number === 'string' && req.query.number !== '' ? req.query.number : undefined;
    res.status(200);
    res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');

    let id = 0;
    const unsubscribe = sim.onEvent((event) => {
      if (number && !concerns(event, number)) return;
      id += 1;
      res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  };
}
