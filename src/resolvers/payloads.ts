import type { GatewayContext } from '../context.js';
import { failure, type Outcome, type UserErrorRecord } from '../domain/records.js';
import { idempotent } from '../services/idempotency.js';
import { validIdempotencyKey } from '../validation/common.js';

type Payload<K extends string, T> = { [P in K]: T | null } & { userErrors: UserErrorRecord[] };

/** A mutation payload: the result under `key`, or null and the userErrors. */
export function payload<K extends string, T>(key: K, outcome: Outcome<T>): Payload<K, NoInfer<T>> {
  const body = outcome.ok ? { [key]: outcome.value, userErrors: [] } : { [key]: null, userErrors: outcome.errors.map(inInput) };
  return body as Payload<K, NoInfer<T>>;
}

/** Field paths in userErrors start at the mutation's `input` argument. */
function inInput(error: UserErrorRecord): UserErrorRecord {
  return { ...error, field: error.field ? ['input', ...error.field] : null };
}

/**
 * A money-moving mutation's payload under its idempotency key: the key is validated, then the
 * first result is stored and replayed (see services/idempotency.ts).
 */
export async function idempotentPayload<K extends string, T>(
  ctx: GatewayContext,
  operation: string,
  input: { idempotencyKey: string },
  key: K,
  run: () => Promise<Outcome<T>>,
): Promise<Payload<K, NoInfer<T>>> {
  const keyProblem = validIdempotencyKey(input.idempotencyKey);
  if (keyProblem) return payload(key, failure<T>(keyProblem));
  return idempotent(ctx, {
    operation,
    key: input.idempotencyKey,
    input,
    run: async () => payload(key, await run()),
    refuse: (errors) => payload(key, failure<T>(errors)),
  });
}
