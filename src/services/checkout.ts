import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { redirectProblem } from '../checkout/settings.js';
import type { GatewayContext } from '../context.js';
import { checkoutEntryId, checkoutGlobalId, type CheckoutRecord, type CheckoutStatusValue } from '../domain/checkout.js';
import { intKeyOf, toGlobalId } from '../domain/ids.js';
import { withMarker } from '../domain/marker.js';
import type { ChargeRecord, PaymentRecord, UserErrorRecord } from '../domain/records.js';
import { StoreUnavailableError } from '../errors.js';
import type { LedgerEntry } from '../ledger/index.js';
import type { EntryChanges } from '../ledger/ledger.js';
import { problem, validIdempotencyKey } from '../validation/common.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import { exactlyOnce, LostRaceError, WriteAhead, type Lookup, type Recovery } from './exactly-once.js';
import { ledgerCall } from './ledger-call.js';
import { paymentTypeFor } from './pay-invoice.js';
import { payableInvoice } from './invoice-amount.js';
import { recordWithin } from './record-payment.js';
import { findPayment } from './write-lookups.js';

/**
 * Checkout without card data (docs/checkout.md): the payer types the card on iCount's hosted
 * PayPage, never on the gateway. A checkout is one ledger row (`createCheckout`) that holds its
 * invoice from its creation until it settles, like payInvoice:
 *
 *   STARTED → SENDING `generate` (paypage/generate_sale) → PENDING (OPEN: waiting for the payer)
 *   → the charge is found in iCount's records (cc/transactions, by the marker in its description)
 *   → SENDING `record` (payment.create) → SUCCEEDED (COMPLETED).
 *
 * The charge is always looked up in iCount — never taken from a callback body — by the callback,
 * by a retry of the key and by the reconciler; whichever moves the row first records the FreshBooks
 * payment, once. A checkout nobody paid is settled EXPIRED after its expiry (plus the time a
 * charge may take to appear), which frees the invoice; the payer's cancel (checked in iCount) settles
 * it CANCELLED. A payment that lands after either is still recorded (checkout-endings.ts).
 */

export interface CreateCheckoutArgs {
  idempotencyKey: string;
  invoiceId: string;
  amount?: MoneyInputShape | null;
  successUrl: string;
  cancelUrl: string;
  maxInstallments?: number | null;
  language?: string | null;
}

export interface CreateCheckoutResult {
  checkout: CheckoutRecord | null;
  userErrors: UserErrorRecord[];
}

/** What a checkout row keeps (never card data; the callback and cancel secrets only as their hashes). */
export interface CheckoutData {
  invoiceId: number;
  invoiceNumber: string;
  clientId: number;
  amount: string;
  currency: string;
  /** SHA-256 (hex) of the secret in the callback URL. */
  secretHash: string;
  /** SHA-256 (hex) of the secret in the cancel URL (another one: the payer's browser sees it). */
  cancelSecretHash?: string;
  /** The merchant's pages the payer's browser is sent back to. */
  successUrl?: string;
  cancelUrl?: string;
  expiresAt: number;
  saleUrl?: string;
  saleUniqid?: string | null;
  /** The iCount charge, once found. */
  charge?: ChargeRecord;
  payment?: PaymentRecord;
  /** A final state other than COMPLETED. */
  outcome?: Exclude<CheckoutStatusValue, 'OPEN' | 'COMPLETED'>;
  /** When it settled EXPIRED or CANCELLED: late payments are looked for until a window after this. */
  endedAt?: number;
  /** The outcome a late payment replaced (the sale was paid after the checkout had ended). */
  reopenedFrom?: 'EXPIRED' | 'CANCELLED';
  /** When iCount's records were last searched for the charge. */
  checkedAt?: number;
}

const LANGUAGES = new Set(['en', 'he', 'auto']);
const MAX_INSTALLMENTS = 36;
const DAY_MS = 86_400_000;
export const CHECKOUT_CALLBACK_PATH = '/callbacks/icount/checkout';
/** `GET <it>/:id/cancel?s=<secret>`: the cancel URL given to iCount (checkout-endings.ts). */
export const CHECKOUT_CANCEL_PATH = '/checkout';

const failed = (userErrors: UserErrorRecord[]): CreateCheckoutResult => ({ checkout: null, userErrors });

/**
 * Unknown `generate` (paypage/generate_sale): nobody has the sale's URL, so nothing can have been
 * paid on it: absent, the key may try again. Unknown `record`: the FreshBooks payment is looked up by
 * its marker. A PENDING row is finished by looking the charge up in iCount.
 */
export const CHECKOUT_RECOVERY: Recovery<CreateCheckoutResult> = {
  operation: 'createCheckout',
  refuse: failed,
  lookup: (ctx, entry): Promise<Lookup> => (entry.step === 'record' ? findPayment(ctx, entry) : Promise.resolve({ kind: 'absent' })),
  found: async (_ctx, entry, value) => completed(entry, value as PaymentRecord),
  stateBefore: (step) => (step === 'record' ? 'PENDING' : 'NOT_APPLIED'),
  finish: (ctx, entry) => settleCheckout(ctx, entry),
};

/** Creates a checkout for an invoice, exactly once per idempotency key. */
export function createCheckout(ctx: GatewayContext, args: CreateCheckoutArgs): Promise<CreateCheckoutResult> {
  const settings = ctx.settings.checkout;
  const invoiceId = intKeyOf(args.invoiceId, 'Invoice');
  const keyProblem = validIdempotencyKey(args.idempotencyKey);
  const errors: UserErrorRecord[] = [...(keyProblem ? [keyProblem] : []), ...(args.amount ? validateMoney(args.amount) : [])];
  if (invoiceId === null) errors.push(problem('INVALID_INPUT', ['invoiceId'], 'Not an Invoice ID.'));
  if (!settings || settings.paypageId === null || settings.callbackBaseUrl === null) {
    errors.push({ code: 'INVALID_INPUT', field: null, message: 'Checkout is not configured on this gateway: set ICOUNT_PAYPAGE_ID and CHECKOUT_CALLBACK_URL.' });
  } else {
    for (const field of ['successUrl', 'cancelUrl'] as const) {
      const why = redirectProblem(settings, args[field]);
      if (why) errors.push(problem('INVALID_INPUT', [field], why));
    }
  }
  if (args.maxInstallments !== null && args.maxInstallments !== undefined && (args.maxInstallments < 1 || args.maxInstallments > MAX_INSTALLMENTS)) {
    errors.push(problem('INVALID_INSTALLMENTS', ['maxInstallments'], `maxInstallments must be from 1 to ${MAX_INSTALLMENTS}.`));
  }
  if (args.language && !LANGUAGES.has(args.language)) errors.push(problem('INVALID_INPUT', ['language'], 'language must be en, he or auto.'));
  if (errors.length || invoiceId === null) return Promise.resolve(failed(errors));

  return exactlyOnce(ctx, CHECKOUT_RECOVERY, {
    key: args.idempotencyKey,
    input: args,
    invoiceLock: String(invoiceId),
    refused: (result) => result.checkout === null,
    run: (writes) => generate(ctx, args, invoiceId, writes),
  });
}

async function generate(ctx: GatewayContext, args: CreateCheckoutArgs, invoiceId: number, writes: WriteAhead): Promise<CreateCheckoutResult> {
  const settings = ctx.settings.checkout!;
  const payable = await payableInvoice(ctx, invoiceId, args.amount);
  if (!payable.ok) return failed(payable.errors);
  const { invoice, amount } = payable.value;

  const client = await saleClient(ctx, invoice.clientId);
  const secret = randomBytes(32).toString('base64url');
  const cancelSecret = randomBytes(32).toString('base64url');
  const data: CheckoutData = {
    invoiceId,
    invoiceNumber: invoice.number,
    clientId: invoice.clientId,
    amount,
    currency: invoice.amount.currency,
    secretHash: hashOf(secret),
    cancelSecretHash: hashOf(cancelSecret),
    successUrl: args.successUrl,
    cancelUrl: args.cancelUrl,
    expiresAt: ctx.now() + settings.ttlMs,
  };
  await writes.progress({ data: { ...data } });
  const id = checkoutGlobalId(writes.entry.id);
  const sale = await writes.send('generate', 'ICOUNT', {}, () =>
    ctx.icount.generateSale({
      paypageId: settings.paypageId!,
      amount: { amount: data.amount, currency: data.currency },
      // The marker lets the charge be found in cc/transactions, whoever reports it.
      description: withMarker(`FreshBooks invoice ${invoice.number}`, writes.entry.id),
      client,
      maxPayments: args.maxInstallments ?? null,
      language: args.language ?? null,
      successUrl: args.successUrl,
      // Through the gateway, which checks in iCount that nothing was paid before it cancels.
      cancelUrl: `${settings.callbackBaseUrl}${CHECKOUT_CANCEL_PATH}/${id}/cancel?s=${cancelSecret}`,
      ipnUrl: `${settings.callbackBaseUrl}${CHECKOUT_CALLBACK_PATH}/${id}?s=${secret}`,
    }),
  );
  if (!sale.ok) return failed(sale.errors.map((e) => (e.field?.[0] === 'card' ? { ...e, field: null } : e)));
  await writes.progress({ state: 'PENDING', step: null, data: { ...writes.entry.data, saleUrl: sale.value.saleUrl, saleUniqid: sale.value.saleUniqid } });
  return { checkout: checkoutOf(writes.entry, ctx.now()), userErrors: [] };
}

/**
 * Settles an OPEN checkout from iCount's records: the charge found (and matching) → the FreshBooks
 * payment recorded, once; nothing found past the expiry → EXPIRED. Any other case leaves it OPEN.
 * Answers the checkout as it then stands. Run by callbacks, retries of the key and the reconciler.
 */
export async function settleCheckout(ctx: GatewayContext, first: LedgerEntry): Promise<CreateCheckoutResult> {
  const writes = new WriteAhead(ctx, first, CHECKOUT_RECOVERY.stateBefore);
  try {
    let data = writes.entry.data as unknown as CheckoutData;
    if (!data.charge) {
      const charge = await findSaleCharge(ctx, writes.entry);
      if (!charge) {
        const closesAt = data.expiresAt + ctx.settings.ledger.settleMs.ICOUNT;
        if (ctx.now() >= closesAt) {
          const expired = { ...data, outcome: 'EXPIRED' as const, checkedAt: ctx.now(), endedAt: ctx.now() };
          await writes.progress(final(writes.entry, expired, 'REJECTED'));
        } else {
          await writes.progress({ data: { ...data, checkedAt: ctx.now() } });
        }
        return current(ctx, writes.entry);
      }
      if (charge.amount.amount !== data.amount && Number(charge.amount.amount) !== Number(data.amount)) {
        const mismatch = `iCount charged ${charge.amount.amount} ${charge.amount.currency} for a checkout of ${data.amount} ${data.currency}: not recorded, check by hand`;
        await writes.progress({ ...final(writes.entry, { ...data, charge, outcome: 'FAILED' }, 'REJECTED'), lastError: mismatch });
        ctx.logger.error({ entry: writes.entry.id, invoice: data.invoiceNumber }, `checkout: ${mismatch}`);
        return current(ctx, writes.entry);
      }
      await writes.progress({ data: { ...data, charge } });
      data = writes.entry.data as unknown as CheckoutData;
    }
    const charge = data.charge!;
    const recorded = await recordWithin(
      ctx,
      {
        invoiceId: toGlobalId('Invoice', data.invoiceId),
        amount: { amount: data.amount, currency: data.currency },
        type: paymentTypeFor(charge.card.brand),
        notes: `Paid on iCount's hosted page by card ${charge.card.brand} ending ${charge.card.last4}; iCount confirmation ${charge.confirmationCode}`,
      },
      writes,
      'record',
    );
    if (recorded.ok) {
      await writes.progress(await completed(writes.entry, recorded.value));
    } else {
      const why = recorded.errors.map((e) => e.message).join('; ');
      await writes.progress({ state: 'PENDING', step: null, lastError: why });
      ctx.logger.warn({ entry: writes.entry.id, invoice: data.invoiceNumber, errors: recorded.errors }, 'checkout: paid, FreshBooks refused the payment; kept open');
    }
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err;
    if (!(err instanceof LostRaceError)) {
      ctx.logger.warn({ entry: first.id, err: err instanceof Error ? err.message : String(err) }, 'checkout: could not settle yet');
    }
    // Attempts grew: this settle sent payment.create (or was about to), which may have happened.
    const sent = writes.entry.attempts > first.attempts;
    return current(ctx, (await ledgerCall(sent ? 'UNKNOWN' : 'NOT_ATTEMPTED', () => ctx.ledger.byId(first.id))) ?? first);
  }
  return current(ctx, writes.entry);
}

/** The row's changes once the FreshBooks payment exists. */
async function completed(entry: LedgerEntry, payment: PaymentRecord): Promise<EntryChanges> {
  return final(entry, { ...(entry.data as unknown as CheckoutData), payment }, 'SUCCEEDED');
}

export function final(entry: LedgerEntry, data: CheckoutData, state: 'SUCCEEDED' | 'REJECTED'): EntryChanges {
  const settled: LedgerEntry = { ...entry, state, data: data as unknown as Record<string, unknown> };
  return { state, step: null, invoiceLock: null, data: settled.data, result: { checkout: checkoutOf(settled, Date.now()), userErrors: [] } };
}

export function current(ctx: GatewayContext, entry: LedgerEntry): CreateCheckoutResult {
  return { checkout: checkoutOf(entry, ctx.now()), userErrors: [] };
}

/**
 * The sale's charge in iCount: cc/transactions from the day before the checkout was created to
 * the day after now (iCount's dates are Israel time), picked by the marker in its description.
 */
export async function findSaleCharge(ctx: GatewayContext, entry: LedgerEntry): Promise<ChargeRecord | null> {
  return saleChargeOf(entry, await saleCharges(ctx, entry.createdAt));
}

/** iCount's charges from the day before `since` to the day after now (one call for many checkouts). */
export function saleCharges(ctx: GatewayContext, since: number): Promise<ChargeRecord[]> {
  return ctx.icount.transactions({ dateFrom: isoDate(since - DAY_MS), dateTo: isoDate(ctx.now() + DAY_MS) });
}

/** The checkout's charge among iCount's charges (by the marker in its description), or null. */
export function saleChargeOf(entry: LedgerEntry, charges: readonly ChargeRecord[]): ChargeRecord | null {
  return charges.find((c) => c.ledgerId === entry.id && !c.test) ?? null;
}

/** The checkout a ledger row stands for; null while its sale does not exist (or never did). */
export function checkoutOf(entry: LedgerEntry, now: number): CheckoutRecord | null {
  const data = entry.data as unknown as CheckoutData;
  if (entry.operation !== 'createCheckout' || !data.saleUrl) return null;
  let status: CheckoutStatusValue;
  if (entry.state === 'SUCCEEDED') status = 'COMPLETED';
  else if (data.outcome) status = data.outcome;
  else if (!data.charge && now >= data.expiresAt) status = 'EXPIRED';
  else status = 'OPEN';
  return {
    entryId: entry.id,
    url: data.saleUrl,
    status,
    invoiceId: data.invoiceId,
    amount: { amount: data.amount, currency: data.currency },
    charge: data.charge ?? null,
    payment: data.payment ?? null,
    createdAt: new Date(entry.createdAt).toISOString(),
    expiresAt: new Date(data.expiresAt).toISOString(),
  };
}

/** `Query.checkout`: a checkout of the calling API key, or null. */
export async function findCheckout(ctx: GatewayContext, id: string): Promise<CheckoutRecord | null> {
  const entryId = checkoutEntryId(id);
  if (!entryId) return null;
  const entry = await ledgerCall('NOT_ATTEMPTED', () => ctx.ledger.byId(entryId));
  if (!entry || entry.operation !== 'createCheckout' || entry.principal !== ctx.principal.id) return null;
  return checkoutOf(entry, ctx.now());
}

/**
 * The invoice's client as iCount's client fields: linked by `custom_client_id` (the FreshBooks id,
 * as payInvoice's twins are), with a name and e-mail so iCount can create the twin when there is none.
 */
async function saleClient(ctx: GatewayContext, freshbooksId: number): Promise<Record<string, string>> {
  const client = await ctx.freshbooks.clientById.load(freshbooksId);
  const name = client ? client.organization || `${client.firstName} ${client.lastName}`.trim() : '';
  return {
    custom_client_id: String(freshbooksId),
    ...(name ? { client_name: name } : {}),
    ...(client?.email ? { email: client.email } : {}),
  };
}

export const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
