import { createHash } from 'node:crypto';
import type { GatewayContext } from '../context.js';
import { WRITE_METHODS as FRESHBOOKS_WRITES } from '../datasources/freshbooks/methods.js';
import { WRITE_METHODS as ICOUNT_WRITES } from '../datasources/icount/methods.js';
import type { UserErrorRecord } from '../domain/records.js';
import { UpstreamError } from '../errors.js';
import { problem } from '../validation/common.js';

/**
 * Idempotency keys for the mutations that move money or change records, after Stripe's: the first
 * result is stored (shared store: memory or Redis) and replayed for the same key; the same key
 * with another input is refused; a concurrent duplicate waits for the first result and never
 * reaches the upstream. Keys are scoped per API key. Records hold the payload the client got
 * (masked card details at most) and a fingerprint of the input without card data.
 */
type RecordState = 'in_progress' | 'done' | 'unknown';

interface IdempotencyRecord {
  state: RecordState;
  operation: string;
  fingerprint: string;
  payload: unknown;
  at: string;
}

export interface IdempotentCall<P> {
  /** The mutation's name. */
  operation: string;
  key: string;
  /** The mutation's input; fingerprinted without card number, CVV or holder id. */
  input: unknown;
  run: () => Promise<P>;
  /** How the payload says "refused" (every payload type has its own result field). */
  refuse: (errors: UserErrorRecord[]) => P;
}

const POLL_MS = 25;
const UPSTREAM_WRITES: ReadonlySet<string> = new Set<string>([...ICOUNT_WRITES, ...FRESHBOOKS_WRITES]);

export async function idempotent<P>(ctx: GatewayContext, call: IdempotentCall<P>): Promise<P> {
  const storeKey = `idem:${ctx.principal.id}:${call.key}`;
  const fingerprint = fingerprintOf(call.operation, call.input);
  const claim: IdempotencyRecord = { state: 'in_progress', operation: call.operation, fingerprint, payload: null, at: new Date().toISOString() };
  const ttl = ctx.settings.idempotencyTtlSeconds;

  if (!(await ctx.store.setIfAbsent(storeKey, JSON.stringify(claim), ttl))) {
    return replay(ctx, storeKey, call, fingerprint);
  }
  let payload: P;
  try {
    payload = await call.run();
  } catch (err) {
    if (outcomeUnknown(err)) {
      await ctx.store.set(storeKey, JSON.stringify({ ...claim, state: 'unknown' }), ttl);
    } else {
      // Nothing was written upstream: the key may be used again.
      await ctx.store.delete(storeKey);
    }
    throw err;
  }
  await ctx.store.set(storeKey, JSON.stringify({ ...claim, state: 'done', payload }), ttl);
  return payload;
}

async function replay<P>(ctx: GatewayContext, storeKey: string, call: IdempotentCall<P>, fingerprint: string): Promise<P> {
  const deadline = Date.now() + ctx.settings.idempotencyWaitMs;
  for (;;) {
    const raw = await ctx.store.get(storeKey);
    if (!raw) {
      // The first attempt failed without writing anything and gave the key up: try again as new.
      return idempotent(ctx, call);
    }
    const record = JSON.parse(raw) as IdempotencyRecord;
    if (record.operation !== call.operation || record.fingerprint !== fingerprint) {
      return call.refuse([problem('IDEMPOTENCY_KEY_REUSED', ['idempotencyKey'], 'This idempotency key was already used with a different input.')]);
    }
    if (record.state === 'done') return record.payload as P;
    if (record.state === 'unknown') {
      return call.refuse([
        problem('IDEMPOTENCY_KEY_IN_PROGRESS', ['idempotencyKey'], 'The first request with this key got no answer from the upstream; its outcome is unknown. Check before retrying with a new key.'),
      ]);
    }
    if (Date.now() >= deadline) {
      return call.refuse([problem('IDEMPOTENCY_KEY_IN_PROGRESS', ['idempotencyKey'], 'A request with this idempotency key is still being processed; retry shortly.')]);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A write was sent and no answer came: it may have happened. Never run it again for this key. */
function outcomeUnknown(err: unknown): boolean {
  return (
    err instanceof UpstreamError &&
    UPSTREAM_WRITES.has(err.method) &&
    (err.upstreamCode === 'UPSTREAM_TIMEOUT' || err.upstreamCode === 'UPSTREAM_UNAVAILABLE' || err.upstreamCode === 'UPSTREAM_BAD_RESPONSE')
  );
}

/** The input without card number, CVV and holder id (kept as last 4 and length), canonically ordered. */
export function fingerprintOf(operation: string, input: unknown): string {
  const canonical = JSON.stringify(strip(input, undefined));
  return createHash('sha256').update(`${operation}\n${canonical}`).digest('hex');
}

function strip(value: unknown, key: string | undefined): unknown {
  if (key === 'idempotencyKey') return undefined;
  if (key === 'cvv' || key === 'holderId') return value === null || value === undefined ? value : 'present';
  if (key === 'number' && typeof value === 'string') {
    const digits = value.replace(/\D/g, '');
    return `len${digits.length}:${digits.slice(-4)}`;
  }
  if (Array.isArray(value)) return value.map((v) => strip(v, undefined));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, strip((value as Record<string, unknown>)[k], k)])
        .filter(([, v]) => v !== undefined),
    );
  }
  return value;
}
