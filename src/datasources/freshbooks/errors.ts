import { UpstreamError } from '../../errors.js';
import type { UserErrorRecord } from '../../domain/records.js';
import { scrubUpstreamText } from '../../lib/redact.js';
import type { FreshbooksMethod } from './methods.js';
import type { FreshbooksReply } from './xml.js';
import type { WireFailure } from './wire.js';

/**
 * The one place where FreshBooks `status="fail"` replies become paygraph errors. Codes are
 * undocumented (docs/upstreams/freshbooks.md §4, §11): 2xxxx auth, 4xxxx invalid request, 5xxxx missing resource.
 * 20010 never gets here: the transport throws UPSTREAM_AUTH for it.
 */

/**
 * FreshBooks element names (`invoice_id`, `amount`, `currency_code`, …) → the path of the
 * mutation input field the caller filled them from (`['amount', 'currency']`). A name not in the
 * map gives a userError without a field.
 */
export type FieldMap = Readonly<Record<string, readonly string[]>>;

const NOT_FOUND = '50010';
const INVALID = '40010';
export const AUTH_FAILED = '20010';

const MAX_MESSAGE = 200;

/** FreshBooks' text, safe to show: no card-like numbers, bounded length. */
function shown(message: string): string {
  return scrubUpstreamText(message).slice(0, MAX_MESSAGE);
}

function fieldPath(fieldMap: FieldMap, element: string | null | undefined): string[] | null {
  const path = element ? fieldMap[element] : undefined;
  return path ? [...path] : null;
}

/** `'payment_id' not found. Payment not found.` → `payment_id`. */
function missingElement(message: string): string | null {
  return /'([a-z_]+)'\s+not found/i.exec(message)?.[1] ?? null;
}

function userError(failure: WireFailure, fieldMap: FieldMap): UserErrorRecord {
  if (failure.code === NOT_FOUND) {
    const element = missingElement(failure.message);
    const noun = element?.replace(/_id$/, '') ?? 'record';
    return { code: 'NOT_FOUND', field: fieldPath(fieldMap, element), message: `FreshBooks has no ${noun} with this id.` };
  }
  const unknownCurrency = /unknown currency/i.test(failure.message);
  if (failure.code === INVALID && (failure.field || unknownCurrency)) {
    const element = failure.field ?? 'currency_code';
    const code = element === 'amount' ? 'INVALID_AMOUNT' : element === 'currency_code' || unknownCurrency ? 'INVALID_CURRENCY' : 'INVALID_INPUT';
    return { code, field: fieldPath(fieldMap, element), message: shown(failure.message || `FreshBooks rejected ${element}.`) };
  }
  // An unknown code, or a 40010 that names no field: FreshBooks said no, and said why.
  const why = shown(failure.message);
  return { code: 'UPSTREAM_REJECTED', field: null, message: `FreshBooks refused the request (${failure.code || 'no code'})${why ? `: ${why}` : ''}` };
}

/** The userErrors of a failed write, one per FreshBooks error. */
export function userErrorFromFailure(method: FreshbooksMethod, reply: FreshbooksReply, fieldMap: FieldMap): UserErrorRecord[] {
  if (reply.status !== 'fail') throw new TypeError(`${method} did not fail`);
  return reply.failures.map((f) => userError(f, fieldMap));
}

/** True when every error of the reply says "no such record" (a loader answers null). */
export function isNotFound(reply: FreshbooksReply): boolean {
  return reply.status === 'fail' && reply.failures.every((f) => f.code === NOT_FOUND);
}

/** For reads: a failure that is not "not found" is not the caller's fault. */
export function readFailure(method: FreshbooksMethod, reply: FreshbooksReply): UpstreamError {
  const first = reply.failures[0];
  const code = first?.code || 'unknown';
  const why = first?.message ? `: ${shown(first.message)}` : '';
  return new UpstreamError('UPSTREAM_ERROR', 'FRESHBOOKS', method, `FreshBooks ${method} failed (${code})${why}`, { reason: code, outcome: 'REJECTED' });
}
