import type { Outcome } from '../domain/records.js';
import { badUserInput } from '../errors.js';

/**
 * A query's answer from its service: the value, or the first userError as BAD_USER_INPUT. Queries
 * have no payload to carry userErrors; their field paths are the query's arguments.
 */
export function answerOrThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const [first] = outcome.errors;
  throw badUserInput(first?.message ?? 'The arguments cannot be used.', first?.field ?? []);
}
