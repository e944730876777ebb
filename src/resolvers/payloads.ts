import type { Outcome, UserErrorRecord } from '../domain/records.js';

type Payload<K extends string, T> = { [P in K]: T | null } & { userErrors: UserErrorRecord[] };

/** A mutation payload: the result under `key`, or null and the userErrors. */
export function payload<K extends string, T>(key: K, outcome: Outcome<T>): Payload<K, NoInfer<T>> {
  const body = outcome.ok ? { [key]: outcome.value, userErrors: [] } : { [key]: null, userErrors: outcome.errors.map(inInput) };
  return body as Payload<K, NoInfer<T>>;
}

/** Field paths in userErrors start at the mutation's `input` argument. */
export function inInput(error: UserErrorRecord): UserErrorRecord {
  return { ...error, field: error.field ? ['input', ...error.field] : null };
}
