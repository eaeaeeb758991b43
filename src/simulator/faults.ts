import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { e164Schema } from './phone-numbers';
import { injectedError, type TwilioRestError } from './twilio-errors';

export const faultInputSchema = z
  .object({
    /** Limit the fault to messages to this number (REST creates: the recipient; inbound: the company number). */
    to: e164Schema.optional(),
    /** The next `count` REST creates answer this HTTP status with a Twilio error body. */
    restErrors: z
      .object({
        status: z.number().int().min(400).max(599),
        count: z.number().int().min(1).max(10_000).default(1),
        code: z.number().int().positive().optional(),
        message: z.string().min(1).max(500).optional(),
      })
      .strict()
      .optional(),
    /** The next `count` REST creates lose their connection, before or (ambiguously) after the message is created. */
    connectionResets: z
      .object({
        count: z.number().int().min(1).max(10_000).default(1),
        afterCreate: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Extra delay before the REST create answers. */
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    /** How delivery ends. */
    final: z
      .object({
        status: z.enum(['delivered', 'undelivered', 'failed']),
        errorCode: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    duplicateCallbacks: z.boolean().optional(),
    /** Post `delivered` before `sent` (the store still progresses in the true order). */
    reorderCallbacks: z.boolean().optional(),
    dropCallbacks: z.boolean().optional(),
    /** Post each inbound webhook twice (same MessageSid and idempotency token, as a Twilio retry would). */
    duplicateInbound: z.boolean().optional(),
  })
  .strict();

export type FaultInput = z.input<typeof faultInputSchema>;
type ParsedFault = z.output<typeof faultInputSchema>;

export interface FaultRule extends ParsedFault {
  id: string;
  /** Remaining injections of restErrors / connectionResets. */
  remaining: { restErrors: number; connectionResets: number };
}

export type FinalOutcome = { status: 'delivered' } | { status: 'undelivered' | 'failed'; errorCode: number };

export interface DeliveryEffects {
  latencyMs: number;
  final: FinalOutcome;
  duplicateCallbacks: boolean;
  reorderCallbacks: boolean;
  dropCallbacks: boolean;
  duplicateInbound: boolean;
}

const DEFAULT_ERROR_CODE = { undelivered: 30003, failed: 30008 } as const;

/** Scripted misbehaviour of the simulated network. Rules for a specific number win over global ones; newer over older. */
export class FaultRegistry {
  private rules: FaultRule[] = [];

  add(input: FaultInput): FaultRule {
    const parsed = faultInputSchema.parse(input);
    const rule: FaultRule = {
      ...parsed,
      id: randomUUID(),
      remaining: {
        restErrors: parsed.restErrors?.count ?? 0,
        connectionResets: parsed.connectionResets?.count ?? 0,
      },
    };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => structuredClone(r));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Consumes one injected REST error for a create to `to`, if any is left. */
  takeRestError(to: string | undefined): TwilioRestError | undefined {
    const rule = this.matching(to).find((r) => r.restErrors && r.remaining.restErrors > 0);
    if (!rule?.restErrors) return undefined;
    rule.remaining.restErrors -= 1;
    return injectedError(rule.restErrors.status, rule.restErrors.code, rule.restErrors.message);
  }

  /** Consumes one injected connection reset for a create to `to`, if any is left. */
  takeConnectionReset(to: string | undefined): { afterCreate: boolean } | undefined {
    const rule = this.matching(to).find((r) => r.connectionResets && r.remaining.connectionResets > 0);
    if (!rule?.connectionResets) return undefined;
    rule.remaining.connectionResets -= 1;
    return { afterCreate: rule.connectionResets.afterCreate };
  }

  effectsFor(to: string | undefined): DeliveryEffects {
    const rules = this.matching(to);
    const final = rules.find((r) => r.final)?.final;
    return {
      latencyMs: Math.max(0, ...rules.map((r) => r.latencyMs ?? 0)),
      final:
        !final || final.status === 'delivered'
          ? { status: 'delivered' }
          : { status: final.status, errorCode: final.errorCode ?? DEFAULT_ERROR_CODE[final.status] },
      duplicateCallbacks: rules.some((r) => r.duplicateCallbacks),
      reorderCallbacks: rules.some((r) => r.reorderCallbacks),
      dropCallbacks: rules.some((r) => r.dropCallbacks),
      duplicateInbound: rules.some((r) => r.duplicateInbound),
    };
  }

  private matching(to: string | undefined): FaultRule[] {
    const specific = this.rules.filter((r) => r.to !== undefined && r.to === to).reverse();
    const global = this.rules.filter((r) => r.to === undefined).reverse();
    return [...specific, ...global];
  }
}
