// Production set-up without demo data (DEMO=0): the first admin, queues and company numbers.
//   node dist/src/main/admin.js create-admin --email a@corp.example --name "Ada" < password-file
//   node dist/src/main/admin.js add-queue --id sms-support --name "SMS support"
//   node dist/src/main/admin.js add-company-number --number +15551234567 --name "Support line" --queue sms-support
import { parseArgs } from 'node:util';
import { createDb, migrate } from '../db/knex';
import { toE164 } from '../domain/phone';
import { ensureQueueGroup } from '../routing/default-groups';
import { createUser } from '../use-cases/users';
import { configOrExit, requireEnv } from './boot';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, number: { type: 'string' }, queue: { type: 'string' } } });
  const config = configOrExit();
  requireEnv(config, ['DATABASE_URL']);
  const db = createDb(config.DATABASE_URL!, { max: 1 });
  try {
    await migrate(db);
    switch (command) {
      case 'create-admin': {
        if (!values.email || !values.name) throw new Error('create-admin needs --email and --name, and the password on standard input');
        const password = await readStdin();
        if (password.length < 12) throw new Error('the password (standard input) must be at least 12 characters');
        const u = await createUser(db, null, { email: values.email.toLowerCase(), name: values.name, role: 'admin', password });
        process.stdout.write(`created admin ${u.email} (${u.id})\n`);
        break;
      }
      case 'add-queue': {
        if (!values.id || !values.name) throw new Error('add-queue needs --id and --name');
        const { id, name } = values;
        const group = await db.transaction(async (trx) => {
          const existed = await trx('queues').where({ id }).first('id');
          await trx('queues').insert({ id, name, channel_id: 'sms' }).onConflict('id').merge(['name']);
          // Q-5: a new queue offers to its default group "<name> agents" (every agent now, and every one created later).
          return existed ? null : ensureQueueGroup(trx, { id, name });
        });
        process.stdout.write(`queue ${id} ready${group ? ` (group "${name} agents": every agent, and new agents join it)` : ''}\n`);
        break;
      }
      case 'add-company-number': {
        if (!values.number || !values.name || !values.queue) throw new Error('add-company-number needs --number, --name and --queue');
        const number = toE164(values.number, config.DEFAULT_REGION);
        await db('company_numbers').insert({ number, display_name: values.name, queue_id: values.queue }).onConflict('number').merge(['display_name', 'queue_id']);
        process.stdout.write(`company number ${number} routes to queue ${values.queue}\n`);
        break;
      }
      default:
        throw new Error('usage: admin.js create-admin|add-queue|add-company-number [options] (see the README, "Production")');
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
