// Reads what the pure routing modules decide on: agents with their load per channel, and queues with their rules.
import type { Knex } from 'knex';
import { CAPACITY_STATES } from '../domain/interaction-state';
import { effectiveCapacity } from './capacity';
import type { Condition } from './condition';
import type { Pool } from './eligibility';
import type { AgentCandidate, AssignmentRule, PresenceStatus } from './rank-agents';
import type { Schedule } from './schedule';

const CAPACITY_STATE_LIST = CAPACITY_STATES.map((s) => `'${s}'`).join(',');

/**
 * CAP-5: per agent and channel, the sizes of items offered to them, of items they accepted whose assignment the
 * workflow has not projected yet (the newest item of a still-unassigned interaction), and of their assigned
 * interactions in a capacity state (on hold does not count, CAP-6).
 */
const LOADS_SQL = (oneAgent: boolean) => `
  with a as (
    select u.id, u.universal_capacity, u.sms_capacity, p.status, p.last_assigned_at
      from users u join agent_presence p on p.user_id = u.id
     where u.active ${oneAgent ? 'and u.id = :agentId' : ''}
  ),
  used as (
    select w.offered_agent_id as agent_id, w.channel_id, sum(w.size) as n
      from work_items w
     where w.state = 'offered' ${oneAgent ? 'and w.offered_agent_id = :agentId' : ''}
     group by 1, 2
    union all
    select w.offered_agent_id, w.channel_id, sum(w.size)
      from work_items w join interactions i on i.id = w.interaction_id
     where w.state = 'accepted' and i.assigned_agent_id is null and i.state not in ('closed_complete', 'closed_abandoned')
       and not exists (select 1 from work_items w2 where w2.interaction_id = w.interaction_id and w2.created_at > w.created_at)
       ${oneAgent ? 'and w.offered_agent_id = :agentId' : ''}
     group by 1, 2
    union all
    select i.assigned_agent_id, i.channel_id, sum(c.work_item_size)
      from interactions i join channels c on c.id = i.channel_id
     where i.assigned_agent_id is not null and i.state in (${CAPACITY_STATE_LIST}) ${oneAgent ? 'and i.assigned_agent_id = :agentId' : ''}
     group by 1, 2
  )
  select a.id as agent_id, a.status, a.last_assigned_at, a.universal_capacity, c.id as channel_id, c.default_capacity,
         coalesce(ac.capacity, case when c.id = 'sms' then a.sms_capacity end) as agent_override,
         (select coalesce(array_agg(gc.capacity), '{}') from group_capacities gc join agent_group_members m on m.group_id = gc.group_id
           where m.user_id = a.id and gc.channel_id = c.id) as group_overrides,
         (select coalesce(array_agg(m.group_id), '{}') from agent_group_members m where m.user_id = a.id) as group_ids,
         coalesce(av.available, true) as available,
         coalesce(u.n, 0) as in_use
    from a cross join channels c
    left join (select agent_id, channel_id, sum(n) as n from used group by 1, 2) u on u.agent_id = a.id and u.channel_id = c.id
    left join agent_capacities ac on ac.user_id = a.id and ac.channel_id = c.id
    left join agent_channel_availability av on av.user_id = a.id and av.channel_id = c.id
   where c.active
   order by a.id, c.id`;

interface LoadRow {
  agent_id: string;
  status: PresenceStatus;
  last_assigned_at: Date | null;
  universal_capacity: number | null;
  channel_id: string;
  default_capacity: number;
  agent_override: number | null;
  group_overrides: number[];
  group_ids: string[];
  available: boolean;
  in_use: string | number;
}

/** Every active agent (or one) with presence, groups and load per active channel. */
export async function loadAgents(db: Knex, agentId?: string): Promise<AgentCandidate[]> {
  const { rows } = await db.raw(LOADS_SQL(agentId !== undefined), agentId !== undefined ? { agentId } : {});
  const byAgent = new Map<string, AgentCandidate>();
  for (const r of rows as LoadRow[]) {
    let a = byAgent.get(r.agent_id);
    if (!a) {
      a = {
        agentId: r.agent_id, presence: r.status, groupIds: r.group_ids, lastAssignedAt: r.last_assigned_at,
        universalCapacity: r.universal_capacity, channels: {},
      };
      byAgent.set(r.agent_id, a);
    }
    a.channels[r.channel_id] = {
      available: r.available,
      capacity: effectiveCapacity(r.default_capacity, r.group_overrides.map(Number), r.agent_override),
      inUse: Number(r.in_use),
    };
  }
  return [...byAgent.values()];
}

export interface QueueConfig {
  id: string;
  name: string;
  channelId: string;
  active: boolean;
  position: number;
  condition: Condition | null;
  schedule: Schedule | null;
  targetWaitSeconds: number;
  maxWaitSeconds: number;
  maxWaitText: string | null;
  /** VA-14: when the max wait passes the requester leaves the queue for this virtual agent topic. */
  maxWaitTopicId?: string | null;
  assignmentRule: AssignmentRule;
  autoAccept: boolean;
  offerTimeoutSeconds: number | null;
  /** ASG-3: the presence an agent who lets an offer time out is moved to. */
  offerTimeoutPresence: PresenceStatus;
  /** ASG-3: whether the queue's offers may be rejected. */
  allowReject: boolean;
  /** texts the requester gets while still waiting, each `afterSeconds` after the item was queued. */
  waitTriggers: WaitTrigger[];
  pools: Pool[];
}

export interface WaitTrigger {
  afterSeconds: number;
  text: string;
  /** VA-14: the requester leaves the queue for this virtual agent topic. */
  topicId?: string;
}

export function toQueueConfig(r: Record<string, unknown>, pools: Pool[]): QueueConfig {
  return {
    id: r.id as string, name: r.name as string, channelId: r.channel_id as string, active: r.active as boolean, position: r.position as number,
    condition: (r.condition as Condition | null) ?? null, schedule: (r.schedule as Schedule | null) ?? null,
    targetWaitSeconds: r.target_wait_seconds as number, maxWaitSeconds: r.max_wait_seconds as number, maxWaitText: (r.max_wait_text as string | null) ?? null,
    maxWaitTopicId: (r.max_wait_topic_id as string | null | undefined) ?? null,
    assignmentRule: r.assignment_rule as AssignmentRule, autoAccept: r.auto_accept as boolean,
    offerTimeoutSeconds: (r.offer_timeout_seconds as number | null) ?? null,
    offerTimeoutPresence: (r.offer_timeout_presence as PresenceStatus | undefined) ?? 'away', allowReject: (r.allow_reject as boolean | undefined) ?? true,
    waitTriggers: (r.wait_triggers as WaitTrigger[] | undefined) ?? [], pools,
  };
}

/** Every queue with its pools, by id. */
export async function loadQueues(db: Knex, ids?: string[]): Promise<Map<string, QueueConfig>> {
  const q = db('queues').orderBy([{ column: 'position' }, { column: 'id' }]);
  if (ids) q.whereIn('id', ids);
  const rows = await q;
  const poolRows = await db('queue_pools').whereIn('queue_id', rows.map((r) => r.id)).orderBy(['queue_id', 'position']);
  const pools = new Map<string, Pool[]>();
  for (const p of poolRows) {
    const list = pools.get(p.queue_id) ?? [];
    list.push({ groupIds: p.group_ids, eligibleAfterSeconds: p.eligible_after_seconds });
    pools.set(p.queue_id, list);
  }
  return new Map(rows.map((r) => [r.id as string, toQueueConfig(r, pools.get(r.id) ?? [])]));
}
