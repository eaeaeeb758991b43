import type { Knex } from 'knex';

/** VA-11: how many recent accepted offers the queue's average wait is taken over, and how far back they may go. */
export const AVERAGE_WAIT_SAMPLE = 20;
export const AVERAGE_WAIT_WINDOW_HOURS = 24;

/**
 * VA-11: the queue's average wait (queued → accepted, over its last AVERAGE_WAIT_SAMPLE accepted offers of the last
 * AVERAGE_WAIT_WINDOW_HOURS) less the time the interaction has already waited for a live agent, in seconds (never
 * below 0). null when the queue accepted nothing recently: no estimate.
 */
export async function estimatedWaitSeconds(db: Knex, queueId: string, interactionId: string): Promise<number | null> {
  const { rows } = await db.raw(
    `select (select avg(extract(epoch from (x.decided_at - x.created_at)))
               from (select o.decided_at, w.created_at from offers o join work_items w on w.id = o.work_item_id
                      where o.state = 'accepted' and w.queue_id = :queueId
                        and o.decided_at > now() - make_interval(hours => :hours)
                      order by o.decided_at desc limit :sample) x) as average,
            (select extract(epoch from (now() - queued_at)) from interactions where id = :interactionId) as waited`,
    { queueId, interactionId, hours: AVERAGE_WAIT_WINDOW_HOURS, sample: AVERAGE_WAIT_SAMPLE },
  );
  const { average, waited } = rows[0] as { average: string | null; waited: string | null };
  if (average === null) return null;
  return Math.max(0, Math.round(Number(average) - Number(waited ?? 0)));
}
