/** A minimal EventSource for tests: collects named events from a text/event-stream response. */
export class SseClient {
  /**
   * `at`: when the event arrived, wall clock (epoch ms), for the benchmark's push latency: compared with the load
   * generator's Date.now() in another process (timeOrigin + performance.now() drifts as a long-lived process goes on).
   */
  readonly events: { event: string; data: unknown; at: number }[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];

  private constructor() {}

  static async connect(url: string, token: string): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: c.controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`SSE connect failed: ${res.status}`);
    void c.read(res.body);
    return c;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let idx;
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) {
            this.events.push({ event, data: data ? JSON.parse(data) : null, at: Date.now() });
            this.waiters.splice(0).forEach((w) => w());
          }
        }
      }
    } catch {
      // aborted
    }
  }

  async waitFor(predicate: (e: { event: string; data: unknown }) => boolean, timeoutMs = 10_000): Promise<{ event: string; data: unknown }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find(predicate);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no matching event; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
