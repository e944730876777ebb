import { createHash } from 'node:crypto';
import type { GatewayContext } from '../context.js';
import type { UserErrorRecord } from '../domain/records.js';
import { StoreUnavailableError, UpstreamError, type UpstreamName } from '../errors.js';
import type { LedgerEntry, LedgerOperation, LedgerState } from '../ledger/index.js';
import type { EntryChanges } from '../ledger/ledger.js';
import { isUniqueViolation } from '../ledger/sql.js';
import { problem } from '../validation/common.js';
import { ledgerCall } from './ledger-call.js';

/**
 * Money moves exactly once, by construction (docs/ledger.md). Every money-moving mutation is a
 * ledger row keyed by (API key, idempotency key). Each upstream write is recorded as SENDING
 * before it leaves and its outcome after it returns; a write whose outcome is unknown is looked up
 * in the upstream's own records, never forgotten and never sent blindly again. Every change of a
 * row is a compare-and-set, so two requests or two replicas never both move it on.
 */

/** What a look-up of a write in the upstream's records found. */
export type Lookup<V = unknown> =
  | { kind: 'found'; value: V }
  /** Not there. Conclusive only once the write's lease has passed (it can no longer be in flight). */
  | { kind: 'absent' }
  /** The records cannot tell (an operator must check; see docs/ledger.md). */
  | { kind: 'undecidable'; why: string };

/** How an operation's rows are settled when nobody is running them: by retries and by the reconciler. */
export interface Recovery<P> {
  operation: LedgerOperation;
  /** The payload refusing the request with these userErrors. */
  refuse(errors: UserErrorRecord[]): P;
  /** Looks the write of `entry.step` up upstream. */
  lookup(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup>;
  /** The row's changes once the write was found: a final state with its payload, or more work. */
  found(ctx: GatewayContext, entry: LedgerEntry, value: unknown): Promise<EntryChanges>;
  /** The state a row returns to when its write of `step` did not happen. Default NOT_APPLIED. */
  stateBefore?(step: string | null): LedgerState;
  /** Finishes a PENDING row (payInvoice's recording); resolves with the payload to answer. */
  finish?(ctx: GatewayContext, entry: LedgerEntry): Promise<P>;
}

export interface ExactlyOnceCall<P> {
  key: string;
  /** The mutation's input; fingerprinted without card number, CVV or holder id. */
  input: unknown;
  /** payInvoice: the invoice held while the row is unsettled. */
  invoiceLock?: string;
  /** Runs the operation: checks with reads, then every write through `writes.send`. */
  run(writes: WriteAhead): Promise<P>;
  /** Whether a payload is a refusal (REJECTED) rather than a success. */
  refused(payload: P): boolean;
}

const POLL_MS = 25;

/** Runs a money-moving mutation under its idempotency key; shutdown waits for it (context `inflight`). */
export function exactlyOnce<P>(ctx: GatewayContext, recovery: Recovery<P>, call: ExactlyOnceCall<P>): Promise<P> {
  const running = claimAndRun(ctx, recovery, call);
  ctx.inflight.track(running);
  return running;
}

async function claimAndRun<P>(ctx: GatewayContext, recovery: Recovery<P>, call: ExactlyOnceCall<P>): Promise<P> {
  const fingerprint = fingerprintOf(recovery.operation, call.input);
  const claim = await ledgerCall('NOT_ATTEMPTED', () =>
    ctx.ledger.claim({
      principal: ctx.principal.id,
      idempotencyKey: call.key,
      operation: recovery.operation,
      fingerprint,
      invoiceLock: call.invoiceLock ?? null,
      leaseUntil: ctx.now() + ctx.settings.ledger.claimLeaseMs,
    }),
  );
  if (claim.kind === 'invoice-busy') return recovery.refuse([invoiceBusy()]);
  if (claim.kind === 'claimed') return execute(ctx, recovery, call, claim.entry);
  return resume(ctx, recovery, claim.entry, { call, fingerprint });
}

/**
 * A row seen again: by a retry (`retry`: its input, so a row where nothing happened may run again)
 * or by the reconciler (no retry: it only settles). Waits up to IDEMPOTENCY_WAIT_MS for a row
 * someone else is working on.
 */
export async function resume<P>(
  ctx: GatewayContext,
  recovery: Recovery<P>,
  first: LedgerEntry,
  retry: { call: ExactlyOnceCall<P>; fingerprint: string } | null,
): Promise<P> {
  if (retry && first.fingerprint !== retry.fingerprint) {
    return recovery.refuse([problem('IDEMPOTENCY_KEY_REUSED', ['idempotencyKey'], 'This idempotency key was already used with a different input.')]);
  }
  const waitUntil = ctx.now() + (retry ? ctx.settings.ledger.waitMs : 0);
  let entry = first;
  for (;;) {
    const now = ctx.now();
    switch (entry.state) {
      case 'SUCCEEDED':
      case 'REJECTED':
        if (retry) ctx.onReplay?.(recovery.operation); // a client's retry answered from the ledger (metrics)
        return entry.result as P;
      case 'PENDING':
        return recovery.finish ? recovery.finish(ctx, entry) : (entry.result as P);
      case 'NOT_APPLIED':
      case 'STARTED': {
        if (entry.state === 'STARTED' && entry.leaseUntil > now) break; // its owner is still checking inputs
        if (!retry) {
          // Nothing was sent: settle the row so the invoice is free; the client may retry the key.
          const settled = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.update(entry, { state: 'NOT_APPLIED', step: null, invoiceLock: null }));
          return settled ? recovery.refuse([]) : resume(ctx, recovery, await reread(ctx, entry), retry);
        }
        const taken = await takeOver(ctx, entry, retry.call.invoiceLock ?? null);
        if (taken === 'invoice-busy') return recovery.refuse([invoiceBusy()]);
        if (taken) return execute(ctx, recovery, retry.call, taken);
        entry = await reread(ctx, entry);
        continue;
      }
      case 'SENDING':
        if (entry.leaseUntil > now) break; // the write may still be in flight
      // falls through: past its lease a SENDING row is as unknown as an UNKNOWN one
      case 'UNKNOWN': {
        const settled = await settleUnknown(ctx, recovery, entry);
        if (settled === 'undecidable' || settled === 'unreachable') return recovery.refuse([outcomeUnknown(entry, settled)]);
        if (settled !== 'in-flight') {
          entry = settled;
          continue;
        }
        // Not found yet, and the write may still land: look again once it no longer can.
        if (entry.leaseUntil > waitUntil) return recovery.refuse([outcomeUnknown(entry, 'unreachable')]);
        await sleep(entry.leaseUntil - ctx.now());
        entry = await reread(ctx, entry);
        continue;
      }
    }
    if (ctx.now() >= waitUntil) return recovery.refuse([inProgress(entry)]);
    await sleep(POLL_MS);
    entry = await reread(ctx, entry);
  }
}

/**
 * Looks an unknown write up. Found: the row moves on as the operation says. Absent once the write
 * can no longer be in flight: it did not happen, the row goes back to where it was before it.
 */
async function settleUnknown<P>(
  ctx: GatewayContext,
  recovery: Recovery<P>,
  entry: LedgerEntry,
): Promise<LedgerEntry | 'undecidable' | 'unreachable' | 'in-flight'> {
  let lookup: Lookup;
  try {
    lookup = await recovery.lookup(ctx, entry);
  } catch (err) {
    ctx.logger.warn({ entry: entry.id, operation: entry.operation, err: err instanceof Error ? err.message : String(err) }, 'ledger: looking an unknown write up failed; will try again');
    return 'unreachable';
  }
  if (lookup.kind === 'undecidable') {
    if (entry.state !== 'UNKNOWN') await ledgerCall('UNKNOWN', () => ctx.ledger.update(entry, { state: 'UNKNOWN', lastError: lookup.why }));
    return 'undecidable';
  }
  let changes: EntryChanges;
  if (lookup.kind === 'found') {
    changes = await recovery.found(ctx, entry, lookup.value);
  } else {
    if (entry.leaseUntil > ctx.now()) return 'in-flight';
    const before = recovery.stateBefore?.(entry.step) ?? 'NOT_APPLIED';
    changes = { state: before, step: null, ...(before === 'NOT_APPLIED' ? { invoiceLock: null } : {}) };
  }
  ctx.logger.info({ entry: entry.id, operation: entry.operation, step: entry.step, found: lookup.kind === 'found', state: changes.state }, 'ledger: unknown write settled from the upstream records');
  const moved = await ledgerCall('UNKNOWN', () => ctx.ledger.update(entry, changes));
  return moved ?? reread(ctx, entry);
}

/** Takes a row where nothing is in flight for a new run; 'invoice-busy' when its invoice is held by another row now. */
async function takeOver(ctx: GatewayContext, entry: LedgerEntry, invoiceLock: string | null): Promise<LedgerEntry | null | 'invoice-busy'> {
  try {
    return await ledgerCall('NOT_ATTEMPTED', () =>
      ctx.ledger.update(entry, { state: 'STARTED', step: null, invoiceLock, lastError: null, leaseUntil: ctx.now() + ctx.settings.ledger.claimLeaseMs }),
    );
  } catch (err) {
    if (err instanceof StoreUnavailableError && isUniqueViolation(err.cause)) return 'invoice-busy';
    throw err;
  }
}

async function execute<P>(ctx: GatewayContext, recovery: Recovery<P>, call: ExactlyOnceCall<P>, entry: LedgerEntry): Promise<P> {
  const writes = new WriteAhead(ctx, entry, recovery.stateBefore);
  let payload: P;
  try {
    payload = await call.run(writes);
  } catch (err) {
    await writes.abandon(err);
    throw err;
  }
  if (writes.entry.state === 'STARTED' || writes.entry.state === 'SENDING') {
    await writes.settle(call.refused(payload) ? 'REJECTED' : 'SUCCEEDED', payload);
  }
  return payload;
}

/** The running operation's handle on its row. */
export class WriteAhead {
  constructor(
    private readonly ctx: GatewayContext,
    public entry: LedgerEntry,
    private readonly stateBefore: Recovery<unknown>['stateBefore'],
  ) {}

  /** The marker the write carries upstream, so a look-up can find it. */
  get marker(): string {
    return `paygraph:${this.entry.id}`;
  }

  /**
   * Sends one upstream write: SENDING (with what a look-up will need) is committed first; a
   * transport that knows nothing happened puts the row back; anything else leaves it UNKNOWN.
   */
  async send<T>(step: string, upstream: UpstreamName, lookupData: Record<string, unknown>, write: () => Promise<T>): Promise<T> {
    const before = this.entry;
    await this.move('NOT_ATTEMPTED', {
      state: 'SENDING',
      step,
      data: { ...before.data, ...lookupData, sentAt: this.ctx.now() },
      attempts: before.attempts + 1,
      leaseUntil: this.ctx.now() + this.ctx.settings.ledger.settleMs[upstream],
    });
    try {
      return await write();
    } catch (err) {
      const nothingHappened = err instanceof UpstreamError && err.outcome !== 'UNKNOWN';
      const lastError = err instanceof Error ? err.message : String(err);
      if (nothingHappened) {
        const state = before.state === 'STARTED' ? 'STARTED' : (this.stateBefore?.(step) ?? before.state);
        await this.move('UNKNOWN', { state, step: before.step, lastError });
      } else {
        await this.move('UNKNOWN', { state: 'UNKNOWN', lastError });
      }
      throw err;
    }
  }

  /** Records progress after a write (payInvoice: charged, now PENDING). */
  progress(changes: EntryChanges): Promise<void> {
    return this.move('UNKNOWN', changes);
  }

  /** Final state and the payload replayed for the key; the invoice is free again. */
  settle(state: 'SUCCEEDED' | 'REJECTED', payload: unknown): Promise<void> {
    return this.move(this.entry.state === 'STARTED' ? 'NOT_ATTEMPTED' : 'UNKNOWN', { state, step: null, result: payload, invoiceLock: null, lastError: null });
  }

  /** The run failed. Where nothing was sent, the key may try again; an UNKNOWN row stays for look-up. */
  async abandon(err: unknown): Promise<void> {
    if (this.entry.state !== 'STARTED' || err instanceof StoreUnavailableError || err instanceof LostRaceError) return;
    await this.move('NOT_ATTEMPTED', { state: 'NOT_APPLIED', invoiceLock: null, lastError: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
  }

  private async move(outcome: 'NOT_ATTEMPTED' | 'UNKNOWN', changes: EntryChanges): Promise<void> {
    const moved = await ledgerCall(outcome, () => this.ctx.ledger.update(this.entry, changes));
    if (!moved) throw new LostRaceError(this.entry.id);
    this.entry = moved;
  }
}

/** Someone else (a retry, a replica, the reconciler) moved the row on first: this run stops. */
export class LostRaceError extends Error {
  constructor(entryId: string) {
    super(`ledger entry ${entryId} was moved on by someone else`);
    this.name = 'LostRaceError';
  }
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function reread(ctx: GatewayContext, entry: LedgerEntry): Promise<LedgerEntry> {
  const fresh = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byId(entry.id));
  if (!fresh) throw new StoreUnavailableError('NOT_ATTEMPTED', new Error(`ledger entry ${entry.id} disappeared`));
  return fresh;
}

function invoiceBusy(): UserErrorRecord {
  return problem('INVOICE_PAYMENT_IN_PROGRESS', ['invoiceId'], 'Another payment of this invoice is unsettled; retry once it has settled.');
}

function inProgress(entry: LedgerEntry): UserErrorRecord {
  return entry.state === 'UNKNOWN'
    ? outcomeUnknown(entry, 'unreachable')
    : problem('IDEMPOTENCY_KEY_IN_PROGRESS', ['idempotencyKey'], 'A request with this idempotency key is still being processed; retry shortly.');
}

function outcomeUnknown(entry: LedgerEntry, why: 'undecidable' | 'unreachable'): UserErrorRecord {
  const next = why === 'undecidable' ? 'an operator must check the upstream records (see ledgerEntry)' : 'it is being looked up in the upstream records; retry shortly with the same key';
  return problem('OUTCOME_UNKNOWN', ['idempotencyKey'], `The upstream write of this request (${entry.step ?? 'write'}) got no clear answer: ${next}.`);
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
