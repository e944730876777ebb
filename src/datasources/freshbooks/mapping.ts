import Big from 'big.js';
import type {
  FreshbooksClientRecord, InvoiceLineRecord, InvoiceRecord, InvoiceStatusValue, MoneyRecord, PageInfoRecord, PaymentRecord,
} from '../../domain/records.js';
import { normaliseAmount } from '../../domain/money.js';
import { dateOnly, easternToIso } from './dates.js';
import { fromWirePaymentType } from './payment-types.js';
import { itemsOf, textOf, type WireClient, type WireInvoice, type WireLine, type WirePayment } from './wire.js';
import { splitMarker } from '../../domain/marker.js';
import { wireWarning } from '../../domain/wire-warnings.js';

/**
 * Wire → domain records. Every conversion from FreshBooks' strings is explicit and lives here.
 * A record that cannot be built (no id, an amount that is not a number, an unknown payment type)
 * throws WireShapeError, which the API turns into UPSTREAM_BAD_RESPONSE: money data is never
 * guessed or silently dropped.
 */
export class WireShapeError extends Error {}

/** `00000006457` → 6457 (ids are zero-padded in live data, docs/upstreams/freshbooks.md §9.2); null when empty. */
export function toId(value: string | undefined): number | null {
  const text = value?.trim() ?? '';
  if (!/^\d{1,15}$/.test(text)) return null;
  const n = Number.parseInt(text, 10);
  return n > 0 ? n : null;
}

function requiredId(value: string | undefined, what: string): number {
  const id = toId(value);
  if (id === null) throw new WireShapeError(`${what} is missing or not an integer`);
  return id;
}

/** Text that is '' when the element is empty or absent. */
const text = (value: unknown): string => textOf(value) ?? '';
/** Text that is null when the element is empty or absent. */
const optional = (value: unknown): string | null => (text(value).trim() === '' ? null : text(value));

export function currencyCode(value: string | undefined): string | null {
  const code = value?.trim().toUpperCase() ?? '';
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

/**
 * `45.6` → `45.60` for the currency's scale (docs/upstreams/freshbooks.md §9.3). Were FreshBooks to hold more decimals than the
 * currency has, the exact value is kept rather than rounded.
 */
function amount(value: string | undefined, currency: string, what: string): string {
  const raw = value?.trim() || '0';
  let exact: Big;
  try {
    exact = new Big(raw);
  } catch {
    throw new WireShapeError(`${what} is not a decimal number`);
  }
  const scaled = normaliseAmount(raw, currency);
  return exact.eq(scaled) ? scaled : exact.toFixed();
}

const money = (value: string | undefined, currency: string, what: string): MoneyRecord => ({
  amount: amount(value, currency, what),
  currency,
});

function requiredDate(value: string | undefined, what: string): string {
  const date = dateOnly(value);
  if (date === null) throw new WireShapeError(`${what} is not a date`);
  return date;
}

function dateTime(value: string | undefined, what: string, zone?: string): string | null {
  const iso = easternToIso(value, zone);
  if (iso === undefined) throw new WireShapeError(`${what} is not a date-time`);
  return iso;
}

/**
 * `currency` is the payment's own `currency_code` when FreshBooks sent one; otherwise what the
 * caller resolved (the invoice's, else the client's, else the base currency: see api.ts).
 */
function notesOf(notes: string): Pick<PaymentRecord, 'notes' | 'ledgerId'> {
  const { text: shown, entryId } = splitMarker(notes);
  return { notes: shown, ledgerId: entryId };
}

export function paymentFromWire(wire: WirePayment, fallbackCurrency: string, zone?: string): PaymentRecord {
  const freshbooksId = requiredId(wire.payment_id, 'payment_id');
  const currency = currencyCode(wire.currency_code) ?? fallbackCurrency;
  // An empty <type/> is FreshBooks' documented default, Check (docs/upstreams/freshbooks.md §5.3).
  const wireType = text(wire.type).trim() || 'Check';
  let type = fromWirePaymentType(wireType);
  if (type === null) {
    // Older and newer docs list 14, 16 or 17 types (§11 F5): one unknown type must not fail a page.
    wireWarning({ upstream: 'FRESHBOOKS', kind: 'unknown_payment_type', value: wireType.slice(0, 40), message: `FreshBooks sent a payment type paygraph does not know (${wireType.slice(0, 40)}); shown as OTHER` });
    type = 'OTHER';
  }
  const gateway = typeof wire.gateway_transaction === 'object' ? wire.gateway_transaction : null;
  return {
    freshbooksId,
    clientId: toId(wire.client_id),
    invoiceId: toId(wire.invoice_id),
    date: requiredDate(wire.date, `payment ${freshbooksId} date`),
    amount: money(wire.amount, currency, `payment ${freshbooksId} amount`),
    type,
    // Byte for byte: notes are never trimmed (only the ledger's marker is split off).
    ...notesOf(text(wire.notes)),
    updatedAt: dateTime(wire.updated, `payment ${freshbooksId} updated`, zone),
    // Absent from the doc samples (§11 F4): then a `Credit` payment on an invoice is read as taken from credit (a guess).
    fromCredit: wire.from_credit === undefined ? type === 'CREDIT' && toId(wire.invoice_id) !== null : text(wire.from_credit).trim() === '1',
    gateway: gateway ? { referenceId: text(gateway.reference_id), gatewayName: text(gateway.gateway_name) } : null,
  };
}

const INVOICE_STATUSES: ReadonlySet<string> = new Set<InvoiceStatusValue>([
  'DRAFT', 'SENT', 'VIEWED', 'PARTIAL', 'PAID', 'AUTO_PAID', 'RETRY', 'FAILED', 'DISPUTED', 'PENDING', 'DECLINED',
]);

/** `auto-paid` → `AUTO_PAID`; a status paygraph does not know → `UNKNOWN`. */
export function invoiceStatusFromWire(value: string | undefined): InvoiceStatusValue {
  const upper = (value ?? '').trim().toUpperCase().replace(/-/g, '_');
  return INVOICE_STATUSES.has(upper) ? (upper as InvoiceStatusValue) : 'UNKNOWN';
}

function lineFromWire(wire: WireLine, currency: string, invoiceId: number): InvoiceLineRecord {
  return {
    name: text(wire.name),
    description: text(wire.description),
    unitCost: amount(wire.unit_cost, currency, `invoice ${invoiceId} line unit_cost`),
    quantity: text(wire.quantity).trim() || '0',
    amount: amount(wire.amount, currency, `invoice ${invoiceId} line amount`),
  };
}

export function invoiceFromWire(wire: WireInvoice, fallbackCurrency: string, zone?: string): InvoiceRecord {
  const freshbooksId = requiredId(wire.invoice_id, 'invoice_id');
  const currency = currencyCode(wire.currency_code) ?? fallbackCurrency;
  const what = `invoice ${freshbooksId}`;
  const total = money(wire.amount, currency, `${what} amount`);
  const outstanding = money(wire.amount_outstanding, currency, `${what} amount_outstanding`);
  // `paid` is in live captures but not in the doc samples: amount − paid = amount_outstanding (docs/upstreams/freshbooks.md §7.2).
  const paidText = optional(wire.paid) ?? new Big(total.amount).minus(outstanding.amount).toFixed();
  return {
    freshbooksId,
    number: text(wire.number),
    clientId: requiredId(wire.client_id, `${what} client_id`),
    amount: total,
    paid: money(paidText, currency, `${what} paid`),
    outstanding,
    status: invoiceStatusFromWire(wire.status),
    date: requiredDate(wire.date, `${what} date`),
    updatedAt: dateTime(wire.updated, `${what} updated`, zone),
    poNumber: optional(wire.po_number),
    notes: optional(wire.notes),
    lines: itemsOf(wire.lines, 'line').map((line) => lineFromWire(line, currency, freshbooksId)),
  };
}

/** Credits come as `<credit currency="USD">12.50</credit>`, one per currency (docs/upstreams/freshbooks.md §6.2). */
export function clientFromWire(wire: WireClient, fallbackCurrency: string, zone?: string): FreshbooksClientRecord {
  const freshbooksId = requiredId(wire.client_id, 'client_id');
  const currency = currencyCode(wire.currency_code);
  const credits = itemsOf(wire.credits, 'credit').map((credit) => {
    const attr = typeof credit === 'object' ? credit['@_currency'] : undefined;
    const cur = currencyCode(attr) ?? currency ?? fallbackCurrency;
    return money(textOf(credit), cur, `client ${freshbooksId} credit`);
  });
  return {
    freshbooksId,
    firstName: text(wire.first_name),
    lastName: text(wire.last_name),
    organization: text(wire.organization),
    email: optional(wire.email)?.trim() ?? null,
    currency,
    credits,
    updatedAt: dateTime(wire.updated, `client ${freshbooksId} updated`, zone),
  };
}

/**
 * `page`, `per_page`, `pages`, `total` attributes (strings) → numbers. The 2.0 endpoint sends none;
 * then the request and the items stand in.
 */
export function pageInfoFromWire(container: unknown, asked: { page: number; perPage: number }, count: number): PageInfoRecord {
  const attrs = container && typeof container === 'object' ? (container as Record<string, string | undefined>) : {};
  const num = (v: string | undefined) => toCount(v);
  const perPage = num(attrs['@_per_page']) ?? asked.perPage;
  const totalCount = num(attrs['@_total']) ?? count;
  return {
    page: num(attrs['@_page']) ?? asked.page,
    perPage,
    totalPages: num(attrs['@_pages']) ?? (perPage > 0 ? Math.ceil(totalCount / perPage) : 0),
    totalCount,
  };
}

function toCount(value: string | undefined): number | null {
  const text = value?.trim() ?? '';
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
