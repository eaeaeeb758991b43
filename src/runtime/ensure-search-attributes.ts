import { setTimeout as sleep } from 'node:timers/promises';
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import type { SearchAttributeKey, SearchAttributeType } from '@temporalio/common/lib/search-attributes';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { toLineLog, type RuntimeLog } from './log';

const GRPC_ALREADY_EXISTS = 6;

export interface EnsureSearchAttributesOptions {
  connection: Connection;
  namespace: string;
  searchAttributes: ReadonlyArray<SearchAttributeKey<SearchAttributeType>>;
  log: RuntimeLog;
  timeoutMs?: number;
}

/**
 * Registers the custom search attributes the namespace lacks and waits until they are listed. Needed beyond
 * `--search-attribute` because the dev server applies that flag only when it creates the namespace, and a real
 * cluster has no such flag at all.
 */
export async function ensureSearchAttributes(opts: EnsureSearchAttributesOptions): Promise<void> {
  const log = toLineLog(opts.log);
  const { connection, namespace } = opts;
  const wanted = new Map(opts.searchAttributes.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)]));

  const existing = await listCustomSearchAttributes(connection, namespace);
  const missing: Record<string, number> = {};
  for (const [name, type] of wanted) {
    if (!(name in existing)) missing[name] = type as number;
    else if (existing[name] !== type) {
      throw new Error(`search attribute ${name} exists in namespace ${namespace} with another type (${existing[name]}, wanted ${type})`);
    }
  }
  if (Object.keys(missing).length === 0) return;

  log.info(`registering search attributes ${Object.keys(missing).join(', ')} in namespace ${namespace}`);
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  } catch (err) {
    // A concurrent starter registered them first; the listing below confirms.
    if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
  }

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const now = await listCustomSearchAttributes(connection, namespace);
    const absent = Object.keys(missing).filter((name) => !(name in now));
    if (absent.length === 0) return;
    if (Date.now() > deadline) throw new Error(`search attributes ${absent.join(', ')} did not appear in namespace ${namespace}`);
    await sleep(200);
  }
}

/** Custom search attributes of the namespace, name → IndexedValueType number. */
export async function listCustomSearchAttributes(connection: Connection, namespace: string): Promise<Record<string, number>> {
  const response = await connection.operatorService.listSearchAttributes({ namespace });
  const result: Record<string, number> = {};
  for (const [name, type] of Object.entries(response.customAttributes ?? {})) result[name] = Number(type);
  return result;
}
