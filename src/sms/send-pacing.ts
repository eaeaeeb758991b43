import type { Knex } from 'knex';

// SPEC §9 sending rate: each company number's texts reach the provider no faster than its `rate_per_second`, whichever
// worker sends them. The pacing state is one row per number in PostgreSQL (`send_pacing.next_at`), booked with a
// single UPDATE, so any number of worker processes share it without a coordinator.
//
// Two lanes: replies (what agents and the virtual agent write, answering someone) book the next free slot; automated
// texts (system texts) book only when the number is idle, so a burst of replies always goes ahead of them. A send
// whose slot is more than a few seconds off is told when to ask again; the workflow waits for that on a durable
// timer rather than holding a worker's activity slot.
//
// Each waiting text asks again about once. A reply's far slot is booked at once and kept on the message
// (`messages.send_turn_at`). Automated texts that find the number busy take turns (`send_pacing.automated_next_at`,
// the same column on the message): each is given the next turn, 1/rate after the one before. Before, every waiting
// text asked again each time the number might be free: N texts waiting on a 1/s number (the default) cost N
// activity and timer round trips a second to send one.

export type SendLane = 'reply' | 'automated';

export type Booking =
  /** Booked: call the provider after `waitMs` (0 = now); `at` is the slot (database clock). */
  | { booked: true; waitMs: number; at: Date }
  /** The lane is full: ask again in `retryInMs`. */
  | { booked: false; retryInMs: number };

/** How far ahead a reply may book: beyond this the wait moves to the workflow (a timer), off the worker. */
export const REPLY_HORIZON_MS = 5_000;

export function laneOf(message: { author_kind: string | null }): SendLane {
  return message.author_kind === 'system' ? 'automated' : 'reply';
}

/** The number's pacing row, created on its first text. */
async function ensurePacingRow(db: Knex, companyNumber: string): Promise<void> {
  await db.raw(`insert into send_pacing (company_number, next_at) values (?, now()) on conflict (company_number) do nothing`, [companyNumber]);
}

/** A reply whose slot is further ahead than the horizon asks again this long before it, and waits the rest in the activity. */
const HELD_LEAD_MS = 500;

/**
 * SPEC §9 for a reply: the next free slot, however far ahead, in one statement. Within `horizonMs` the activity waits
 * for it; beyond, the slot is kept on the message (`send_turn_at`) and the workflow asks again shortly before it, on
 * a timer, and gets the same slot. (A reply used to be refused beyond the horizon and to ask again each time a slot
 * might have come within it: 95 VA greetings waiting on a 1/s number asked some 600 times a second.) A kept slot more
 * than 2 s past (the send failed and is being retried) is not reused: the retry books a new one.
 */
export async function bookReplySlot(db: Knex, companyNumber: string, messageId: string, horizonMs = REPLY_HORIZON_MS): Promise<Booking> {
  await ensurePacingRow(db, companyNumber);
  const { rows } = await db.raw(
    `with held as (
       select send_turn_at as slot from messages where id = :id and send_turn_at > clock_timestamp() - interval '2 seconds'
     ), booked as (
       update send_pacing p
          set next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => 1.0 / c.rate_per_second)
         from company_numbers c
        where p.company_number = :number and c.number = p.company_number and not exists (select 1 from held)
       returning p.next_at - make_interval(secs => 1.0 / c.rate_per_second) as slot
     )
     select s.slot, exists (select 1 from held) as held, greatest(0, extract(epoch from (s.slot - clock_timestamp())) * 1000) as wait_ms
       from (select slot from held union all select slot from booked) s`,
    { id: messageId, number: companyNumber },
  );
  const r = rows[0];
  if (!r) throw new Error(`company number ${companyNumber} has no sending rate`);
  const waitMs = Math.ceil(Number(r.wait_ms));
  if (waitMs <= horizonMs) return { booked: true, waitMs, at: r.slot };
  if (!r.held) await db('messages').where({ id: messageId }).update({ send_turn_at: r.slot });
  return { booked: false, retryInMs: waitMs - HELD_LEAD_MS };
}

/** What an automated text does now, given the number's pacing (all times epoch ms). */
export type AutomatedStep =
  /** The number is idle (or free within a slot, at its turn) and it is this text's turn, or nobody is in line: book. */
  | { kind: 'book'; waitMs: number }
  /** The number is busy or others are in line: this text takes the turn at `turnAt` and asks again then. */
  | { kind: 'take_turn'; turnAt: number; nextTurnAt: number }
  /** It holds a turn not yet come, or replies have the number: ask again at `at`. */
  | { kind: 'wait'; at: number };

/**
 * The automated lane's decision, pure. `nextAt`: when the number is next free (replies' and sent texts' slots);
 * `lineEndsAt`: when the turns already given out end (null: never given); `turnAt`: this text's turn (null: none yet).
 */
export function automatedStep(p: { now: number; nextAt: number; lineEndsAt: number | null; turnAt: number | null; ratePerSecond: number }): AutomatedStep {
  const gap = 1000 / p.ratePerSecond;
  const idle = p.nextAt <= p.now;
  if (p.turnAt === null) {
    // Nobody in line and the number free: at once. Otherwise to the end of the line, and after the replies booked.
    if (idle && (p.lineEndsAt === null || p.lineEndsAt <= p.now)) return { kind: 'book', waitMs: 0 };
    const turnAt = Math.max(p.lineEndsAt ?? p.now, p.nextAt, p.now);
    return { kind: 'take_turn', turnAt, nextTurnAt: turnAt + gap };
  }
  if (p.turnAt > p.now) return { kind: 'wait', at: p.turnAt };
  // Its turn has come. The text before it may have booked a little late (its timer fired late), so the number may be
  // free only within a slot: book that slot and wait for it, rather than lose the turn. Replies that booked the number
  // further ahead since the turn was given still go first.
  return p.nextAt - p.now <= gap ? { kind: 'book', waitMs: Math.max(0, Math.ceil(p.nextAt - p.now)) } : { kind: 'wait', at: p.nextAt };
}

/**
 * SPEC §9 for an automated text: book now if `automatedStep` says so, else take or keep a turn and say when to ask
 * again. One transaction with the number's pacing row locked, so concurrent workers give out distinct turns.
 */
export async function bookAutomatedSlot(db: Knex, companyNumber: string, messageId: string): Promise<Booking> {
  await ensurePacingRow(db, companyNumber);
  return db.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `select extract(epoch from clock_timestamp()) * 1000 as now, extract(epoch from p.next_at) * 1000 as next_at,
              extract(epoch from p.automated_next_at) * 1000 as line_ends_at, c.rate_per_second,
              (select extract(epoch from send_turn_at) * 1000 from messages where id = ?) as turn_at
         from send_pacing p join company_numbers c on c.number = p.company_number
        where p.company_number = ? for update of p`,
      [messageId, companyNumber],
    );
    const r = rows[0];
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const now = Number(r.now);
    const step = automatedStep({ now, nextAt: Number(r.next_at), lineEndsAt: num(r.line_ends_at), turnAt: num(r.turn_at), ratePerSecond: Number(r.rate_per_second) });
    if (step.kind === 'book') {
      const booked = await trx.raw(
        `update send_pacing p set next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => 1.0 / ?)
          where p.company_number = ? returning p.next_at - make_interval(secs => 1.0 / ?) as slot`,
        [r.rate_per_second, companyNumber, r.rate_per_second],
      );
      return { booked: true, waitMs: step.waitMs, at: booked.rows[0].slot };
    }
    if (step.kind === 'take_turn') {
      await trx.raw(`update send_pacing set automated_next_at = to_timestamp(? / 1000.0) where company_number = ?`, [step.nextTurnAt, companyNumber]);
      await trx('messages').where({ id: messageId }).update({ send_turn_at: trx.raw('to_timestamp(? / 1000.0)', [step.turnAt]) });
    }
    const at = step.kind === 'take_turn' ? step.turnAt : step.at;
    // A few ms late, never early: the turn is measured on the database's clock, the timer on the workflow's.
    return { booked: false, retryInMs: Math.ceil(Math.max(0, at - now)) + 20 + Math.floor(Math.random() * 30) };
  });
}
