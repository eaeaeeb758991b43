import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { isClosed } from './interaction-state-v2';
import { SA } from './search-attributes-v2';
import {
  agentMessageUpdate, assignedSignal, endUpdate, holdUpdate, inboundSignal, offeredSignal, offerReturnedSignal,
  resumeUpdate, viewQuery, type InteractionInput, type InteractionResult, type InteractionSnapshot, type PublishedAttributes,
} from './definitions-v2';
import {
  apply, checkAgentMessage, checkTransition, initialSnapshot, nextDeadline, onAssigned, onOffered, onOfferReturned,
} from './interaction-core-v2';

// Short PostgreSQL writes run as local activities: one marker event each instead of three, and no extra task.
const db = wf.proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '5s' },
});
const routing = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', maximumInterval: '10s' },
});
// Provider sends: heartbeat-checked so a killed worker's attempt is retried within seconds, not minutes.
const provider = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '30s', nonRetryableErrorTypes: ['ProviderRejected'] },
});

// The interaction workflow as it was before the one decider (issue 11), frozen: runs whose history started on it
// replay and finish here (interaction.ts routes them by `patched()`); when they continue-as-new, the new run takes the
// current code. Change nothing here: saved v1/v2 histories must replay. It imports nothing live (only the SDK, the
// activities' types and the files vendored beside it).
/** The accept no longer writes the read model (one writer): a legacy run projects the assignment itself. */
export const LEGACY_PROJECTS_ASSIGNMENT = 'legacy-projects-assignment';

export async function legacyInteractionWorkflowV2(input: InteractionInput): Promise<InteractionResult> {
  const s: InteractionSnapshot = input.snapshot ?? initialSnapshot();
  const info = wf.workflowInfo();
  let wake = 0; // bumped by every signal/update so the main loop re-evaluates
  let sending = false;
  let published: PublishedAttributes | null = input.startSearchAttributes ?? null;

  wf.setHandler(inboundSignal, () => {
    s.inboundPending = true;
    wake++;
  });
  wf.setHandler(offeredSignal, (offer) => {
    if (onOffered(s, offer)) wake++;
  });
  wf.setHandler(offerReturnedSignal, ({ workItemId, offerId }) => {
    if (onOfferReturned(s, workItemId, offerId)) wake++;
  });
  const projectAssignment = () => {
    if (wf.patched(LEGACY_PROJECTS_ASSIGNMENT)) {
      void db.saveInteraction({ interactionId: s.interactionId!, state: s.state, assignedAgentId: s.assignedAgentId });
    }
  };
  wf.setHandler(assignedSignal, ({ workItemId, agentId }) => {
    if (onAssigned(s, workItemId, agentId)) {
      wake++;
      projectAssignment();
    }
  });
  wf.setHandler(viewQuery, () => ({ ...s, companyNumber: input.companyNumber, requesterNumber: input.requesterNumber }));

  wf.setHandler(
    agentMessageUpdate,
    async ({ agentId, body }) => {
      const messageId = wf.uuid4();
      await db.recordOutbound({ messageId, interactionId: s.interactionId!, body, authorId: agentId });
      s.outbox.push(messageId);
      wake++;
      return { messageId };
    },
    { validator: (a) => checkAgentMessage(s, a) },
  );
  for (const [update, type] of [[holdUpdate, 'hold'], [resumeUpdate, 'resume']] as const) {
    wf.setHandler(
      update,
      async () => {
        apply(s, { type });
        wake++;
        await db.saveInteraction({ interactionId: s.interactionId!, state: s.state });
        return { state: s.state };
      },
      { validator: (a) => checkTransition(s, a, { type }) },
    );
  }
  wf.setHandler(
    endUpdate,
    async ({ outcome }) => {
      apply(s, { type: 'end', outcome });
      s.offer = null;
      wake++;
      await routing.closeInteraction({ interactionId: s.interactionId!, state: s.state, reason: 'agent_ended' });
      return { state: s.state };
    },
    { validator: (a) => checkTransition(s, a, { type: 'end', outcome: a.outcome }) },
  );

  // Outbound messages leave one at a time, in the order agents wrote them, without blocking inbound handling.
  const drainOutbox = async () => {
    sending = true;
    try {
      while (s.outbox.length > 0) {
        try {
          await provider.sendOutbound({ messageId: s.outbox[0] });
        } catch (err) {
          // Retries are exhausted or the provider refused for good; the activity recorded the failure on the
          // message for the agent to see. The conversation itself goes on.
          if (!(err instanceof wf.ActivityFailure)) throw err;
          wf.log.warn('outbound message not sent', { messageId: s.outbox[0], error: err.cause?.message });
        }
        s.outbox.shift();
      }
    } finally {
      sending = false;
      wake++;
    }
  };

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

  for (;;) {
    if (s.inboundPending && !isClosed(s.state)) {
      s.inboundPending = false;
      const res = await db.takeInbound({
        workflowId: info.workflowId,
        runId: info.runId,
        companyNumber: input.companyNumber,
        requesterNumber: input.requesterNumber,
        interactionId: s.interactionId,
        currentState: s.state,
      });
      if (res.interactionId === null) {
        // A duplicate wake-up for messages an earlier conversation already took: nothing to open.
        if (s.interactionId === null) return { interactionId: null, state: s.state };
      } else {
        s.interactionId = res.interactionId;
        s.state = res.state;
        s.queueId = res.queueId;
        if (res.workItemId) s.workItemId = res.workItemId;
      }
    }
    if (s.interactionId !== null) publish();

    if (s.outbox.length > 0 && !sending) void drainOutbox();

    if (isClosed(s.state) && !sending && s.outbox.length === 0) {
      await wf.condition(wf.allHandlersFinished);
      if (s.inboundPending) {
        // RI-6: a text after the close starts a new interaction: a fresh run under the same workflow id.
        await wf.continueAsNew<typeof legacyInteractionWorkflowV2>({ ...input, snapshot: undefined, startSearchAttributes: published ?? undefined });
      }
      return { interactionId: s.interactionId, state: s.state };
    }

    if (!sending && (wf.workflowInfo().continueAsNewSuggested || overTestLimit(input))) {
      await wf.condition(wf.allHandlersFinished);
      await wf.continueAsNew<typeof legacyInteractionWorkflowV2>({ ...input, snapshot: { ...s, runs: s.runs + 1 }, startSearchAttributes: published ?? undefined });
    }

    const seen = wake;
    const deadline = nextDeadline(s);
    if (deadline === null) {
      await wf.condition(() => wake !== seen);
      continue;
    }
    const woke = await wf.condition(() => wake !== seen, Math.max(1, deadline.at - Date.now()));
    if (!woke && deadline.kind === 'offer_timeout' && s.offer) {
      const offer = s.offer;
      const after = await routing.expireOffer({ workItemId: offer.workItemId, offerId: offer.offerId });
      // The work item's row is the truth: it may have been accepted or re-offered meanwhile.
      if (s.offer === offer) {
        if (after.state === 'accepted' && after.agentId) {
          if (onAssigned(s, offer.workItemId, after.agentId)) projectAssignment();
        }
        else if (after.state === 'offered' && after.offer) {
          s.offer = null;
          onOffered(s, after.offer);
        } else onOfferReturned(s, offer.workItemId, offer.offerId);
      }
    }
  }
}

function overTestLimit(input: InteractionInput): boolean {
  const limit = input.settings.continueAsNewAfterEvents;
  return limit !== undefined && wf.workflowInfo().historyLength > limit;
}
