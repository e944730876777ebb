import type {
  CardAuthorizationRecord, CardBrand, CardDetailsRecord, CardProviderRecord, CardRecord, CardTypeRecord,
  ChargeRecord, CurrencyRecord, IcountClientRecord,
} from '../../domain/records.js';
import { currencyDecimals, normaliseAmount } from '../../domain/money.js';
import { splitMarker } from '../../domain/marker.js';
import { wireWarning } from '../../domain/wire-warnings.js';
import { zonedWallToIso } from '../../domain/zoned-time.js';
import type {
  WireBillReply, WireCardType, WireClient, WireCurrency, WireJ5Reply, WireJ5Status, WireProviderReply,
  WireTokenInfo, WireTransaction,
} from './wire.js';

/** Wire → domain records. Every conversion from iCount's strings is explicit and lives here. */

const BRANDS: Record<string, CardBrand> = {
  VISA: 'VISA', MASTERCARD: 'MASTERCARD', MC: 'MASTERCARD', AMEX: 'AMEX', AMERICANEXPRESS: 'AMEX', DINERS: 'DINERS',
  JCB: 'JCB', DISCOVER: 'DISCOVER', MAESTRO: 'MAESTRO', ISRACARD: 'ISRACARD', LEUMICARD: 'LEUMICARD',
  DINERSCLUB: 'DINERS', UNIONPAY: 'UNIONPAY', CUP: 'UNIONPAY', MIR: 'MIR',
};

export function toBrand(ccType: string | undefined | null): CardBrand {
  if (!ccType) return 'UNKNOWN';
  const brand = BRANDS[ccType.toUpperCase().replace(/[^A-Z]/g, '')];
  if (brand) return brand;
  // A brand iCount knows and paygraph does not: the record is still read (docs/upstreams/icount.md §12a).
  wireWarning({ upstream: 'ICOUNT', kind: 'unknown_card_brand', value: ccType.slice(0, 40), message: `iCount sent a card type paygraph does not know (${ccType.slice(0, 40)}); shown as UNKNOWN` });
  return 'UNKNOWN';
}

/** iCount's own currency ids ([gotcha] tests; docs/upstreams/icount.md §1): for replies that carry only the id. */
export const KNOWN_CURRENCY_IDS: Readonly<Record<string, string>> = { '1': 'EUR', '2': 'USD', '4': 'GBP', '5': 'ILS' };

/** iCount's dates and times are Israel time, with DST (docs/upstreams/icount.md §12 I5). */
export const ICOUNT_ZONE = 'Asia/Jerusalem';

export function toInt(value: string | number | undefined | null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

function toYear(value: string | number | undefined | null): number | null {
  const n = toInt(value);
  if (n === null) return null;
  return n < 100 ? 2000 + n : n;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function last4(value: string | undefined | null): string {
  const digits = (value ?? '').replace(/\D/g, '');
  return digits.slice(-4);
}

/**
 * `cc_charge_date`: `YYYY-MM-DD HH:MM:SS` or a date alone, Israel time without an offset →
 * the UTC instant. A date alone is read as midnight in Israel (the time is unknown). Anything
 * else → null.
 */
export function toDateTime(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  if (!/^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.test(text)) return null;
  return zonedWallToIso(text, ICOUNT_ZONE) ?? null;
}

/** A reply's currency: its code, else its iCount id, else `fallback`. */
function currencyOf(code: string | undefined, id: string | undefined, fallback: string): string {
  const fromCode = code?.trim().toUpperCase();
  if (fromCode && /^[A-Z]{3}$/.test(fromCode)) return fromCode;
  return (id !== undefined && KNOWN_CURRENCY_IDS[String(id)]) || fallback;
}

export interface BillContext {
  /** What paygraph asked for: iCount's reply may omit these. */
  amount: string;
  currency: string;
  installments: { count: number; firstPayment: string | null; credit: boolean };
  description: string | null;
  test: boolean;
  holderName: string | null;
  /** Known when the card was given as details. */
  card: { brand: CardBrand; last4: string; expiryMonth: number; expiryYear: number } | null;
}

export function chargeFromBill(reply: WireBillReply, asked: BillContext, confirmationCode: string): ChargeRecord {
  const currency = reply.currency_code ?? asked.currency;
  return {
    confirmationCode,
    amount: { amount: normaliseAmount(reply.sum ?? asked.amount, currency), currency },
    card: {
      brand: reply.cc_type ? toBrand(reply.cc_type) : asked.card?.brand ?? 'UNKNOWN',
      last4: reply.cc_last4 ? last4(reply.cc_last4) : asked.card?.last4 ?? '',
      expiryMonth: toInt(reply.exp_month) ?? asked.card?.expiryMonth ?? null,
      expiryYear: toYear(reply.exp_year) ?? asked.card?.expiryYear ?? null,
      holderName: asked.holderName,
    },
    installments: {
      count: toInt(reply.num_of_payments) ?? asked.installments.count,
      firstPayment: asked.installments.firstPayment,
      credit: asked.installments.credit,
    },
    icountClientId: toInt(reply.client_id),
    ...describedBy(asked.description),
    test: asked.test,
    chargedAt: null,
    billLogId: toInt(reply.cc_bill_log_id),
    refunded: null,
    chargeback: false,
  };
}

/** A charge's description without the ledger's marker, and the ledger id it names. */
function describedBy(description: string | null): Pick<ChargeRecord, 'description' | 'ledgerId'> {
  if (description === null) return { description: null, ledgerId: null };
  const { text: shown, entryId } = splitMarker(description);
  return { description: shown || null, ledgerId: entryId };
}

export function chargeFromTransaction(row: WireTransaction): ChargeRecord {
  const currency = currencyOf(row.currency_code, row.currency_id, 'ILS');
  const count = toInt(row.cc_numofpayments) ?? 1;
  const first = row.ccfirstpayment && count > 1 && Number(row.ccfirstpayment) > 0 ? normaliseAmount(row.ccfirstpayment, currency) : null;
  return {
    confirmationCode: row.confirmation_code ?? '',
    amount: { amount: normaliseAmount(row.cctotal ?? '0', currency), currency },
    card: {
      brand: toBrand(row.cc_cardtype),
      last4: last4(row.cc_cardnumber),
      expiryMonth: toInt(row.cc_month),
      expiryYear: toYear(row.cc_year),
      holderName: text(row.cc_holder_name),
    },
    installments: { count, firstPayment: first, credit: row.is_credit === '1' },
    icountClientId: toInt(row.client_id),
    // payment_description is not a documented cc/transactions field: without it there is no
    // description and no ledger marker, so a look-up cannot recognise the charge (docs/ledger.md).
    ...describedBy(text(row.payment_description) || null),
    test: row.is_test === '1',
    chargedAt: toDateTime(row.cc_charge_date),
    billLogId: toInt(row.cc_bill_log_id),
    refunded: refundedAmount(row.refunded, currency),
    chargeback: row.is_chargeback === '1',
  };
}

/**
 * `refunded` of a cc/transactions row as an amount. iCount documents no meaning for it; paygraph
 * reads it as the amount refunded so far (`'0'`: nothing). Null when it is not a decimal.
 */
export function refundedAmount(value: string | undefined, currency: string): string | null {
  if (value === undefined || value === '') return null;
  return /^\d+(\.\d+)?$/.test(value) ? normaliseAmount(value, currency) : null;
}

export function cardFromTokenInfo(info: WireTokenInfo): CardRecord | null {
  const tokenId = toInt(info.token_id ?? info.cc_token_id);
  if (tokenId === null) return null;
  let month = toInt(info.cc_exp_month);
  let year = toYear(info.cc_exp_year);
  const validity = info.cc_validity?.match(/^(\d{4})-(\d{2})$/);
  if ((month === null || year === null) && validity) {
    year = Number(validity[1]);
    month = Number(validity[2]);
  }
  return {
    tokenId,
    brand: toBrand(info.cc_type),
    last4: last4(info.cc_last4),
    expiryMonth: month,
    expiryYear: year,
    holderName: text(info.cc_holder_name),
    icountClientId: toInt(info.client_id),
  };
}

export function clientFromWire(wire: WireClient): IcountClientRecord | null {
  const icountId = toInt(wire.client_id);
  if (icountId === null) return null;
  return {
    icountId,
    name: wire.client_name ?? '',
    email: text(wire.email),
    externalId: text(wire.custom_client_id),
    vatId: wire.vat_id === undefined || wire.vat_id === '' ? null : String(wire.vat_id),
  };
}

export function currencyFromWire(wire: WireCurrency): CurrencyRecord | null {
  const icountId = toInt(wire.currency_id);
  const code = wire.currency_code?.toUpperCase();
  if (icountId === null || !code) return null;
  return {
    code,
    name: wire.currency_name ?? code,
    symbol: text(wire.currency_sign),
    icountId,
    decimals: currencyDecimals(code),
    rateToIls: wire.rate === undefined || wire.rate === '' ? null : String(wire.rate),
  };
}

export function cardTypeFromWire(wire: WireCardType): CardTypeRecord | null {
  const icountId = toInt(wire.card_type_id);
  if (icountId === null || !wire.card_type_code) return null;
  return {
    icountId,
    code: wire.card_type_code,
    name: wire.card_type_name ?? wire.card_type_code,
    title: wire.card_type_title ?? wire.card_type_name ?? wire.card_type_code,
    brand: toBrand(wire.card_type_code),
  };
}

export function providerFromWire(reply: WireProviderReply): CardProviderRecord {
  const p = reply.provider;
  if (typeof p === 'string') return { name: p, terminal: null, supportsAuthorizations: null, supportsStoredCards: null };
  return {
    name: p?.name ?? 'unknown',
    terminal: text(p?.terminal),
    supportsAuthorizations: typeof p?.supports_j5 === 'boolean' ? p.supports_j5 : null,
    supportsStoredCards: typeof p?.supports_tokens === 'boolean' ? p.supports_tokens : null,
  };
}

export function authorizationFromJ5(reply: WireJ5Reply, amount: string, currency: string, card: CardDetailsRecord): CardAuthorizationRecord {
  const cur = reply.currency_code ?? currency;
  const total = { amount: normaliseAmount(reply.sum ?? amount, cur), currency: cur };
  return {
    available: true,
    confirmationCode: text(reply.confirmation_code),
    total,
    used: { amount: normaliseAmount('0', cur), currency: cur },
    remaining: total,
    card: { ...card, brand: reply.cc_type ? toBrand(reply.cc_type) : card.brand, last4: reply.cc_last4 ? last4(reply.cc_last4) : card.last4 },
  };
}

/**
 * `iCountJ5Status` documents no currency (docs/upstreams/icount.md §12 I7): its `currency_code` or
 * `currency_id` when a real account sends one, else `knownCurrency` (what the gateway recorded
 * when it made the J5), else ILS, iCount's default.
 */
export function authorizationFromStatus(status: WireJ5Status, card: CardDetailsRecord | null, knownCurrency: string | null = null): CardAuthorizationRecord {
  const available = status.j5_available === true || status.j5_available === '1' || status.j5_available === 'true';
  const currency = currencyOf(status.currency_code, status.currency_id, knownCurrency ?? 'ILS');
  const money = (v: string | undefined) => (v === undefined || v === '' ? null : { amount: normaliseAmount(v, currency), currency });
  return {
    available,
    confirmationCode: text(status.confirmation_code),
    total: money(status.total_amount),
    used: money(status.used_amount),
    remaining: money(status.remaining_amount),
    card,
  };
}
