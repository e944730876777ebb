import type { GatewayContext } from '../context.js';
import { failure, success, type Outcome } from '../domain/records.js';
import type { LedgerEntry, LedgerOperation } from '../ledger/index.js';
import { validIdempotencyKey } from '../validation/common.js';
import { exactlyOnce, type Lookup, type Recovery, type WriteAhead } from './exactly-once.js';

/**
 * The ledger's shape for the mutations that make one upstream write (chargeCard, authorizeCard,
 * storeCard, recordPayment, deletePayment): the row replays the operation's Outcome, and a write
 * found upstream settles it as SUCCEEDED with that record.
 */
export function singleWriteRecovery<T>(
  operation: LedgerOperation,
  lookup: (ctx: GatewayContext, entry: LedgerEntry) => Promise<Lookup<T>>,
): Recovery<Outcome<T>> {
  return {
    operation,
    refuse: (errors) => failure<T>(errors),
    lookup,
    found: async (_ctx, _entry, value) => ({ state: 'SUCCEEDED', step: null, invoiceLock: null, result: success(value as T) }),
  };
}

/** Runs a money-moving mutation under its idempotency key (validated first). */
export function moneyMutation<T>(
  ctx: GatewayContext,
  recovery: Recovery<Outcome<T>>,
  input: { idempotencyKey: string },
  run: (writes: WriteAhead) => Promise<Outcome<T>>,
  options: { invoiceLock?: string } = {},
): Promise<Outcome<T>> {
  const keyProblem = validIdempotencyKey(input.idempotencyKey);
  if (keyProblem) return Promise.resolve(failure<T>(keyProblem));
  return exactlyOnce(ctx, recovery, {
    key: input.idempotencyKey,
    input,
    run,
    refused: (outcome) => !outcome.ok,
    ...(options.invoiceLock ? { invoiceLock: options.invoiceLock } : {}),
  });
}
