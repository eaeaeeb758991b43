import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  composeOutcome, deadlines, decide, initialSnapshot, liveView, RejectedCommand, validate, type Effect, type DecisionEvent, type Projection,
} from '../domain/interaction-decider';
import { isClosed } from '../domain/interaction-state';
import { SA } from '../domain/search-attributes';
import {
  agentMessageUpdate, assignedSignal, assignUpdate, composeUpdate, endUpdate, holdUpdate, inboundSignal, offeredSignal, offerReturnedSignal,
  liveQuery, manualAssignUpdate, reassignUpdate, resumeUpdate, transferUpdate, viewQuery, type InteractionInput, type InteractionResult, type InteractionSnapshot, type PublishedAttributes,
} from './definitions';
import { legacyInteractionWorkflowV2 } from './legacy/interaction-v2';
import { since, WORKFLOW_VERSION } from './versions';

// The patches below are all in for runs of version 1 or later (src/workflows/versions.ts): only version-0 runs call
// `patched()`, in the same places as before, so their histories replay unchanged. New behaviour never adds a patch:
// it bumps WORKFLOW_VERSION and is gated on `since(input, N)`.

/** Runs whose history started before the one decider replay and finish on the code they began with. */
export const ONE_DECIDER = 'one-decider';

/**
 * Runs from this version on call one local activity at a time. Live, the results of overlapping local activities
 * arrive in the order they finish; on replay (a worker restart, a cache eviction), in the order they were scheduled.
 * When a later one finished first — a text taken in while an agent's message was being stored — the replay took a
 * different path and the run failed with a nondeterminism error (test/workflow: "local activities that finish out of
 * order"). One at a time, both orders are the same.
 */
export const SERIAL_LOCAL_ACTIVITIES = 'serial-local-activities';

/**
 * Runs from this version keep running when a compose opens a new interaction while the closed one drains (issue 22);
 * before, the run completed and the composed interaction was left with no workflow. Evaluated only on that path, so
 * no other history carries its marker.
 */
export const SERVE_COMPOSED_WHILE_DRAINING = 'serve-composed-while-draining';

/**
 * Runs from this version on continue as new only once no send is in flight, and a run that starts with messages in
 * its outbox sends them. Before, an agent's message written while the run waited to continue started a send that the
 * hand-over abandoned: the message stayed in the next run's outbox, unsent until some later outbound text started the
 * outbox again (never, if it was the conversation's last). Issue 23: resilience.test.ts's continue-as-new test.
 */
export const CAN_AFTER_SENDS = 'continue-as-new-after-sends';

// Short PostgreSQL writes run as local activities: one marker event each instead of three, and no extra task.
const localDb = wf.proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '5s' },
});
const routing = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '10s' },
});
// The virtual agent: a few tries, then VA-10 (an unrecoverable error hands the conversation to a person).
const virtualAgent = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '5s', maximumAttempts: 3 },
});
// Side effects no decision waits for (a Workspace notification): a few tries, then on without them.
const localBestEffort = wf.proxyLocalActivities<Activities>({ startToCloseTimeout: '10s', retry: { maximumAttempts: 3 } });

/** The same activities, each call starting only once the previous local activity of this run has finished. */
function oneAtATime(proxy: Activities, lane: { tail: Promise<unknown> }): Activities {
  return new Proxy(proxy, {
    get(target, name) {
      const fn = target[name as keyof Activities] as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => {
        const call = lane.tail.then(() => fn(...args));
        lane.tail = call.catch(() => undefined);
        return call;
      };
    },
  });
}
// Provider sends: heartbeat-checked so a killed worker's attempt is retried within seconds, not minutes.
const provider = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: ['ProviderRejected'] },
});

/**
 * One SMS conversation. Its state changes only in `decide` (src/domain/interaction-decider.ts): this function feeds
 * it signals, updates, timers and the facts activities report, and runs the commands it returns.
 */
export async function interactionWorkflow(input: InteractionInput): Promise<InteractionResult> {
  /** A patch every run of version 1 has; a version-0 run asks its history (and a new version-0 run writes a marker). */
  const patched = (patchId: string) => since(input, 1) || wf.patched(patchId);
  if (!patched(ONE_DECIDER)) {
    // The legacy copy continues as new with the input it was given: its next run (a new history, on this code) is
    // to start at the current version like any other continuation.
    return legacyInteractionWorkflowV2({ ...input, version: WORKFLOW_VERSION });
  }
  const lane = { tail: Promise.resolve() as Promise<unknown> };
  const serial = patched(SERIAL_LOCAL_ACTIVITIES);
  const db = serial ? oneAtATime(localDb, lane) : localDb;
  const bestEffort = serial ? oneAtATime(localBestEffort, lane) : localBestEffort;

  let s: InteractionSnapshot = { ...initialSnapshot(), ...input.snapshot };
  const info = wf.workflowInfo();
  let wake = 0; // bumped by every decision so the main loop re-evaluates
  let published: PublishedAttributes | null = input.startSearchAttributes ?? null;

  const apply = (event: DecisionEvent): Effect[] => {
    const d = decide(s, event, { now: Date.now(), newId: () => wf.uuid4(), vaIdleCloseMs: input.settings.vaIdleCloseMs });
    if (d.snapshot !== s) {
      s = d.snapshot;
      wake++;
    }
    return d.effects;
  };

  // The read model: written in version order by one coroutine; a burst of decisions costs one write, not one each.
  let written = s.version ?? 0;
  let pending: Projection | null = null;
  let projecting = false;
  const projector = async () => {
    projecting = true;
    try {
      while (pending) {
        const p: Projection = pending;
        pending = null;
        if (p.version <= written) continue;
        await db.project(p);
        written = Math.max(written, p.version);
      }
    } finally {
      projecting = false;
      wake++;
    }
  };
  const projected = (version: number) => wf.condition(() => written >= version);

  // Outbound messages leave one at a time, in the order agents wrote them, without blocking inbound handling.
  let sending = false;
  const drainOutbox = async () => {
    sending = true;
    try {
      while (s.outbox.length > 0) {
        const messageId = s.outbox[0];
        try {
          const { retryInMs } = await provider.sendOutbound({ messageId, mayDefer: true });
          if (retryInMs !== undefined) {
            // SPEC §9: the company number's sending rate is used up; ask again then (a durable timer, no worker slot).
            await wf.sleep(Math.max(1, retryInMs));
            continue;
          }
        } catch (err) {
          // Retries are exhausted or the provider refused for good; the activity recorded the failure on the
          // message for the agent to see. The conversation itself goes on.
          if (!(err instanceof wf.ActivityFailure)) throw err;
          wf.log.warn('outbound message not sent', { messageId, error: err.cause?.message });
        }
        await run(apply({ type: 'sent', messageId }));
      }
    } finally {
      sending = false;
      wake++;
    }
  };

  async function run(commands: Effect[]): Promise<void> {
    for (const c of commands) {
      switch (c.type) {
        case 'project':
          if (!pending || c.projection.version > pending.version) pending = c.projection;
          if (!projecting) void projector();
          break;
        case 'enqueue': {
          const { type: _t, ...input } = c;
          const enqueued = await db.enqueue({ workflowId: info.workflowId, ...input });
          written = Math.max(written, c.projection.version);
          await run(apply({ type: 'enqueued', ...enqueued }));
          break;
        }
        case 'assign_direct': {
          const { type: _t, ...input } = c;
          await routing.assignDirect(input);
          written = Math.max(written, c.projection.version);
          break;
        }
        case 'offer_direct': {
          // Only a manual_assign with an offer (which no history before it carries) decides this: no patch needed.
          const { type: _t, ...input } = c;
          await routing.offerDirect({ workflowId: info.workflowId, ...input });
          written = Math.max(written, c.projection.version);
          break;
        }
        case 'routing_event':
          await db.recordRoutingEvent({ interactionId: s.interactionId!, type: c.event, agentId: c.agentId, detail: c.detail });
          break;
        case 'run_va': {
          let turn;
          try {
            turn = await virtualAgent.runVirtualAgent({ interactionId: s.interactionId!, session: c.session, ...(c.start ? { start: c.start } : {}) });
          } catch (err) {
            if (!(err instanceof wf.ActivityFailure)) throw err;
            await run(apply({ type: 'va_failed' })); // VA-10: an unrecoverable error hands off to a person
            break;
          }
          await run(apply({ type: 'va_turn', ...turn }));
          break;
        }
        case 'system_text': {
          const { recorded, holdUntil } = await db.recordSystemText({
            interactionId: s.interactionId!, key: c.key, messageId: c.messageId, agentId: c.agentId, body: c.body,
            ...(c.estimatedWaitSeconds !== undefined ? { estimatedWaitSeconds: c.estimatedWaitSeconds } : {}),
          });
          if (recorded) await run(apply({ type: 'outbound_recorded', messageId: c.messageId, key: c.key, holdUntil }));
          break;
        }
        case 'arm_messaging_actions':
          await run(apply({ type: 'ma_armed', actions: await db.armedMessagingActions() }));
          break;
        case 'evaluate_messaging_actions': {
          const evaluated = await db.evaluateMessagingActions({ interactionId: s.interactionId!, due: c.due });
          await run(apply({ type: 'ma_evaluated', ...evaluated }));
          break;
        }
        case 'notify_agent':
          // MA-11: a notification that cannot be delivered stops no other action.
          await bestEffort.notifyAgent({ interactionId: s.interactionId!, agentId: c.agentId, text: c.text }).catch((err) => {
            wf.log.warn('messaging action could not prompt the agent', { error: (err as Error).message });
          });
          break;
        case 'cancel_outbound':
          await db.cancelOutbound({ messageId: c.messageId, reason: c.reason });
          break;
        case 'note':
          await db.recordNote({ interactionId: s.interactionId!, note: c.note, agentId: c.agentId, noteId: wf.uuid4() });
          break;
        case 'close':
          await routing.close({ projection: c.projection });
          written = Math.max(written, c.projection.version);
          break;
        case 'leave_queue':
          // VA-14: only a wait trigger naming a topic (which no history before it carries) decides this.
          await routing.leaveQueue({ projection: c.projection });
          written = Math.max(written, c.projection.version);
          break;
        case 'expire_offer': {
          const after = await routing.expireOffer({ workItemId: c.offer.workItemId, offerId: c.offer.offerId });
          await run(apply({ type: 'offer_settled', offer: c.offer, after }));
          break;
        }
        case 'send':
          if (!sending) void drainOutbox();
          break;
        case 'open_composed':
          await db.openComposed({
            workflowId: info.workflowId, runId: info.runId, companyNumber: input.companyNumber, requesterNumber: input.requesterNumber,
            agentId: c.agentId, forUserId: c.forUserId, replaceProfile: c.replaceProfile, messageId: c.messageId, body: c.body, projection: c.projection,
          });
          written = Math.max(written, c.projection.version);
          break;
        case 'join':
          await db.joinComposed({ interactionId: c.interactionId, agentId: c.agentId, messageId: c.messageId, body: c.body });
          break;
      }
    }
  }

  /** Runs an agent's command and answers once the read model shows it (the agent reads their own write). */
  const command = (event: DecisionEvent) =>
    refusable(async () => {
      await run(apply(event));
      await projected(s.version ?? 0);
      return { state: s.state };
    });

  wf.setHandler(inboundSignal, () => void run(apply({ type: 'inbound_signalled' })));
  wf.setHandler(offeredSignal, (offer) => void run(apply({ type: 'offered', offer })));
  wf.setHandler(offerReturnedSignal, (p) => void run(apply({ type: 'offer_returned', ...p })));
  wf.setHandler(assignedSignal, (p) => void run(apply({ type: 'assigned', ...p })));
  wf.setHandler(assignUpdate, (p) => command({ type: 'assigned', ...p }));
  wf.setHandler(viewQuery, () => ({ ...s, companyNumber: input.companyNumber, requesterNumber: input.requesterNumber }));
  wf.setHandler(liveQuery, () => liveView(s, { vaIdleCloseMs: input.settings.vaIdleCloseMs }));

  wf.setHandler(
    agentMessageUpdate,
    ({ body, ...actor }) =>
      refusable(async () => {
        const messageId = wf.uuid4();
        await db.recordOutbound({ messageId, interactionId: s.interactionId!, body, authorId: actor.agentId });
        // Decided after the await, on the interaction as it is now. A message refused meanwhile (the conversation
        // ended) is marked canceled, so the transcript never shows it waiting to go.
        let commands: Effect[];
        try {
          commands = apply({ type: 'agent_message', actor, messageId });
        } catch (err) {
          if (err instanceof RejectedCommand) await db.cancelOutbound({ messageId, reason: err.message });
          throw err;
        }
        await run(commands);
        return { messageId };
      }),
    { validator: ({ body: _body, ...actor }) => validate(s, { type: 'agent_message', actor, messageId: '' }) },
  );
  for (const [update, type] of [[holdUpdate, 'hold'], [resumeUpdate, 'resume']] as const) {
    wf.setHandler(update, (actor) => command({ type, actor }), { validator: (actor) => validate(s, { type, actor }) });
  }
  wf.setHandler(endUpdate, ({ outcome, ...actor }) => command({ type: 'end', actor, outcome }), {
    validator: ({ outcome, ...actor }) => validate(s, { type: 'end', actor, outcome }),
  });
  // Issue 16: transfer (TRF-1…3), manual assignment (MAN-1) and reassign (RSN-4), validated by the decider.
  wf.setHandler(transferUpdate, ({ toQueueId, toAgentId, note, ...actor }) => command({ type: 'transfer', actor, toQueueId, toAgentId, note }), {
    validator: ({ toQueueId, toAgentId, note, ...actor }) => validate(s, { type: 'transfer', actor, toQueueId, toAgentId, note }),
  });
  wf.setHandler(manualAssignUpdate, ({ toAgentId, offer, ...actor }) => command({ type: 'manual_assign', actor, toAgentId, offer }), {
    validator: ({ toAgentId, offer, ...actor }) => validate(s, { type: 'manual_assign', actor, toAgentId, offer }),
  });
  wf.setHandler(reassignUpdate, ({ reason, ...actor }) => command({ type: 'reassign', actor, reason }), {
    validator: ({ reason, ...actor }) => validate(s, { type: 'reassign', actor, reason }),
  });

  // A compose and a take-in never overlap: either could be the one that opens this run's interaction.
  let takingIn = false;
  let composing = 0;
  wf.setHandler(composeUpdate, ({ agentId, body, forUserId = null }) =>
    refusable(async () => {
      composing++;
      try {
        await wf.condition(() => !takingIn);
        const open = s.interactionId !== null && !isClosed(s.state);
        const { requesterUserId } = open ? await db.requesterOf({ interactionId: s.interactionId! }) : { requesterUserId: null };
        const outcome = composeOutcome(s, { forUserId, requesterUserId });
        const messageId = wf.uuid4();
        await run(apply({ type: 'compose', agentId, forUserId, messageId, body, requesterUserId }));
        await projected(s.version ?? 0);
        return { interactionId: s.interactionId!, outcome, messageId };
      } finally {
        composing--;
        wake++;
      }
    }),
  );

  const publish = () => {
    const now = { state: s.state, agent: s.assignedAgentId, queue: s.queueId };
    if (published && published.state === now.state && published.agent === now.agent && published.queue === now.queue) {
      return;
    }
    wf.upsertSearchAttributes([
      { key: SA.InteractionState, value: now.state },
      { key: SA.AssignedAgentId, value: now.agent ?? null },
      { key: SA.QueueId, value: now.queue ?? null },
    ] as unknown as Parameters<typeof wf.upsertSearchAttributes>[0]);
    published = now;
  };
  const quiet = () => !sending && s.outbox.length === 0 && !projecting && pending === null;

  if (s.outbox.length > 0 && patched(CAN_AFTER_SENDS)) void drainOutbox();

  for (;;) {
    if (s.inboundPending && !isClosed(s.state) && composing === 0) {
      apply({ type: 'take_in_started' });
      takingIn = true;
      let facts;
      try {
        facts = await db.takeIn({
          workflowId: info.workflowId, runId: info.runId, companyNumber: input.companyNumber, requesterNumber: input.requesterNumber,
          interactionId: s.interactionId,
        });
      } finally {
        takingIn = false;
      }
      await run(apply({ type: 'taken_in', ...facts }));
    }
    // A duplicate wake-up for texts an earlier conversation already took: nothing to open (unless a compose is).
    if (s.interactionId === null && composing === 0 && !s.inboundPending) return { interactionId: null, state: s.state };
    if (s.interactionId !== null) publish();

    if (isClosed(s.state) && quiet()) {
      await wf.condition(() => wf.allHandlersFinished() && quiet());
      // Issue 22: while the run drained (the closing text, a projection), a compose may have opened the next
      // interaction in this run. It is served here: completing would leave it open with no workflow behind it.
      if (!isClosed(s.state) && patched(SERVE_COMPOSED_WHILE_DRAINING)) continue;
      if (s.inboundPending) {
        // RI-6: a text after the close starts a new interaction: a fresh run under the same workflow id.
        await wf.continueAsNew<typeof interactionWorkflow>({ ...input, version: WORKFLOW_VERSION, snapshot: undefined, startSearchAttributes: published ?? undefined });
      }
      return { interactionId: s.interactionId, state: s.state };
    }

    if (!sending && (wf.workflowInfo().continueAsNewSuggested || overTestLimit(input))) {
      const afterSends = patched(CAN_AFTER_SENDS); // a message written while waiting starts a send: wait for it
      await wf.condition(() => wf.allHandlersFinished() && !projecting && pending === null && !(afterSends && sending));
      // The next run is a new history on this code: it starts at the current version, whatever this run's was.
      await wf.continueAsNew<typeof interactionWorkflow>({ ...input, version: WORKFLOW_VERSION, snapshot: { ...s, runs: s.runs + 1 }, startSearchAttributes: published ?? undefined });
    }

    const seen = wake;
    const [next] = deadlines(s, { vaIdleCloseMs: input.settings.vaIdleCloseMs });
    if (!next) {
      await wf.condition(() => wake !== seen);
      continue;
    }
    const woke = await wf.condition(() => wake !== seen, Math.max(1, next.at - Date.now()));
    if (!woke) await run(apply({ type: 'deadline_reached', kind: next.kind }));
  }
}

/** A refusal decided inside an update handler fails that update (the api's 409), not the workflow task. */
async function refusable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RejectedCommand) throw wf.ApplicationFailure.nonRetryable(err.message, 'RejectedCommand');
    throw err;
  }
}

function overTestLimit(input: InteractionInput): boolean {
  const limit = input.settings.continueAsNewAfterEvents;
  return limit !== undefined && wf.workflowInfo().historyLength > limit;
}
