import type { GatewayContext } from '../context.js';
import { checkoutEntryId, type CheckoutRecord } from '../domain/checkout.js';
import type { ChargeRecord } from '../domain/records.js';
import { StoreUnavailableError } from '../errors.js';
import type { LedgerEntry } from '../ledger/index.js';
import { resume } from './exactly-once.js';
import { ledgerCall, type LedgerFailureOutcome } from './ledger-call.js';
import { CHECKOUT_RECOVERY, checkoutOf, final, findSaleCharge, hashOf, sameHash, saleChargeOf, saleCharges, settleCheckout, type CheckoutData } from './checkout.js';

/**
 * What reaches a checkout from outside GraphQL (docs/checkout.md): iCount's callback, the payer's
 * cancel, and a payment that lands after the checkout ended (EXPIRED or CANCELLED). None of them is
 * believed: each looks the sale's charge up in iCount's records. Money that moved is recorded, once,
 * whenever it is found; a checkout whose sale was paid never stays CANCELLED or EXPIRED.
 */

const dataOf = (entry: LedgerEntry) => entry.data as unknown as CheckoutData;

/** Ended without a payment, so a late one may still turn up. */
const hasEnded = (entry: LedgerEntry) => entry.state === 'REJECTED' && (dataOf(entry).outcome === 'EXPIRED' || dataOf(entry).outcome === 'CANCELLED');

/** The checkout row a URL's id and secret name: 'unknown' without one, 'forged' with a wrong secret. */
async function rowFor(ctx: GatewayContext, id: string, secret: string, hash: 'secretHash' | 'cancelSecretHash'): Promise<LedgerEntry | 'unknown' | 'forged'> {
  const entryId = checkoutEntryId(id);
  const entry = entryId ? await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byId(entryId)) : null;
  if (!entry || entry.operation !== 'createCheckout') return 'unknown';
  const expected = dataOf(entry)[hash];
  return expected && sameHash(hashOf(secret), expected) ? entry : 'forged';
}

/** The row as it stands now; `outcome`: UNKNOWN once this request may have recorded the payment (payment.create). */
const reread = async (ctx: GatewayContext, entry: LedgerEntry, outcome: LedgerFailureOutcome) => (await ledgerCall(outcome, () => ctx.ledger.byId(entry.id))) ?? entry;

/** What a callback did. `recorded`: this callback recorded the FreshBooks payment. */
export type CallbackAnswer =
  | { kind: 'unknown' }
  | { kind: 'forged' }
  | { kind: 'settled'; checkout: CheckoutRecord | null; recorded: boolean };

/**
 * iCount's callback for a checkout (`POST /callbacks/icount/checkout/:id?s=<secret>`). The body is
 * never trusted: the secret proves the call knows the URL only iCount was given, and the charge is
 * looked up in iCount's records. Whatever the number of callbacks, the payment is recorded once;
 * a callback for a checkout that already ended records a late payment.
 */
export async function checkoutCallback(ctx: GatewayContext, id: string, secret: string): Promise<CallbackAnswer> {
  const entry = await rowFor(ctx, id, secret, 'secretHash');
  if (typeof entry === 'string') return { kind: entry };
  const settling = hasEnded(entry) || (entry.state !== 'SUCCEEDED' && entry.state !== 'REJECTED');
  if (hasEnded(entry)) await recordLatePayment(ctx, entry);
  else if (settling) await resume(ctx, CHECKOUT_RECOVERY, entry, null);
  const after = await reread(ctx, entry, settling ? 'UNKNOWN' : 'NOT_ATTEMPTED');
  return { kind: 'settled', checkout: checkoutOf(after, ctx.now()), recorded: entry.state !== 'SUCCEEDED' && after.state === 'SUCCEEDED' };
}

/** What the payer's cancel did; `redirectTo`: the merchant's page for how the checkout now stands. */
export type CancelAnswer =
  | { kind: 'unknown' }
  | { kind: 'forged' }
  | { kind: 'answered'; checkout: CheckoutRecord | null; cancelled: boolean; redirectTo: string | null };

/**
 * The payer cancelled on iCount's page (`GET /checkout/:id/cancel?s=<secret>`, the cancel URL paygraph
 * gave iCount). The browser is not believed either: an open checkout becomes CANCELLED only when
 * iCount's records hold no charge for it, by one compare-and-set (its event with it, once); a sale
 * that was paid completes instead. When iCount cannot be asked the checkout stays OPEN (it expires).
 */
export async function cancelCheckout(ctx: GatewayContext, id: string, secret: string): Promise<CancelAnswer> {
  const row = await rowFor(ctx, id, secret, 'cancelSecretHash');
  if (typeof row === 'string') return { kind: row };
  let entry = row;
  let cancelled = false;
  let settling = false;
  if (entry.state === 'PENDING' && !dataOf(entry).charge) {
    const charge = await findSaleCharge(ctx, entry).catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) throw err;
      ctx.logger.warn({ entry: entry.id, err: err instanceof Error ? err.message : String(err) }, 'checkout cancel: iCount could not be asked; the checkout stays open');
      return undefined;
    });
    if (charge) {
      settling = true;
      await resume(ctx, CHECKOUT_RECOVERY, entry, null); // paid after all: it completes
    } else if (charge === null) {
      const now = ctx.now();
      const unpaid = entry;
      // Only iCount's records were read: nothing was sent.
      const moved = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.update(unpaid, final(unpaid, { ...dataOf(unpaid), outcome: 'CANCELLED', checkedAt: now, endedAt: now }, 'REJECTED')));
      cancelled = moved !== null;
    }
  } else if (entry.state !== 'SUCCEEDED' && entry.state !== 'REJECTED') {
    settling = true;
    await resume(ctx, CHECKOUT_RECOVERY, entry, null); // paid: being recorded
  }
  entry = await reread(ctx, entry, settling ? 'UNKNOWN' : 'NOT_ATTEMPTED');
  const checkout = checkoutOf(entry, ctx.now());
  const data = dataOf(entry);
  const paid = checkout?.status === 'COMPLETED' || Boolean(data.charge);
  return { kind: 'answered', checkout, cancelled, redirectTo: (paid ? data.successUrl : data.cancelUrl) ?? null };
}

/**
 * A checkout that ended (EXPIRED or CANCELLED) whose sale was paid after all: the payer paid late
 * on a page iCount still served, or in another tab while cancelling. The money moved, so it is
 * recorded: the row is reopened by compare-and-set (PENDING, without the charge) and settled as any
 * open checkout is — the charge looked up again, checked against the amount, the FreshBooks
 * payment recorded once — and it ends COMPLETED. `charges`: iCount's charges already read.
 */
export async function recordLatePayment(ctx: GatewayContext, entry: LedgerEntry, charges?: readonly ChargeRecord[]): Promise<LedgerEntry> {
  if (!hasEnded(entry)) return entry;
  const charge = charges ? saleChargeOf(entry, charges) : await findSaleCharge(ctx, entry);
  if (!charge) return entry;
  const { outcome, ...data } = dataOf(entry);
  ctx.logger.warn({ entry: entry.id, invoice: data.invoiceNumber, outcome, confirmation: charge.confirmationCode }, 'checkout: paid after it ended; recording the payment');
  const reopened = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.update(entry, {
    state: 'PENDING', step: null, result: null, lastError: null,
    data: { ...data, reopenedFrom: outcome as 'EXPIRED' | 'CANCELLED' } as unknown as Record<string, unknown>,
  }));
  if (reopened) await settleCheckout(ctx, reopened);
  return reread(ctx, entry, reopened ? 'UNKNOWN' : 'NOT_ATTEMPTED');
}

/**
 * The reconciler's look for late payments: checkouts that ended within the late-payment window
 * (CheckoutSettings.latePaymentWindowMs), all against one cc/transactions read. Resolves with how
 * many were found paid.
 */
export async function watchLatePayments(ctx: GatewayContext): Promise<number> {
  const windowMs = ctx.settings.checkout?.latePaymentWindowMs ?? 0;
  if (windowMs <= 0) return 0;
  const now = ctx.now();
  const rows = (await ctx.ledger.byOperation(['createCheckout'], ['REJECTED'], now - windowMs))
    .filter((e) => hasEnded(e) && (dataOf(e).endedAt ?? e.updatedAt) + windowMs > now);
  if (rows.length === 0) return 0;
  const charges = await saleCharges(ctx, Math.min(...rows.map((e) => e.createdAt)));
  const paid = rows.filter((e) => saleChargeOf(e, charges));
  for (const entry of paid) await recordLatePayment(ctx, entry, charges);
  return paid.length;
}
