import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../../src/activities';
import type { TakeInFacts, TakeInInput } from '../../src/activities/take-inbound';
import { initialSnapshot, type Projection, type WorkItemOutcome } from '../../src/domain/interaction-decider';
import {
  agentMessageUpdate, assignUpdate, composeUpdate, endUpdate, holdUpdate, inboundSignal, offeredSignal, resumeUpdate, viewQuery,
  type InteractionInput, type InteractionView,
} from '../../src/workflows/definitions';
import { storedNoteWords } from '../../src/system-texts/note-words';
import { SERVE_COMPOSED_WHILE_DRAINING } from '../../src/workflows/interaction';
import { WORKFLOW_VERSION } from '../../src/workflows/versions';
import { eventually, uniqueNumber } from '../support/parley';
import { sharedServers } from '../support/servers';

// The interaction workflow on the real dev server with hand-written activity stubs that a test can slow or fail (the
// money-transfer template's workflow mocks), so races between signals, updates and activities are proven here.

/** A promise the test resolves when it chooses. */
function gate<T = void>() {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

class Stubs {
  takeIns: TakeInInput[] = [];
  /** Answers for take-ins in order; a function may wait on a gate. */
  takeInAnswers: ((input: TakeInInput) => Promise<TakeInFacts>)[] = [];
  private lastTakeIn: ((input: TakeInInput) => Promise<TakeInFacts>) | null = null;
  projections: Projection[] = [];
  enqueued: { workItemId: string; projection: Projection }[] = [];
  closes: Projection[] = [];
  sent: string[] = [];
  canceled: string[] = [];
  expireAnswer: WorkItemOutcome = { state: 'queued', agentId: null, offer: null };
  projectDelay: (p: Projection) => Promise<void> = async () => undefined;
  sendDelayMs = 0;
  recorded: string[] = [];
  systemTexts: string[] = [];
  notes: string[] = [];
  recordDelay: () => Promise<void> = async () => undefined;
  /** Whether system texts are stored (and so sent): off by default, as most tests do not follow them. */
  systemTextsRecorded = false;
  /** Holds the provider send of one message id until the test opens it. */
  sendGate: { messageId: (id: string) => boolean; promise: Promise<void> } | null = null;
  composed: { interactionId: string; messageId: string }[] = [];
  armed: { id: string; event: 'requester_message_without_agent_response' | 'agent_message_without_requester_response'; durationMs: number }[] = [];

  activities(): Partial<Activities> {
    return {
      takeIn: async (input) => {
        // A retry of a take-in (its 10 s local-activity timeout passed while a test held it, as a loaded machine
        // can make happen) is the same take-in: it gets the same answer, as the real activity's retry claims the
        // same texts, instead of the next take-in's.
        if (Context.current().info.attempt > 1 && this.lastTakeIn) return this.lastTakeIn(input);
        this.takeIns.push(input);
        const answer = this.takeInAnswers.shift() ?? (async (i: TakeInInput) => ({ interactionId: i.interactionId, opened: false, taken: 0, queueId: null, keywords: [], optedOut: false }));
        this.lastTakeIn = answer;
        return answer(input);
      },
      project: async (p) => {
        await this.projectDelay(p);
        this.projections.push(p);
      },
      enqueue: async (input) => {
        this.enqueued.push(input);
        return { agentsAvailable: true };
      },
      recordSystemText: async (input) => {
        this.systemTexts.push(input.key);
        return { recorded: this.systemTextsRecorded };
      },
      requesterOf: async () => ({ requesterUserId: null }),
      openComposed: async (input) => {
        this.composed.push({ interactionId: input.projection.interactionId, messageId: input.messageId });
      },
      recordNote: async (input) => {
        this.notes.push(storedNoteWords(input));
      },
      armedMessagingActions: async () => this.armed,
      evaluateMessagingActions: async () => ({ results: [], actions: [] }),
      notifyAgent: async () => undefined,
      close: async (input) => {
        this.closes.push(input.projection as Projection);
      },
      recordOutbound: async (input) => {
        this.recorded.push(input.messageId);
        await this.recordDelay();
      },
      cancelOutbound: async (input) => {
        this.canceled.push(input.messageId);
      },
      sendOutbound: async (input) => {
        await sleep(this.sendDelayMs);
        if (this.sendGate?.messageId(input.messageId)) await this.sendGate.promise;
        this.sent.push(input.messageId);
        return { providerSid: `SM${input.messageId}` };
      },
      expireOffer: async () => this.expireAnswer as never,
    };
  }
}

const opened = (interactionId: string): ((i: TakeInInput) => Promise<TakeInFacts>) => async () => ({ interactionId, opened: true, taken: 1, queueId: 'q', keywords: [], optedOut: false, liveAgentOnly: true });
const claimed = (taken = 1): ((i: TakeInInput) => Promise<TakeInFacts>) => async (i) => ({ interactionId: i.interactionId, opened: false, taken, queueId: 'q', keywords: [], optedOut: false });

describe('interaction workflow with stub activities (real dev server)', function () {
  this.timeout(120_000);
  let client: Client;
  let connection: NativeConnection;
  let bundlePath: string;
  before(async () => {
    const servers = await sharedServers();
    bundlePath = servers.bundlePath;
    connection = await NativeConnection.connect({ address: servers.temporal.address });
    client = new Client({ connection: await Connection.connect({ address: servers.temporal.address }) });
  });
  after(async () => {
    await client?.connection.close();
    await connection?.close();
  });

  /** Runs `body` with a worker on its own task queue; texts arrive by signal-with-start, as from the api. */
  async function withWorkflow(
    stubs: Stubs, body: (h: Harness) => Promise<void>, settings: Partial<InteractionInput['settings']> = {}, snapshot?: InteractionInput['snapshot'],
    version = WORKFLOW_VERSION,
  ) {
    const taskQueue = `wf-test-${randomUUID()}`;
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: bundlePath }, activities: stubs.activities() });
    const workflowId = `sms:+15005550006:${uniqueNumber()}`;
    const input: InteractionInput = { version, companyNumber: '+15005550006', requesterNumber: '+15550000000', settings: { offerTimeoutMs: 120_000, ...settings }, ...(snapshot ? { snapshot } : {}) };
    const handle = () => client.workflow.getHandle(workflowId);
    const harness: Harness = {
      handle,
      text: async () => {
        // A short task timeout, so a slow local activity heartbeats its task (and lets updates in) within ~1.6 s.
        await client.workflow.signalWithStart('interactionWorkflow', {
          workflowId, taskQueue, args: [input], signal: inboundSignal, signalArgs: [{ messageId: randomUUID() }], workflowTaskTimeout: '2s',
        });
      },
      view: () => handle().query(viewQuery),
      viewWhen: (what, ok) => eventually(what, async () => {
        const v = await handle().query(viewQuery);
        return ok(v) ? v : undefined;
      }),
    };
    await worker.runUntil(body(harness));
  }

  interface Harness {
    handle: () => ReturnType<Client['workflow']['getHandle']>;
    text(): Promise<void>;
    view(): Promise<InteractionView>;
    viewWhen(what: string, ok: (v: InteractionView) => boolean): Promise<InteractionView>;
  }

  async function acceptedBy(stubs: Stubs, h: Harness, agentId: string, interactionId = 'i-1') {
    stubs.takeInAnswers.push(opened(interactionId));
    await h.text();
    await eventually('enqueued', async () => stubs.enqueued.length > 0);
    const r = await h.handle().executeUpdate(assignUpdate, { args: [{ workItemId: stubs.enqueued[0].workItemId, agentId }] });
    assert.equal(r.state, 'work_in_progress');
    return { interactionId, agentId };
  }

  it('RI-2 a new conversation is opened, then queued by the workflow with a work item id it minted', async () => {
    const stubs = new Stubs();
    await withWorkflow(stubs, async (h) => {
      stubs.takeInAnswers.push(opened('i-1'));
      await h.text();
      const v = await h.viewWhen('queued', (x) => x.state === 'queued');
      assert.equal(stubs.enqueued.length, 1);
      assert.equal(stubs.enqueued[0].workItemId, v.workItemId);
      assert.deepEqual(stubs.enqueued[0].projection, { interactionId: 'i-1', version: 1, state: 'queued', queueId: 'q', assignedAgentId: null, closeReason: null });
      assert.equal(stubs.takeIns[0].interactionId, null);
    });
  });

  it('RI-6 End during a slow take-in stays closed, and the next text opens a new interaction in a new run', async () => {
    const stubs = new Stubs();
    await withWorkflow(stubs, async (h) => {
      const actor = await acceptedBy(stubs, h, 'a-1');
      const slow = gate();
      stubs.takeInAnswers.push(async (i) => {
        await slow.promise;
        return claimed(0)(i); // the close took the row first: nothing claimed
      });
      await h.text();
      await eventually('the slow take-in started', async () => stubs.takeIns.length === 2);
      await sleep(2_500); // past the task's heartbeat: the End is handled while the take-in is in flight
      // The End is decided at once; it answers once its own writes are done, after the take-in (one local activity
      // at a time: SERIAL_LOCAL_ACTIVITIES).
      const end = h.handle().executeUpdate(endUpdate, { args: [{ ...actor, outcome: 'complete' }] });
      await h.viewWhen('closed while the take-in is in flight', (x) => x.state === 'closed_complete');
      const firstRun = (await h.handle().describe()).runId;
      slow.open();
      assert.equal((await end).state, 'closed_complete');

      // The workflow never reopens it: the close stays, and the texts it could not take go to a new run.
      await eventually('a new run', async () => (await h.handle().describe()).runId !== firstRun);
      stubs.takeInAnswers.push(opened('i-2'));
      await h.text();
      const v = await h.viewWhen('the new interaction', (x) => x.interactionId === 'i-2');
      assert.equal(v.state, 'queued');
      assert.deepEqual(stubs.closes.map((c) => [c.interactionId, c.state, c.closeReason]), [['i-1', 'closed_complete', 'agent_ended']]);
      assert.ok(!stubs.projections.some((p) => p.interactionId === 'i-1' && p.version > stubs.closes[0].version), 'nothing projected over the close');
      const later = stubs.takeIns.slice(2);
      assert.ok(later.some((t) => t.interactionId === null), 'the new run opens an interaction');
      assert.ok(later.every((t) => t.interactionId !== 'i-1'), 'and never claims into the ended one');
    });
  });

  it('SPEC §4 Hold during a slow take-in: the text taken afterwards resumes it, and the newest projection says so', async () => {
    const stubs = new Stubs();
    await withWorkflow(stubs, async (h) => {
      const actor = await acceptedBy(stubs, h, 'a-1');
      const slow = gate();
      stubs.takeInAnswers.push(async (i) => {
        await slow.promise;
        return claimed(1)(i);
      });
      await h.text();
      await eventually('the slow take-in started', async () => stubs.takeIns.length === 2);
      await sleep(2_500);
      const held = h.handle().executeUpdate(holdUpdate, { args: [actor] });
      await h.viewWhen('on hold while the take-in is in flight', (x) => x.state === 'on_hold');
      slow.open();
      // It answers after the take-in, whose text had already resumed it.
      assert.equal((await held).state, 'work_in_progress');
      const v = await h.viewWhen('resumed by the text', (x) => x.state === 'work_in_progress' && x.version === 4);
      await eventually('projected', async () => stubs.projections.at(-1)?.version === v.version);
      assert.deepEqual(stubs.projections.map((p) => [p.version, p.state]), [[2, 'work_in_progress'], [3, 'on_hold'], [4, 'work_in_progress']]);
    });
  });

  it('WI-3/WI-4 an offer accepted as its timeout fires: the accept wins', async () => {
    const stubs = new Stubs();
    await withWorkflow(stubs, async (h) => {
      stubs.takeInAnswers.push(opened('i-1'));
      await h.text();
      await eventually('enqueued', async () => stubs.enqueued.length > 0);
      const workItemId = stubs.enqueued[0].workItemId;
      stubs.expireAnswer = { state: 'accepted', agentId: 'a-7', offer: null };
      await h.handle().signal(offeredSignal, { workItemId, offerId: 'o-1', agentId: 'a-7', expiresAt: Date.now() + 1_000 });
      const v = await h.viewWhen('assigned by the expired offer\'s row', (x) => x.state === 'work_in_progress');
      assert.equal(v.assignedAgentId, 'a-7');
      assert.equal(v.offer, null);
      await eventually('projected', async () => stubs.projections.at(-1)?.state === 'work_in_progress');
      assert.equal(stubs.projections.at(-1)!.assignedAgentId, 'a-7');
    });
  });

  it('continue-as-new mid-conversation keeps every pending item: outbox order, state, assignee, projection version', async () => {
    const stubs = new Stubs();
    stubs.sendDelayMs = 300;
    await withWorkflow(stubs, async (h) => {
      const actor = await acceptedBy(stubs, h, 'a-1');
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await h.handle().executeUpdate(agentMessageUpdate, { args: [{ ...actor, body: `answer ${i}` }] });
        ids.push(r.messageId);
      }
      const v = await h.viewWhen('sent everything after continuing as new', (x) => x.runs > 0 && x.outbox.length === 0);
      assert.deepEqual(stubs.sent, ids, 'each message sent once, in order');
      assert.equal(v.state, 'work_in_progress');
      assert.equal(v.assignedAgentId, 'a-1');
      assert.equal(v.version, 2);
      const held = await h.handle().executeUpdate(holdUpdate, { args: [actor] });
      assert.equal(held.state, 'on_hold');
      assert.equal(stubs.projections.at(-1)!.version, 3, 'the version goes on counting across runs');
    }, { continueAsNewAfterEvents: 30 });
  });

  it('issue 23: a run that starts with messages in its outbox sends them, once each and in order', async () => {
    // The resilience test's late reply: an agent's message written while the run waited to continue as new started a
    // send, and the hand-over went ahead with it in flight. The next run held the message in its outbox and sent it
    // only with a later outbound text (never, if it was the last). The run now waits for a send in flight before it
    // continues as new, and a run that starts with an outbox (as before the patch) sends it (patch
    // continue-as-new-after-sends).
    const stubs = new Stubs();
    await withWorkflow(stubs, async (h) => {
      await h.text();
      const v = await h.viewWhen('the outbox sent', (x) => x.outbox.length === 0);
      assert.deepEqual(stubs.sent, ['m-1', 'm-2']);
      assert.deepEqual([v.state, v.assignedAgentId, v.runs], ['work_in_progress', 'a-1', 1]);
    }, {}, { ...initialSnapshot(), interactionId: 'i-1', state: 'work_in_progress', queueId: 'q', assignedAgentId: 'a-1', outbox: ['m-1', 'm-2'], runs: 1, version: 2 });
  });

  it('a burst of decisions over a slow projection costs one write for the newest, and every command still answers', async () => {
    const stubs = new Stubs();
    const slow = gate();
    stubs.projectDelay = async (p) => {
      if (p.version === 3) await slow.promise;
    };
    await withWorkflow(stubs, async (h) => {
      const actor = await acceptedBy(stubs, h, 'a-1');
      const hold = h.handle().executeUpdate(holdUpdate, { args: [actor] }); // v3: its write is held
      await eventually('the hold decided', async () => (await h.view()).version === 3);
      const resume = h.handle().executeUpdate(resumeUpdate, { args: [actor] }); // v4
      await eventually('the resume decided', async () => (await h.view()).version === 4);
      const holdAgain = h.handle().executeUpdate(holdUpdate, { args: [actor] }); // v5 replaces v4, unwritten
      await eventually('the second hold decided', async () => (await h.view()).version === 5);
      slow.open();
      assert.deepEqual(await Promise.all([hold, resume, holdAgain]), [{ state: 'on_hold' }, { state: 'on_hold' }, { state: 'on_hold' }]);
      // A held local activity may time out and run again (the same version: idempotent); v4 is never written.
      const written = [...new Map(stubs.projections.map((p) => [p.version, p.state])).entries()];
      assert.deepEqual(written, [[2, 'work_in_progress'], [3, 'on_hold'], [5, 'on_hold']]);
    });
  });

  it('an agent message refused after it was stored (the conversation ended meanwhile) is canceled, never sent', async () => {
    const stubs = new Stubs();
    const slowRecord = gate();
    await withWorkflow(stubs, async (h) => {
      const actor = await acceptedBy(stubs, h, 'a-1');
      stubs.recordDelay = () => slowRecord.promise;
      // Its refusal may come before the End's answer: caught from the start, so it is never an unhandled rejection.
      const message = h.handle().executeUpdate(agentMessageUpdate, { args: [{ ...actor, body: 'one more thing' }] }).then(() => null, (err: Error) => err);
      await eventually('the message being stored', async () => stubs.recorded.length === 1);
      await sleep(2_500);
      const end = h.handle().executeUpdate(endUpdate, { args: [{ ...actor, outcome: 'complete' }] });
      await h.viewWhen('closed while the message is being stored', (x) => x.state === 'closed_complete');
      slowRecord.open();
      assert.equal((await end).state, 'closed_complete');
      const refused = await message;
      assert.ok(refused, 'the message update is refused');
      assert.match((refused.cause as Error | undefined)?.message ?? '', /closed complete/);
      assert.deepEqual(stubs.canceled, stubs.recorded);
      assert.deepEqual(stubs.sent, []);
    });
  });

  it('local activities that finish out of order (a text taken while an agent message is stored) still replay', async () => {
    // Live, local-activity results arrive in completion order; on replay, in the order they were scheduled. A
    // workflow that lets two overlap diverges on replay (a worker restart) when the later one finishes first: the
    // workflow runs one local activity at a time, so both orders are the same.
    const stubs = new Stubs();
    // A messaging-action timer armed, as in every live conversation (SPEC §7): each decision moves it.
    stubs.armed = [{ id: 'abandon', event: 'agent_message_without_requester_response', durationMs: 2 * 86_400_000 }];
    let history: Awaited<ReturnType<ReturnType<Harness['handle']>['fetchHistory']>> | undefined;
    let workflowId = '';
    await withWorkflow(stubs, async (h) => {
      const actor = await acceptedBy(stubs, h, 'a-1');
      stubs.recordDelay = () => sleep(300);
      stubs.recordDelay = () => sleep(400);
      stubs.takeInAnswers.push(async (i) => {
        await sleep(100);
        return claimed(1)(i);
      });
      // Both in one workflow task: the message is stored first (slow), the text taken in second (fast).
      await Promise.all([h.text(), h.handle().executeUpdate(agentMessageUpdate, { args: [{ ...actor, body: 'checking' }] })]);
      await eventually('the text taken in', async () => stubs.takeIns.length === 2);
      await h.handle().executeUpdate(endUpdate, { args: [{ ...actor, outcome: 'complete' }] });
      await h.handle().result();
      workflowId = h.handle().workflowId;
      history = await h.handle().fetchHistory();
    });
    await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath } }, history!, workflowId);
  });

  // Issue 22: a run that has decided to finish (its interaction closed) still drains: the closing text is being sent,
  // a projection written. Anything accepted in that window must either keep the run alive or be refused, never be
  // accepted and then dropped when the run completes.
  describe('the window while a closed conversation drains', () => {
    /** An accepted conversation ended by its agent, whose "conversation closed" text is held at the provider. */
    async function endedWithClosingTextHeld(stubs: Stubs, h: Harness) {
      const actor = await acceptedBy(stubs, h, 'a-1');
      const held = gate();
      stubs.systemTextsRecorded = true;
      const known = new Set(stubs.recorded);
      stubs.sendGate = { messageId: (id) => !known.has(id), promise: held.promise };
      const firstRun = (await h.handle().describe()).runId;
      assert.equal((await h.handle().executeUpdate(endUpdate, { args: [{ ...actor, outcome: 'complete' }] })).state, 'closed_complete');
      await h.viewWhen('the closing text waiting at the provider', (x) => x.state === 'closed_complete' && x.outbox.length === 1);
      return { actor, release: held.open, firstRun };
    }

    // Version 0 (a run started before versions) asks patched() and writes its marker; the current version has the
    // patch in without asking (issue 26). Both serve the composed interaction.
    for (const version of [0, WORKFLOW_VERSION]) {
      it(`RI-6 a compose accepted while the closing text is sent keeps the run: the new interaction is served, not orphaned (version ${version})`, async () => {
        const stubs = new Stubs();
        await withWorkflow(stubs, async (h) => {
          const { release, firstRun } = await endedWithClosingTextHeld(stubs, h);
          const composed = await h.handle().executeUpdate(composeUpdate, { args: [{ agentId: 'a-2', body: 'one more thing' }] });
          assert.equal(composed.outcome, 'created');
          assert.notEqual(composed.interactionId, 'i-1');
          release();
          const v = await h.viewWhen('both texts sent', (x) => x.outbox.length === 0);
          assert.equal(v.interactionId, composed.interactionId);
          assert.equal(v.state, 'work_in_progress');
          assert.equal(v.assignedAgentId, 'a-2');
          await sleep(1_500);
          const d = await h.handle().describe();
          assert.equal(d.status.name, 'RUNNING', 'the run that owns the composed interaction is still running');
          assert.equal(d.runId, firstRun);
          // The composed interaction takes commands and ends like any other; then the run completes closed.
          const ended = await h.handle().executeUpdate(endUpdate, { args: [{ interactionId: composed.interactionId, agentId: 'a-2', outcome: 'complete' }] });
          assert.equal(ended.state, 'closed_complete');
          stubs.sendGate = null;
          assert.deepEqual(await h.handle().result(), { interactionId: composed.interactionId, state: 'closed_complete' });
          // The run took the new branch (a version-0 run's patch marker is in the history; a current one has none),
          // and that history replays.
          const history = await h.handle().fetchHistory();
          const marker = JSON.stringify(history).includes(Buffer.from(JSON.stringify({ id: SERVE_COMPOSED_WHILE_DRAINING, deprecated: false })).toString('base64').slice(0, 24));
          assert.equal(marker, version === 0, 'the patch marker only in a version-0 run');
          await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath } }, history, h.handle().workflowId);
          if (process.env.SAVE_HISTORY_DIR && version === WORKFLOW_VERSION) {
            // Saved like capture-histories.ts's: rename it with the next set's prefix (v8-, v12-, …).
            fs.writeFileSync(path.join(process.env.SAVE_HISTORY_DIR, 'drain-window-run-1.json'), `${JSON.stringify({ workflowId: h.handle().workflowId, history }, null, 1)}\n`);
          }
        }, {}, undefined, version);
      });
    }

    it('RI-6 a text that arrives while the closing text is sent opens the next interaction in a new run', async () => {
      const stubs = new Stubs();
      await withWorkflow(stubs, async (h) => {
        const { release, firstRun } = await endedWithClosingTextHeld(stubs, h);
        stubs.takeInAnswers.push(opened('i-2'));
        await h.text();
        await sleep(500);
        release();
        const v = await h.viewWhen('the next interaction', (x) => x.interactionId === 'i-2');
        assert.equal(v.state, 'queued');
        assert.notEqual((await h.handle().describe()).runId, firstRun, 'a fresh run under the same workflow id');
      });
    });

    it('agent commands for the ended interaction in that window are refused, and the run completes closed', async () => {
      const stubs = new Stubs();
      await withWorkflow(stubs, async (h) => {
        const { actor, release } = await endedWithClosingTextHeld(stubs, h);
        const refused = (err: Error) => /closed complete|ended/.test((err.cause as Error | undefined)?.message ?? '');
        await assert.rejects(h.handle().executeUpdate(holdUpdate, { args: [actor] }), refused);
        await assert.rejects(h.handle().executeUpdate(agentMessageUpdate, { args: [{ ...actor, body: 'too late' }] }), refused);
        release();
        assert.deepEqual(await h.handle().result(), { interactionId: 'i-1', state: 'closed_complete' });
      });
    });
  });
});
