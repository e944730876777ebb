import { createHash } from 'node:crypto';
import { detectBrand, isDigits, isExpired, isValidCardNumber, parseExpiry, type CardBrandCode, type Expiry } from './card-rules.js';
import { IcountError } from './envelope.js';
import type { Params } from './params.js';

/**
 * Magic card numbers (all pass `isValidCardNumber`). Only NON-test charges consult the script;
 * `is_test` charges succeed whenever the card checks pass. A token stored from one of these numbers
 * carries the same outcome. Any other valid number is approved.
 */
export const ICOUNT_TEST_CARDS = {
  visa: '4580458045804580',
  mastercard: '5326100000000004',
  amex: '378282246310005',
  diners: '36227206271667',
  /** Israeli domestic 9-digit number (no Luhn). */
  isracard: '123456782',
  /** cc/bill, cc/j5, cc/validate_card_cvv → `declineReason`. */
  declined: '4000000000000002',
  /** cc/bill succeeds but the reply has no `confirmation_code`. */
  noConfirmation: '4000000000000010',
  /** cc/bill never answers (the request is held until the connection closes). */
  providerTimeout: '4000000000000028',
} as const;

export type ScriptedOutcome = 'approve' | 'decline' | 'no_confirmation' | 'timeout';

export function scriptedOutcome(pan: string): ScriptedOutcome {
  if (pan === ICOUNT_TEST_CARDS.declined) return 'decline';
  if (pan === ICOUNT_TEST_CARDS.noConfirmation) return 'no_confirmation';
  if (pan === ICOUNT_TEST_CARDS.providerTimeout) return 'timeout';
  return 'approve';
}

export function hashPan(pan: string): string {
  return createHash('sha256').update(`icount-emulator:${pan}`).digest('hex');
}

/** `208915123` → `*****5123`. */
export function maskHolderId(id: string): string {
  return id.length <= 4 ? '*'.repeat(id.length) : '*'.repeat(id.length - 4) + id.slice(-4);
}

export interface CardType {
  card_type_id: number;
  card_type_code: string;
  card_type_name: string;
  card_type_title: string;
}

/** Ids of docs/upstreams/icount.md §6.7; DISCOVER has no known iCount id, 30 is our choice. */
export const CARD_TYPES: readonly CardType[] = [
  { card_type_id: 1, card_type_code: 'VISA', card_type_name: 'Visa', card_type_title: 'Visa (ויזה)' },
  { card_type_id: 2, card_type_code: 'MASTERCARD', card_type_name: 'MasterCard', card_type_title: 'MasterCard (מאסטרקארד)' },
  { card_type_id: 3, card_type_code: 'AMEX', card_type_name: 'Amex', card_type_title: 'American Express (אמריקן אקספרס)' },
  { card_type_id: 5, card_type_code: 'DINERS', card_type_name: 'Diners', card_type_title: 'Diners Club (דיינרס)' },
  { card_type_id: 6, card_type_code: 'JCB', card_type_name: 'JCB', card_type_title: 'JCB' },
  { card_type_id: 7, card_type_code: 'MAESTRO', card_type_name: 'Maestro', card_type_title: 'Maestro' },
  { card_type_id: 8, card_type_code: 'LEUMICARD', card_type_name: 'LeumiCard', card_type_title: 'לאומי קארד' },
  { card_type_id: 22, card_type_code: 'ISRACARD', card_type_name: 'Isracard', card_type_title: 'ישראכרט' },
  { card_type_id: 30, card_type_code: 'DISCOVER', card_type_name: 'Discover', card_type_title: 'Discover' },
];

export function cardTypeId(brand: CardBrandCode): number {
  return CARD_TYPES.find((t) => t.card_type_code === brand)?.card_type_id ?? 0;
}

/**
 * Issuer by prefix (our choice; iCount's table is unknown): Israeli domestic numbers, Amex and
 * Mastercard 5326 → ISRACARD; Visa 4580 and Diners → CAL; Visa 4557 and Mastercard 5189 → MAX;
 * everything else → FOREIGN.
 */
export function detectIssuer(number: string): 'ISRACARD' | 'CAL' | 'MAX' | 'FOREIGN' {
  const brand = detectBrand(number);
  if (brand === 'ISRACARD' || brand === 'AMEX' || number.startsWith('5326')) return 'ISRACARD';
  if (brand === 'DINERS' || number.startsWith('4580')) return 'CAL';
  if (number.startsWith('4557') || number.startsWith('5189')) return 'MAX';
  return 'FOREIGN';
}

/** A checked card as the emulator keeps it: never the PAN, never the CVV. */
export interface CheckedCard {
  panHash: string;
  last4: string;
  brand: CardBrandCode;
  expiry: Expiry;
  outcome: ScriptedOutcome;
}

/** `cc_number` present (`missing_cc_number`), digits, valid (`bad_cc_number`). Returns the PAN. */
export function requireCardNumber(p: Params): string {
  const pan = p.str('cc_number');
  if (pan === undefined) throw new IcountError('missing_cc_number', 'Credit card number is required');
  if (!isValidCardNumber(pan)) throw new IcountError('bad_cc_number', 'Credit card number is not valid');
  return pan;
}

/** `cc_validity` parses (`bad_cc_validity`) and is not past (`cc_expired`). Absent → `missing_cc_validity`. */
export function requireValidity(p: Params, nowMs: number): Expiry {
  const raw = p.str('cc_validity');
  if (raw === undefined) throw new IcountError('missing_cc_validity', 'Credit card validity is required');
  return checkValidity(raw, nowMs);
}

export function checkValidity(raw: string, nowMs: number): Expiry {
  const expiry = parseExpiry(raw);
  if (!expiry) throw new IcountError('bad_cc_validity', 'Credit card validity must be YYYY-MM or MMYY');
  if (isExpired(expiry, nowMs)) throw new IcountError('cc_expired', 'Credit card has expired');
  return expiry;
}

/** `cc_cvv` is 3–4 digits when given (`bad_cc_cvv`). */
export function checkCvv(p: Params, required = false): void {
  const cvv = p.str('cc_cvv');
  if (cvv === undefined) {
    if (required) throw new IcountError('missing_cc_cvv', 'CVV is required');
    return;
  }
  if (!/^\d{3,4}$/.test(cvv)) throw new IcountError('bad_cc_cvv', 'CVV must be 3 or 4 digits');
}

/** `cc_holder_id` digits, 5–9 long (`bad_cc_holder_id`). Returns it. */
export function checkHolderId(p: Params, required = false): string | undefined {
  const id = p.str('cc_holder_id');
  if (id === undefined) {
    if (required) throw new IcountError('missing_cc_holder_id', 'Card holder ID is required');
    return undefined;
  }
  if (!isDigits(id) || id.length < 5 || id.length > 9) throw new IcountError('bad_cc_holder_id', 'Card holder ID is not valid');
  return id;
}

export function describeCard(pan: string, expiry: Expiry): CheckedCard {
  return { panHash: hashPan(pan), last4: pan.slice(-4), brand: detectBrand(pan), expiry, outcome: scriptedOutcome(pan) };
}
