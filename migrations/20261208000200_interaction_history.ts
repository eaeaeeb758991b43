import type { Knex } from 'knex';

const CLOSED = `('closed_complete', 'closed_abandoned')`;

// Issue 25, History: closed conversations newest first, found by the requester's number (any run of its digits), the
// requester (a user, or a guest's number) and the agents who wrote in them. Every index is partial to closed rows
// except the messages one: the open ones are the Ongoing list's business and keep their own indexes.
export async function up(knex: Knex): Promise<void> {
  // Trusted since PostgreSQL 13: the database's owner may create it; embedded and docker images ship it (contrib).
  await knex.raw('create extension if not exists pg_trgm');
  // The page order: closed_at desc, id desc (the cursor's tie-break).
  await knex.raw(`create index interactions_history on interactions (closed_at desc, id desc) where state in ${CLOSED}`);
  // "555 01" finds +14155550123: an infix match, which only a trigram index serves.
  await knex.raw(`create index interactions_history_number_trgm on interactions using gin (requester_number gin_trgm_ops) where state in ${CLOSED}`);
  // The requester panel's earlier conversations: the same user, or the same number while nobody was named.
  await knex.raw(`create index interactions_history_requester_user on interactions (requester_user_id, closed_at desc) where state in ${CLOSED} and requester_user_id is not null`);
  await knex.raw(`create index interactions_history_requester_number on interactions (requester_number, closed_at desc) where state in ${CLOSED}`);
  // An agent's history includes conversations they wrote in after someone else took them (a transfer, a reassign).
  await knex.raw('create index messages_by_author on messages (author_user_id, interaction_id) where author_user_id is not null');
  await knex.raw('create index interaction_participants_by_user on interaction_participants (user_id)');
}

export async function down(knex: Knex): Promise<void> {
  for (const index of ['interaction_participants_by_user', 'messages_by_author', 'interactions_history_requester_number', 'interactions_history_requester_user', 'interactions_history_number_trgm', 'interactions_history']) {
    await knex.raw(`drop index if exists ${index}`);
  }
}
