import type { Knex } from 'knex';

// SPEC §1 (PROF-1…11): who is texting. At most one ACTIVE profile per number (PROF-7), enforced by a partial unique
// index; deactivated profiles are kept for audit. The interaction records whom it was opened for.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('messaging_profiles', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('phone_number').notNullable(); // E.164
    t.uuid('user_id').references('users.id'); // null: guest
    t.boolean('active').notNullable().defaultTo(true);
    t.text('created_reason').notNullable(); // inbound, reassociated, compose
    t.uuid('created_by').references('users.id'); // null: the system (an inbound text)
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('deactivated_by').references('users.id');
    t.timestamp('deactivated_at', { useTz: true });
    t.index(['phone_number', 'created_at']);
  });
  await knex.raw('create unique index messaging_profiles_one_active on messaging_profiles (phone_number) where active');
  await knex.raw('create index users_mobile_phone on users (mobile_phone) where mobile_phone is not null');

  await knex.schema.alterTable('interactions', (t) => {
    t.uuid('requester_profile_id').references('messaging_profiles.id');
    t.uuid('requester_user_id').references('users.id');
    t.boolean('verify_identity').notNullable().defaultTo(false);
  });

  // AI-15: agents who joined someone else's conversation by composing into it; they may write in it.
  await knex.schema.createTable('interaction_participants', (t) => {
    t.uuid('interaction_id').notNullable().references('interactions.id');
    t.uuid('user_id').notNullable().references('users.id');
    t.text('reason').notNullable();
    t.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['interaction_id', 'user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('interaction_participants');
  await knex.schema.alterTable('interactions', (t) => {
    t.dropColumn('requester_profile_id');
    t.dropColumn('requester_user_id');
    t.dropColumn('verify_identity');
  });
  await knex.raw('drop index if exists users_mobile_phone');
  await knex.schema.dropTableIfExists('messaging_profiles');
}
