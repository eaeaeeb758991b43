import assert from 'node:assert/strict';
import { createDb } from '../../src/db/knex';
import { randomUUID } from 'node:crypto';
import { bookAutomatedSlot, bookReplySlot, type Booking } from '../../src/sms/send-pacing';
import { eventually, startParley, uniqueNumber, type Agent, type Parley } from '../support/parley';

// SPEC §9: quiet hours for unsolicited automated texts, and each company number's sending rate.
interface CompanyNumber { number: string; quietHours: { start: string; end: string } | null; timeZone: string | null; ratePerSecond: number }
interface Live { state: string; timers: { kind: string; dueAt: string; messageIds?: string[] }[] }
type ErrorBody = { error: { code: string; message: string } };

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16); // UTC wall clock

describe('quiet hours and sending rate (SPEC §9)', function () {
  this.timeout(240_000);
  let parley: Parley;
  let admin: Agent;
  const patch = (body: Record<string, unknown>, number = parley.companyNumber) =>
    parley.request<CompanyNumber & ErrorBody>('PATCH', `/api/admin/company-numbers/${encodeURIComponent(number)}`, { token: admin.token, body });

  before(async () => {
    parley = await startParley();
    admin = await parley.createAgent('admin');
  });
  after(async () => parley?.stop());
  // Each test brings its own agent; none left Available by an earlier one.
  const nobodyAvailable = () => parley.db('agent_presence').update({ status: 'offline' });

  it('SPEC §9 PATCH company number: quietHours, timeZone and ratePerSecond are set, listed and validated; new numbers default to 21:00–08:00 and 1/s', async () => {
    await parley.db('company_numbers').insert({ number: '+15005550009', display_name: 'Defaults', queue_id: parley.queueId });
    const list = await parley.request<CompanyNumber[]>('GET', '/api/admin/company-numbers', { token: admin.token });
    const fresh = list.body.find((c) => c.number === '+15005550009')!;
    assert.deepEqual([fresh.quietHours, fresh.timeZone, fresh.ratePerSecond], [{ start: '21:00', end: '08:00' }, null, 1]);

    const changed = await patch({ quietHours: { start: '22:30', end: '07:00' }, timeZone: 'America/Chicago', ratePerSecond: 3 }, '+15005550009');
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.quietHours, changed.body.timeZone, changed.body.ratePerSecond], [{ start: '22:30', end: '07:00' }, 'America/Chicago', 3]);
    const off = await patch({ quietHours: null }, '+15005550009');
    assert.equal(off.body.quietHours, null, 'null turns quiet hours off');

    for (const [body, field] of [
      [{ quietHours: { start: '9pm', end: '08:00' } }, /quietHours\.start.*HH:MM/],
      [{ quietHours: { start: '21:00', end: '21:00' } }, /quietHours\.end.*differ/],
      [{ quietHours: { start: '21:00' } }, /quietHours\.end/],
      [{ timeZone: 'Mars/Olympus' }, /timeZone.*IANA/],
      [{ ratePerSecond: 0 }, /ratePerSecond/],
      [{ ratePerSecond: 'fast' }, /ratePerSecond/],
      [{ quietHour: null }, /quietHour/],
    ] as const) {
      const r = await patch(body, '+15005550009');
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.error.message, field, JSON.stringify(r.body));
    }
    const agent = await parley.createAgent('agent');
    const refused = await parley.request('PATCH', '/api/admin/company-numbers/%2B15005550009', { token: agent.token, body: { ratePerSecond: 50 } });
    assert.equal(refused.status, 403);
    const audit = await parley.db('audit_log').where({ action: 'company_number.changed', subject_id: '+15005550009' }).orderBy('id');
    assert.equal(audit.length, 2);
  });

  describe('sending rate', () => {
    const twoPools = () => [createDb(parley.env.DATABASE_URL, { max: 5 }), createDb(parley.env.DATABASE_URL, { max: 5 })];
    /** A text waiting to be sent from `number` (its row is where a far slot or a turn is kept). */
    const outboundText = async (number: string, authorKind: 'agent' | 'system') => {
      const id = randomUUID();
      await parley.db('messages').insert({ id, direction: 'outbound', company_number: number, requester_number: uniqueNumber(), body: authorKind, status: 'pending', author_kind: authorKind });
      return id;
    };
    const automatedText = (number: string) => outboundText(number, 'system');
    const reply = async (db: typeof parley.db, number: string) => bookReplySlot(db, number, await outboundText(number, 'agent'));
    const slot = (b: Booking) => (b as Extract<Booking, { booked: true }>);

    it('SPEC §9 two worker processes booking at once share one pace: every slot 1/rate after the one before', async () => {
      await parley.db('company_numbers').insert({ number: '+15005550010', display_name: 'Paced', queue_id: parley.queueId, rate_per_second: 10 });
      const pools = twoPools();
      try {
        // 20 sends from two separate connection pools (two workers) at 10/s: they book 2 s of slots between them.
        const bookings = await Promise.all(
          Array.from({ length: 20 }, (_, i) => reply(pools[i % 2], '+15005550010')),
        );
        const slots = bookings.map((b) => (b as Extract<Booking, { booked: true }>).at.getTime()).sort((a, b) => a - b);
        assert.ok(bookings.every((b) => b.booked), 'all within the reply horizon');
        for (let i = 1; i < slots.length; i++) assert.ok(slots[i] - slots[i - 1] >= 99, `slot ${i} is ${slots[i] - slots[i - 1]} ms after the one before`);
      } finally {
        await Promise.all(pools.map((p) => p.destroy()));
      }
    });

    it('SPEC §9 replies go ahead of automated texts: an automated text waits while replies fill the lane', async () => {
      await parley.db('company_numbers').insert({ number: '+15005550011', display_name: 'Busy', queue_id: parley.queueId, rate_per_second: 2 });
      const replies = await Promise.all(Array.from({ length: 4 }, () => reply(parley.db, '+15005550011')));
      assert.ok(replies.every((b) => b.booked));
      const text = await automatedText('+15005550011');
      const automated = await bookAutomatedSlot(parley.db, '+15005550011', text);
      assert.equal(automated.booked, false, 'the number is busy for 2 s: the automated text does not take a slot');
      assert.ok(!automated.booked && automated.retryInMs >= 1500, `asks again once the replies are out (${JSON.stringify(automated)})`);
      const laterReply = await reply(parley.db, '+15005550011');
      assert.ok(laterReply.booked, 'a reply written after it still goes first');
      // At its turn, once the reply is out too, the automated text books at once.
      await new Promise((r) => setTimeout(r, slot(laterReply).waitMs + 600));
      const idle = await bookAutomatedSlot(parley.db, '+15005550011', text);
      assert.ok(idle.booked && idle.waitMs === 0, JSON.stringify(idle));
    });

    it('SPEC §9 automated texts waiting on a busy number take turns 1/rate apart, and each books at its turn (no text asks again and again)', async () => {
      await parley.db('company_numbers').insert({ number: '+15005550012', display_name: 'Line', queue_id: parley.queueId, rate_per_second: 1 });
      const texts = await Promise.all(Array.from({ length: 6 }, () => automatedText('+15005550012')));
      const pools = [createDb(parley.env.DATABASE_URL, { max: 3 }), createDb(parley.env.DATABASE_URL, { max: 3 })];
      try {
        // Connected before the reply books: the six must ask within its second, not while pools connect (a second, not
        // 200 ms at 5/s: on a loaded machine six concurrent asks once took longer than 200 ms).
        await Promise.all(pools.flatMap((p) => [1, 2, 3].map(() => p.raw('select 1'))));
        assert.ok((await reply(parley.db, '+15005550012')).booked, 'a reply has the number for a second');
        // Six at once from two workers: six distinct turns, a second apart, the first after the reply.
        const first = await Promise.all(texts.map((id, i) => bookAutomatedSlot(pools[i % 2], '+15005550012', id)));
        assert.ok(first.every((b) => !b.booked), JSON.stringify(first));
        const turns = (await parley.db('messages').whereIn('id', texts).pluck('send_turn_at')).map((d: Date) => d.getTime()).sort((a, b) => a - b);
        assert.equal(new Set(turns).size, 6, 'one turn each');
        for (let i = 1; i < turns.length; i++) assert.ok(Math.abs(turns[i] - turns[i - 1] - 1000) < 2, `turn ${i} is ${turns[i] - turns[i - 1]} ms after the one before`);
        // Each asks again when told, and books then. On a loaded machine a timer fires late, so a text may find the
        // slots after its turn taken by later texts that asked late too: it is told once more when the number is free
        // (never again and again), and books then.
        const second = await Promise.all(
          texts.map(async (id, i) => {
            let b: Booking = first[i];
            for (let ask = 2; ask <= 3 && !b.booked; ask++) {
              await new Promise((r) => setTimeout(r, (b as Extract<Booking, { booked: false }>).retryInMs));
              b = await bookAutomatedSlot(pools[i % 2], '+15005550012', id);
            }
            return b;
          }),
        );
        assert.ok(second.every((b) => b.booked), `each booked at its turn, at most one ask later: ${JSON.stringify(second)}`);
        const slots = second.map((b) => slot(b).at.getTime()).sort((a, b) => a - b);
        for (let i = 1; i < slots.length; i++) assert.ok(slots[i] - slots[i - 1] >= 999, `slot ${i} is ${slots[i] - slots[i - 1]} ms after the one before`);
      } finally {
        await Promise.all(pools.map((p) => p.destroy()));
      }
    });

    it('SPEC §9 a reply whose slot is beyond the 5 s horizon keeps it: it asks again once, shortly before, and gets the same slot', async () => {
      await parley.db('company_numbers').insert({ number: '+15005550013', display_name: 'Far', queue_id: parley.queueId, rate_per_second: 2 });
      // 16 replies at 2/s: 8 s of slots; those more than 5 s off are not sent now but keep their slot.
      const ids = await Promise.all(Array.from({ length: 16 }, () => outboundText('+15005550013', 'agent')));
      const first: Booking[] = [];
      for (const id of ids) first.push(await bookReplySlot(parley.db, '+15005550013', id));
      const far = ids.filter((_, i) => !first[i].booked);
      // 5 when booked in an instant; the time the 16 bookings take (a loaded machine) brings the later slots nearer.
      assert.ok(far.length >= 1 && far.length <= 7, `the last few are beyond the horizon: ${far.length}`);
      assert.deepEqual(far, ids.slice(ids.length - far.length), 'the far ones are the last booked');
      const kept = await parley.db('messages').whereIn('id', far).pluck('send_turn_at');
      assert.equal(kept.filter(Boolean).length, far.length, 'each far reply keeps its slot');
      // A later reply books after them all: their slots are taken.
      const later = await reply(parley.db, '+15005550013');
      assert.ok(!later.booked && later.retryInMs > (first[first.length - 1] as Extract<Booking, { booked: false }>).retryInMs);
      // Asking again early gives back the same slot, and books nothing new. The farthest one is asked (its slot is
      // about 8 s off): on a loaded machine the nearest far one was already within the horizon by now.
      const farthest = far[far.length - 1];
      const farIndex = ids.indexOf(farthest);
      const again = await bookReplySlot(parley.db, '+15005550013', farthest);
      assert.ok(!again.booked, 'still beyond the horizon');
      const [{ next_at: nextAt }] = await parley.db('send_pacing').where({ company_number: '+15005550013' }).select('next_at');
      await new Promise((r) => setTimeout(r, (first[farIndex] as Extract<Booking, { booked: false }>).retryInMs));
      const atTurn = await bookReplySlot(parley.db, '+15005550013', farthest);
      assert.ok(atTurn.booked && atTurn.waitMs <= 600, `booked its kept slot, shortly ahead: ${JSON.stringify(atTurn)}`);
      const [{ send_turn_at: keptSlot }] = await parley.db('messages').where({ id: farthest }).select('send_turn_at');
      assert.equal(slot(atTurn).at.getTime(), (keptSlot as Date).getTime());
      const [{ next_at: nextAfter }] = await parley.db('send_pacing').where({ company_number: '+15005550013' }).select('next_at');
      assert.equal(nextAfter.getTime(), nextAt.getTime(), 'no new slot was booked');
    });

    it('SPEC §9 a burst of agent replies in several conversations reaches the provider spaced at the number’s rate', async () => {
      assert.equal((await patch({ ratePerSecond: 4 })).status, 200);
      try {
        const agent = await parley.createAgent('agent', { presence: 'available', capacity: 10 });
        const requesters = [uniqueNumber(), uniqueNumber(), uniqueNumber(), uniqueNumber()];
        const ids: string[] = [];
        for (const r of requesters) ids.push(await parley.acceptOfferFor(agent, await parley.text(r, 'hi').then(() => r)));
        const since = Date.now();
        // The four conversations at once; in each, the second reply written once the first is accepted (their order).
        const sent = (
          await Promise.all(
            ids.map(async (id, i) => {
              const mine = [];
              for (const n of [1, 2]) mine.push(await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: `burst ${i}.${n}` } }));
              return mine;
            }),
          )
        ).flat();
        assert.ok(sent.every((r) => r.status === 202), JSON.stringify(sent.map((r) => r.status)));
        const burst = () => parley.sim.sim.outbound({}).filter((m) => m.body.startsWith('burst ') && Date.parse(m.dateCreated) >= since);
        const seen = await eventually('the 8 replies at the provider', async () => (burst().length === 8 ? burst() : undefined), 30_000);
        const times = seen.map((m) => Date.parse(m.dateCreated)).sort((a, b) => a - b);
        const gaps = times.slice(1).map((t, i) => t - times[i]);
        // Slots are booked 250 ms apart from `since` on, and no text reaches the provider before its slot: the i-th to
        // arrive comes no earlier than since + i × 250 ms. (Gaps between arrivals are not the rate: a send that a
        // loaded worker makes 200 ms after its slot arrives close to the next one, which is on time.)
        const early = times.map((t, i) => t - (since + i * 250)).filter((d) => d < -20);
        assert.deepEqual(early, [], `the i-th text not before since + i × 250 ms (gaps ${gaps.join(', ')})`);
        assert.ok(times[times.length - 1] - since >= 7 * 250 - 20, `8 texts at 4/s take ≥ 1.75 s: ${gaps.join(', ')}`);
        // Each conversation's two replies in the order written.
        for (let i = 0; i < 4; i++) {
          const mine = seen.filter((m) => m.body.startsWith(`burst ${i}.`)).sort((a, b) => Date.parse(a.dateCreated) - Date.parse(b.dateCreated));
          assert.deepEqual(mine.map((m) => m.body), [`burst ${i}.1`, `burst ${i}.2`]);
        }
      } finally {
        await patch({ ratePerSecond: 100 });
        await nobodyAvailable();
      }
    });
  });

  describe('quiet hours', () => {
    it('SPEC §9 a prompt-requester text at night is held until the window ends (durable timer in the live view); the agent’s own text and "no agents available" go at once', async () => {
      // Night is now: a window that began an hour ago and ends at the next minute boundary at least 20 s away (UTC).
      await nobodyAvailable();
      const now = Date.now();
      const end = Math.ceil((now + 20_000) / 60_000) * 60_000;
      assert.equal((await patch({ quietHours: { start: hhmm(now - 3600_000), end: hhmm(end) }, timeZone: 'UTC' })).status, 200);
      const action = await parley.request<{ id: string }>('POST', '/api/admin/messaging-actions', {
        token: admin.token,
        body: { name: 'Night nudge', active: true, event: 'agent_message_without_requester_response', durationSeconds: 1, condition: {}, action: 'prompt_requester', promptText: 'Still there? (sent after quiet hours)' },
      });
      assert.equal(action.status, 201);
      try {
        const requester = uniqueNumber();
        await parley.text(requester, 'hello at night');
        // Nobody is Available: "no agents available" answers their own text, so it is not held.
        await eventually('the no-agents text at once', async () => parley.sim.sim.outbound({ to: requester }).some((m) => /busy/.test(m.body)), 15_000);
        const agent = await parley.createAgent('agent', { presence: 'available' });
        const id = await parley.acceptOfferFor(agent, requester);
        await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
        assert.equal((await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'Here now.' } })).status, 202);
        await eventually('the agent’s text at the phone at once', async () => parley.sim.sim.outbound({ to: requester }).some((m) => m.body === 'Here now.'), 10_000);

        const live = await eventually('the quiet-hours timer in the live view', async () => {
          const r = await parley.request<Live>('GET', `/api/interactions/${id}/live`, { token: agent.token });
          return r.body.timers.find((t) => t.kind === 'quiet_hours') ? r.body : undefined;
        }, 15_000);
        const timer = live.timers.find((t) => t.kind === 'quiet_hours')!;
        assert.equal(Date.parse(timer.dueAt), end, 'due when the window ends');
        const held = await parley.db('messages').where({ id: timer.messageIds![0] }).first();
        assert.equal(held.body, 'Still there? (sent after quiet hours)');
        assert.equal(held.status, 'pending');
        assert.equal(held.held_until.getTime(), end);
        const prompted = () => parley.sim.sim.outbound({ to: requester }).filter((m) => m.body === held.body);
        assert.equal(prompted().length, 0, 'not at the provider during quiet hours');

        await eventually('the held prompt at the phone once quiet hours end', async () => prompted().length === 1, end - Date.now() + 20_000, 500);
        assert.ok(Date.parse(prompted()[0].dateCreated) >= end, 'not before the window ended');
        const after = await parley.request<Live>('GET', `/api/interactions/${id}/live`, { token: agent.token });
        assert.ok(!after.body.timers.some((t) => t.kind === 'quiet_hours'));
      } finally {
        await parley.request('DELETE', `/api/admin/messaging-actions/${action.body.id}`, { token: admin.token });
        await patch({ quietHours: null });
        await nobodyAvailable();
      }
    });

    it('SPEC §9 outside quiet hours the same prompt goes when its action fires', async () => {
      const now = Date.now();
      // A window that ended a minute ago: it is day.
      assert.equal((await patch({ quietHours: { start: hhmm(now - 3 * 3600_000), end: hhmm(now - 60_000) }, timeZone: 'UTC' })).status, 200);
      const action = await parley.request<{ id: string }>('POST', '/api/admin/messaging-actions', {
        token: admin.token,
        body: { name: 'Day nudge', active: true, event: 'agent_message_without_requester_response', durationSeconds: 1, condition: {}, action: 'prompt_requester', promptText: 'Still there? (day)' },
      });
      try {
        const agent = await parley.createAgent('agent', { presence: 'available' });
        const requester = uniqueNumber();
        await parley.text(requester, 'hello by day');
        const id = await parley.acceptOfferFor(agent, requester);
        await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
        await parley.request('POST', `/api/interactions/${id}/messages`, { token: agent.token, body: { body: 'Hi.' } });
        await eventually('the prompt', async () => parley.sim.sim.outbound({ to: requester }).some((m) => m.body === 'Still there? (day)'), 15_000);
      } finally {
        await parley.request('DELETE', `/api/admin/messaging-actions/${action.body.id}`, { token: admin.token });
        await patch({ quietHours: null });
      }
    });
  });
});
