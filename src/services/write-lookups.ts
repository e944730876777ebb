import type { GatewayContext } from '../context.js';
import type { CardRecord, ChargeRecord, PaymentRecord } from '../domain/records.js';
import type { LedgerEntry } from '../ledger/index.js';
import type { Lookup } from './exactly-once.js';

/**
 * Finding a write of unknown outcome in the upstream's own records, by the marker the gateway put
 * in it (domain/marker.ts) or by what the write must have changed (docs/ledger.md, "Look-ups").
 */

/** What a charge's look-up needs, saved with the row before cc/bill is sent. */
export interface ChargeLookupData {
  last4: string;
  icountClientId: number | null;
  sentAt: number;
}

/**
 * cc/transactions by date (the day before to the day after the send, which covers iCount's own
 * time zone) and last 4 digits, narrowed to the client when known; the marker picks the charge.
 */
export async function findCharge(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup<ChargeRecord>> {
  const data = entry.data as unknown as ChargeLookupData;
  const day = 86_400_000;
  const charges = await ctx.icount.transactions({
    dateFrom: isoDate(data.sentAt - day),
    dateTo: isoDate(data.sentAt + day),
    last4: data.last4,
    ...(data.icountClientId !== null && data.icountClientId !== undefined ? { icountClientId: data.icountClientId } : {}),
  });
  const charge = charges.find((c) => c.ledgerId === entry.id);
  return charge ? { kind: 'found', value: charge } : { kind: 'absent' };
}

/** What a payment's look-up needs, saved with the row before payment.create is sent. */
export interface PaymentLookupData {
  invoiceId: number | null;
  clientId: number | null;
}

/** payment.list of the invoice (or the client), every page; the marker in the notes picks the payment. */
export async function findPayment(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup<PaymentRecord>> {
  const data = entry.data as unknown as PaymentLookupData;
  const filter = data.invoiceId !== null ? { invoiceId: data.invoiceId } : data.clientId !== null ? { clientId: data.clientId } : null;
  if (!filter) return { kind: 'undecidable', why: 'the payment names neither an invoice nor a client' };
  for (let page = 1, pages = 1; page <= pages; page++) {
    const result = await ctx.freshbooks.listPayments(filter, page, 100);
    const payment = result.nodes.find((p) => p.ledgerId === entry.id);
    if (payment) return { kind: 'found', value: payment };
    pages = result.pageInfo.totalPages;
  }
  return { kind: 'absent' };
}

/** payment.delete happened when payment.get no longer finds the payment. */
export async function findDeletion(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup<number>> {
  const paymentId = Number(entry.data.paymentId);
  ctx.freshbooks.paymentById.clear(paymentId);
  const payment = await ctx.freshbooks.paymentById.load(paymentId);
  return payment ? { kind: 'absent' } : { kind: 'found', value: paymentId };
}

/** What a stored card's look-up needs. */
export interface StoredCardLookupData {
  icountClientId: number | null;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
}

/** cc_storage/store happened when the client has a token for the same last 4 and expiry. */
export async function findStoredCard(ctx: GatewayContext, entry: LedgerEntry): Promise<Lookup<CardRecord>> {
  const data = entry.data as unknown as StoredCardLookupData;
  if (data.icountClientId === null) return { kind: 'undecidable', why: 'the card was stored for a client iCount had not numbered yet' };
  ctx.icount.cardsByClient.clear(data.icountClientId);
  const cards = await ctx.icount.cardsByClient.load(data.icountClientId);
  const card = cards.find((c) => c.last4 === data.last4 && c.expiryMonth === data.expiryMonth && c.expiryYear === data.expiryYear);
  return card ? { kind: 'found', value: card } : { kind: 'absent' };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
