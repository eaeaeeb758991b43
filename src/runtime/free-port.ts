import net from 'node:net';

// A port is only "free" until someone binds it, and callers bind a moment later, in a child process. Remember what
// we handed out so that two servers configured at once (PostgreSQL and Temporal starting concurrently, or Temporal's
// gRPC/HTTP/metrics ports) are not told the same number: the kernel may return one ephemeral port to back-to-back
// bind(0) calls, and two callers may prefer the same port.
const assigned = new Map<number, number>();
const preferredGiven = new Map<number, number>();
const ASSIGNED_MS = 60_000;
const PREFERRED_MS = 5_000;

/** The preferred port if it can be bound on `host` right now, else a free port chosen by the OS. */
export async function freePort(preferred?: number, host = '127.0.0.1'): Promise<number> {
  const now = Date.now();
  forgetOlderThan(assigned, now - ASSIGNED_MS);
  forgetOlderThan(preferredGiven, now - PREFERRED_MS);
  if (preferred !== undefined && preferred > 0 && !preferredGiven.has(preferred) && (await canListen(preferred, host))) {
    preferredGiven.set(preferred, Date.now());
    return preferred;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenOnce(0, host);
    if (port === undefined || assigned.has(port) || preferredGiven.has(port)) continue;
    assigned.set(port, Date.now());
    return port;
  }
  throw new Error(`could not find a free TCP port on ${host}`);
}

export async function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await listenOnce(port, host)) !== undefined;
}

function forgetOlderThan(map: Map<number, number>, cutoff: number): void {
  for (const [port, at] of map) if (at < cutoff) map.delete(port);
}

function listenOnce(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * The first free port from `from` upward that nobody was handed recently. For ports a program stores in a
 * 16-bit signed column (Temporal's cluster_membership.rpc_port), which the OS's ephemeral range (32768+) overflows.
 */
export async function freePortFrom(from: number, host = '127.0.0.1', limit = 32_767): Promise<number> {
  for (let port = from; port <= limit; port++) {
    if (assigned.has(port) || preferredGiven.has(port)) continue;
    if (await canListen(port, host)) {
      preferredGiven.set(port, Date.now());
      return port;
    }
  }
  throw new Error(`no free TCP port on ${host} between ${from} and ${limit}`);
}

/** Resolves once something accepts TCP connections on host:port. */
export async function waitForPort(port: number, host: string, timeoutMs: number, isDead: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (isDead()) throw new Error(`the process meant to listen on ${host}:${port} exited`);
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
