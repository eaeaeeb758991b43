import type { SimMessage } from './types';

export type NewMessage = Omit<SimMessage, 'seq'>;

/** In-memory message store; insertion order (seq) is the simulator's notion of "oldest first". */
export class MessageStore {
  private readonly messages = new Map<string, SimMessage>();
  private readonly knownPhones = new Set<string>();
  private nextSeq = 1;

  insert(m: NewMessage): SimMessage {
    const stored: SimMessage = { ...m, seq: this.nextSeq++ };
    this.messages.set(stored.sid, stored);
    return stored;
  }

  get(sid: string): SimMessage | undefined {
    return this.messages.get(sid);
  }

  update(sid: string, patch: Partial<Omit<SimMessage, 'seq' | 'sid'>>): SimMessage | undefined {
    const m = this.messages.get(sid);
    if (!m) return undefined;
    Object.assign(m, patch);
    return m;
  }

  delete(sid: string): boolean {
    return this.messages.delete(sid);
  }

  /** All messages, oldest first. */
  all(): SimMessage[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  addPhone(number: string): void {
    this.knownPhones.add(number);
  }

  hasPhone(number: string): boolean {
    return this.knownPhones.has(number);
  }

  phones(): string[] {
    return [...this.knownPhones];
  }

  /** What a virtual phone sees: texts it sent and texts sent to it, oldest first. */
  conversation(number: string): SimMessage[] {
    return this.all().filter(
      (m) => (m.direction === 'inbound' && m.from === number) || (m.direction === 'outbound-api' && m.to === number),
    );
  }

  clear(): void {
    this.messages.clear();
    this.knownPhones.clear();
    this.nextSeq = 1;
  }
}
