import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { OpenWorkItemRow, OrphanRow } from '../domain/adoption';
import { ALL_KEYWORDS, type Keyword } from '../domain/opt-out';
import { resolveRequester } from '../profiles/messaging-profiles';
import { candidateUsers, type RequesterDirectory } from '../profiles/requester-directory';
import { handleKeywords, type KeywordCandidate } from '../sms/consent';
import { CHANGES_CHANNEL } from '../realtime/pg-change-events';
import { normalise } from '../virtual-agent/steps/step-type';
import type { ActivityDeps } from './deps';

export interface TakeInInput {
  workflowId: string;
  runId: string;
  companyNumber: string;
  requesterNumber: string;
  interactionId: string | null;
}

/** Facts, never a state: the workflow decides what they mean (src/domain/interaction-decider.ts). */
export interface TakeInFacts {
  /** The interaction the texts were claimed into: this run's, or the one just opened; null when nothing was opened. */
  interactionId: string | null;
  opened: boolean;
  taken: number;
  /** The company number's queue (for a new conversation's routing decision). */
  queueId: string | null;
  /** SPEC §9: the opt-out keywords among the texts taken, in order, that were handled (not fed to the VA or agent). */
  keywords: Keyword[];
  /** The pair's consent after them. */
  optedOut: boolean;
  /** For a new conversation: RI-2, whether the virtual agent answers first. */
  liveAgentOnly?: boolean;
  /** RI-9/VA-13: the number keeps its requesters with the virtual agent (set only when true). */
  virtualAgentOnly?: boolean;
  /**
   * INT-5: the last text taken into an open interaction is the virtual agent's end command `bye`. Present (true or
   * false) in every take-in into an open interaction since INT-5: older recorded results lack it, and the decider
   * keeps their behaviour (STOP or `bye` while queued did not close).
   */
  saidBye?: boolean;
  /** Issue 22: the run had no interaction and took over the pair's open one that no run owned. */
  adopted?: { interaction: OrphanRow; workItem: OpenWorkItemRow | null };
}

/**
 * Claims every stored inbound message of the pair that no interaction holds yet, in order of receipt, and creates the
 * interaction (state `new`) when this run has none; where it goes next is the workflow's decision. The claim is the
 * workflow's confirmation: the ingress sweeper re-signals only unclaimed messages, and a message can be claimed once,
 * so duplicate or late signals cannot duplicate a message. One statement either way (the hot path).
 */
export function createTakeIn({ db, metrics, requesterDirectory }: ActivityDeps) {
  return async function takeIn(input: TakeInInput): Promise<TakeInFacts> {
    const facts = input.interactionId ? await claimInto(db, { ...input, interactionId: input.interactionId }) : await openInteraction(db, input, requesterDirectory);
    metrics?.textsTakenIn.inc(facts.taken);
    return facts;
  };
}

// Plain FOR UPDATE in both statements, never SKIP LOCKED (see claimInto).
//
// Each statement also queues one notification, delivered on commit: with what it took, an `interaction` change for
// the Workspace that lists the claimed ids (up to CLAIMED_IDS_LISTED; `null` beyond), else a bare `claimed`. The
// api's wake coalescer paces each conversation's signals on these, and drops texts a claim already took: they need
// no signal of their own. One round trip per claim, inside the workflow task.
export const CLAIMED_IDS_LISTED = 100;
const NOTIFY_CLAIMED = (interactionIdSql: string) => `pg_notify('${CHANGES_CHANNEL}', (
         case when exists (select 1 from claimed)
           then json_build_object('type', 'interaction', 'id', ${interactionIdSql}, 'workflowId', :workflowId::text,
                  'claimed', case when (select count(*) from claimed) <= ${CLAIMED_IDS_LISTED} then (select json_agg(id) from claimed) end)
           else json_build_object('type', 'claimed', 'workflowId', :workflowId::text)
         end)::text)`;
// SPEC §9 in the same statement: the texts just claimed that are a whole-message keyword (few, usually none) and the
// pair's consent; handleKeywords applies them only when there are any.
const KEYWORD_LIST = ALL_KEYWORDS.map((k) => `'${k}'`).join(', ');
const CONSENT_FACTS = `(select coalesce(json_agg(json_build_object('id', id, 'word', upper(btrim(body))) order by seq), '[]'::json)
               from claimed where upper(btrim(body)) in (${KEYWORD_LIST})) as keyword_candidates,
            coalesce((select opted_out from consents where company_number = :company and requester_number = :requester), false) as opted_out`;

/**
 * A new conversation in ONE statement (data-modifying CTEs are atomic): the interaction and the claim, with the facts
 * SPEC §1 needs to say who is texting. It runs inside the workflow's first task, so every round trip saved is time
 * that task is not holding a poller (the hot path of the ingest benchmark). Idempotent per run: a retry after the
 * statement committed (the worker died before the workflow heard back) finds the run's interaction and claims into it.
 */
async function openInteraction(db: Knex, input: TakeInInput, directory: RequesterDirectory | undefined): Promise<TakeInFacts> {
  const interactionId = randomUUID();
  const { rows } = await db.raw(
    `with existing as (
       -- This run's interaction (a retry), else an open one of the pair that no run owns: only one run of a pair's
       -- workflow runs at a time, so a new run that finds one open found it orphaned by a run that ended (issue 22).
       select id, queue_id, requester_profile_id, run_id = :runId as own, state, assigned_agent_id, projection_version
         from interactions
        where (workflow_id = :workflowId and run_id = :runId)
           or (company_number = :company and requester_number = :requester and state not in ('closed_complete', 'closed_abandoned'))
        order by run_id = :runId desc
        limit 1
     ), pending as (
       select id, created_at from messages
        where company_number = :company and requester_number = :requester and direction = 'inbound' and interaction_id is null
        order by seq for update
     ), company as (
       select queue_id, live_agent_only, virtual_agent_only from company_numbers where number = :company
     ), opened as (
       insert into interactions (id, workflow_id, run_id, company_number, requester_number, queue_id,
                                 last_inbound_at, last_message_at, unread_count)
       select :id, :workflowId, :runId, :company, :requester, company.queue_id,
              (select max(created_at) from pending), (select max(created_at) from pending), (select count(*) from pending)
         from company where exists (select 1 from pending) and not exists (select 1 from existing)
       returning id, queue_id
     ), target as (
       select id, queue_id from opened union all select id, queue_id from existing
     ), claimed as (
       update messages set interaction_id = (select id from target), taken_at = clock_timestamp(), updated_at = now()
        where id in (select id from pending) and exists (select 1 from target)
       returning id, seq, body
     ), notified as (
       select ${NOTIFY_CLAIMED('(select id from target)')}
     )
     select (select id from target) as interaction_id, (select queue_id from target) as queue_id,
            (select count(*) from claimed)::int as taken, (select count(*) from notified) as notified,
            (select live_agent_only from company) as live_agent_only, (select virtual_agent_only from company) as virtual_agent_only, ${CONSENT_FACTS},
            exists (select 1 from existing where requester_profile_id is not null) as resolved,
            (select json_build_object('state', state, 'assignedAgentId', assigned_agent_id, 'projectionVersion', projection_version)
               from existing where not own) as orphan,
            (select coalesce(json_agg(id order by id), '[]'::json) from users where mobile_phone = :requester and active) as user_ids,
            (select json_build_object('id', id, 'userId', user_id) from messaging_profiles where phone_number = :requester and active) as profile`,
    { id: interactionId, workflowId: input.workflowId, runId: input.runId, company: input.companyNumber, requester: input.requesterNumber },
  );
  const r = rows[0];
  if (!r.interaction_id) return { interactionId: null, opened: false, taken: 0, queueId: null, keywords: [], optedOut: r.opted_out };
  if (r.orphan) {
    const consent = await handleKeywords(db, input.companyNumber, input.requesterNumber, r.keyword_candidates as KeywordCandidate[], r.opted_out);
    const adopted = { interaction: { interactionId: r.interaction_id, queueId: r.queue_id, ...r.orphan }, workItem: await openWorkItemOf(db, r.interaction_id) };
    return { interactionId: r.interaction_id, opened: false, taken: r.taken, queueId: r.queue_id, adopted, ...consent };
  }
  // SPEC §1: who is texting, decided once when the conversation opens (one more statement, usually). PROF-11: a
  // configured directory names the candidates in place of the mobile-phone match read above.
  if (!r.resolved) {
    const userIds = await candidateUsers(directory, input.requesterNumber, async () => r.user_ids);
    await resolveRequester(db, r.interaction_id, input.requesterNumber, { userIds, profile: r.profile });
  }
  const consent = await handleKeywords(db, input.companyNumber, input.requesterNumber, r.keyword_candidates as KeywordCandidate[], r.opted_out);
  return {
    interactionId: r.interaction_id, opened: true, taken: r.taken, queueId: r.queue_id, liveAgentOnly: r.live_agent_only,
    ...(r.virtual_agent_only ? { virtualAgentOnly: true } : {}), ...consent,
  };
}

// Plain FOR UPDATE, never SKIP LOCKED: only this pair's workflow claims its messages, and a row held for a moment by
// another writer (the api recording that it signalled) must be waited for, not skipped and stranded.
async function claimInto(db: Knex, input: TakeInInput & { interactionId: string }): Promise<TakeInFacts> {
  const { workflowId, interactionId, companyNumber, requesterNumber } = input;
  // Only into an open interaction (RI-6): texts a closed one cannot take stay unclaimed for the next interaction.
  const { rows } = await db.raw(
    `with interaction as (
       select id, company_number, requester_number, queue_id from interactions
        where id = :id and state not in ('closed_complete', 'closed_abandoned')
     ), claimed as (
       update messages set interaction_id = :id, taken_at = clock_timestamp(), updated_at = now()
        where id in (select m.id from messages m join interaction i
                       on m.company_number = i.company_number and m.requester_number = i.requester_number
                      where m.direction = 'inbound' and m.interaction_id is null
                      order by m.seq for update of m)
       returning id, created_at, seq, body
     ), touched as (
       update interactions set updated_at = now(),
              last_inbound_at = (select max(created_at) from claimed), last_message_at = (select max(created_at) from claimed),
              unread_count = unread_count + (select count(*) from claimed)
        where id = :id and exists (select 1 from claimed)
     ), notified as (
       select ${NOTIFY_CLAIMED(':id::uuid')}
     )
     select (select queue_id from interaction) as queue_id, (select count(*) from claimed)::int as taken,
            (select body from claimed order by seq desc limit 1) as last_body,
            (select count(*) from notified) as notified, ${CONSENT_FACTS}`,
    { id: interactionId, workflowId, company: companyNumber, requester: requesterNumber },
  );
  const r = rows[0];
  const consent = await handleKeywords(db, companyNumber, requesterNumber, r.keyword_candidates as KeywordCandidate[], r.opted_out);
  const saidBye = typeof r.last_body === 'string' && normalise(r.last_body) === 'bye';
  return { interactionId, opened: false, taken: r.taken, queueId: r.queue_id, ...consent, saidBye };
}

/** The interaction's open work item, as adopting it needs it (issue 22; rare, so a statement of its own). */
async function openWorkItemOf(db: Knex, interactionId: string): Promise<OpenWorkItemRow | null> {
  const w = await db('work_items').where({ interaction_id: interactionId }).whereIn('state', ['queued', 'offered']).orderBy('created_at', 'desc').first();
  if (!w) return null;
  return {
    workItemId: w.id, state: w.state, offerId: w.offer_id ?? null, offeredAgentId: w.offered_agent_id ?? null,
    offerExpiresAt: (w.offer_expires_at as Date | null)?.getTime() ?? null,
  };
}
