import type { Knex } from 'knex';

// SPEC §9 sending rate: each company number's texts reach the provider no faster than its `rate_per_second`, whichever
// worker sends them. The pacing state is one row per number in PostgreSQL (`send_pacing.next_at`), booked with a
// single UPDATE, so any number of worker processes share it without a coordinator.
//
// Two lanes: replies (what agents and the virtual agent write, answering someone) book the next free slot up to a
// few seconds ahead; automated texts (system texts) book only when the number is idle, so a burst of replies always
// goes ahead of them. A send that cannot book now is told when to ask again; the workflow waits for that on a
// durable timer rather than holding a worker's activity slot.

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

export async function bookSendSlot(db: Knex, companyNumber: string, lane: SendLane, replyHorizonMs = REPLY_HORIZON_MS): Promise<Booking> {
  const horizonS = lane === 'reply' ? replyHorizonMs / 1000 : 0;
  await db.raw(`insert into send_pacing (company_number, next_at) values (?, now()) on conflict (company_number) do nothing`, [companyNumber]);
  // The row lock the UPDATE takes serialises concurrent bookings; each gets the slot after the one before it.
  const booked = await db.raw(
    `update send_pacing p
        set next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => 1.0 / c.rate_per_second)
       from company_numbers c
      where p.company_number = ? and c.number = p.company_number
        and greatest(p.next_at, clock_timestamp()) <= clock_timestamp() + make_interval(secs => ?)
      returning p.next_at - make_interval(secs => 1.0 / c.rate_per_second) as slot,
                greatest(0, extract(epoch from (p.next_at - make_interval(secs => 1.0 / c.rate_per_second) - clock_timestamp())) * 1000) as wait_ms`,
    [companyNumber, horizonS],
  );
  if (booked.rows.length > 0) return { booked: true, waitMs: Math.ceil(Number(booked.rows[0].wait_ms)), at: booked.rows[0].slot };
  const full = await db.raw(
    `select greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000 - ?) as retry_ms from send_pacing where company_number = ?`,
    [horizonS * 1000, companyNumber],
  );
  // A little spread so texts waiting on the same number do not all ask again at the same instant.
  const retryInMs = Math.ceil(Number(full.rows[0]?.retry_ms ?? 0)) + 50 + Math.floor(Math.random() * 200);
  return { booked: false, retryInMs };
}
