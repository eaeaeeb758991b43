// A separate process that plays Twilio: posts signed inbound webhooks over HTTP, closed-loop (N in flight) or
// open-loop (a fixed rate, whatever the responses), and reports each post's start time and acknowledgement time.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export interface GeneratorInput {
  url: string; // PUBLIC_BASE_URL
  authToken: string;
  companyNumber: string;
  requesters: string[]; // text i goes to requesters[i % length]
  texts: number;
  mode: { kind: 'closed'; concurrency: number } | { kind: 'open'; ratePerSecond: number };
}

export interface GeneratorOutput {
  posts: PostResult[];
  /** This process's own CPU time (user + system) over the whole run, preparation included. */
  cpuSeconds: number;
}

export interface PostResult {
  sid: string;
  /** The requester number it was sent from. */
  from: string;
  startedAt: number; // epoch ms
  ackMs: number;
  /** The HTTP status, or 0 when no response came (see `error`). */
  status: number;
  error?: string;
}

/**
 * Starts `fire(i)` for i < n at `ratePerSecond`, whatever the responses (open loop), and waits for them all; fires no
 * more once `stopped()` says so (a step of the capacity search that has clearly failed).
 */
export async function openLoop(n: number, ratePerSecond: number, fire: (i: number) => Promise<unknown>, stopped: () => boolean = () => false): Promise<void> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < n && !stopped(); i++) {
    const wait = t0 + (i * 1000) / ratePerSecond - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(fire(i));
  }
  await Promise.all(pending);
}

const sid = () => `SM${randomBytes(16).toString('hex')}`;

async function run(input: GeneratorInput): Promise<PostResult[]> {
  const target = new URL('/webhooks/twilio/sms', input.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.mode.kind === 'closed' ? input.mode.concurrency : 256 });
  // Prepared up front so the timed loop only sends.
  const requests = Array.from({ length: input.texts }, (_, i) => {
    const params = {
      MessageSid: sid(), SmsSid: '', AccountSid: 'AC00000000000000000000000000000000', From: input.requesters[i % input.requesters.length],
      To: input.companyNumber, Body: `bench text ${i}`, NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
    };
    params.SmsSid = params.MessageSid;
    const body = new URLSearchParams(params).toString();
    const signature = twilio.getExpectedTwilioSignature(input.authToken, target.toString(), params);
    return { sid: params.MessageSid, from: params.From, body, signature };
  });
  // startedAt is the wall clock, read now: it is compared with other processes' readings (the database's taken_at, the
  // bench's SSE arrival times). timeOrigin + performance.now() is not: it is the wall clock at the process's start
  // plus a monotonic count, and drifts from the wall clock as a process lives on. Durations stay monotonic.

  const post = (r: (typeof requests)[number]) =>
    new Promise<PostResult>((resolve) => {
      const startedAt = Date.now();
      const sentAt = performance.now();
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature, 'content-length': Buffer.byteLength(r.body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ sid: r.sid, from: r.from, startedAt, ackMs: performance.now() - sentAt, status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve({ sid: r.sid, from: r.from, startedAt, ackMs: performance.now() - sentAt, status: 0, error: err.code ?? err.message }));
      req.end(r.body);
    });

  const results: PostResult[] = [];
  if (input.mode.kind === 'closed') {
    let next = 0;
    const lane = async () => {
      while (next < requests.length) results.push(await post(requests[next++]));
    };
    await Promise.all(Array.from({ length: input.mode.concurrency }, lane));
  } else {
    await openLoop(requests.length, input.mode.ratePerSecond, (i) => post(requests[i]).then((x) => void results.push(x)), () => stopRequested);
  }
  agent.destroy();
  return results;
}

/** SIGTERM ends an open loop early: what was posted is still waited for and reported. */
let stopRequested = false;

if (require.main === module) {
  process.once('SIGTERM', () => (stopRequested = true));
  const chunks: Buffer[] = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => {
    run(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GeneratorInput).then(
      (posts) => {
        const { user, system } = process.cpuUsage();
        const out: GeneratorOutput = { posts, cpuSeconds: (user + system) / 1e6 };
        process.stdout.write(JSON.stringify(out));
      },
      (err) => {
        process.stderr.write(`load generator failed: ${err}\n`);
        process.exit(1);
      },
    );
  });
}
