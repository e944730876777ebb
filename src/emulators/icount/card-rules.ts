/**
 * The emulator's own card rules: what iCount accepts as a card number and a validity, and the
 * brand it reports. Written apart from the gateway's `src/lib/cards.ts` on purpose and sharing
 * nothing with it, so that a wrong rule on one side shows up as a disagreement in the tests
 * instead of passing both. The brand ranges are the networks' public IIN ranges (iCount's own
 * table is undocumented); see the README, items 14 and 32.
 */
export type CardBrandCode = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DINERS' | 'JCB' | 'DISCOVER' | 'UNIONPAY' | 'MAESTRO' | 'MIR' | 'ISRACARD' | 'UNKNOWN';

/** A card's validity month. */
export interface Expiry {
  month: number;
  /** Four digits. */
  year: number;
}

const ONLY_DIGITS = /^[0-9]+$/;

export function isDigits(text: string): boolean {
  return ONLY_DIGITS.test(text);
}

/**
 * The Luhn check digit test (ISO/IEC 7812-1): from the rightmost digit, every second digit is
 * doubled and its digits summed; the total is a multiple of 10.
 */
export function passesLuhn(pan: string): boolean {
  let total = 0;
  let doubled = false;
  for (let i = pan.length - 1; i >= 0; i--) {
    const digit = Number(pan[i]);
    const value = doubled ? digit * 2 : digit;
    total += value > 9 ? value - 9 : value;
    doubled = !doubled;
  }
  return total % 10 === 0;
}

/** Israeli domestic (Isracard) numbers: 8 or 9 digits, without a Luhn check digit. */
function isDomestic(pan: string): boolean {
  return pan.length === 8 || pan.length === 9;
}

/** What `cc_number` must be: digits only, and either domestic or 12–19 digits passing Luhn. */
export function isValidCardNumber(pan: string): boolean {
  if (!isDigits(pan)) return false;
  if (isDomestic(pan)) return true;
  return pan.length >= 12 && pan.length <= 19 && passesLuhn(pan);
}

/**
 * Issuer identification number ranges, inclusive, from the networks' public tables. A range is
 * compared on as many leading digits as its bounds have; a number shorter than that is not in it.
 * The first range that matches wins, so the narrower ones come first.
 */
const BIN_RANGES: readonly { brand: CardBrandCode; from: string; to: string }[] = [
  // Maestro's own four-digit prefixes sit inside 50, 58 and 6.
  ...['5018', '5020', '5038', '5893', '6304', '6759', '6761', '6762', '6763'].map((p) => ({ brand: 'MAESTRO' as const, from: p, to: p })),
  { brand: 'VISA', from: '4', to: '4' },
  { brand: 'MIR', from: '2200', to: '2204' },
  { brand: 'MASTERCARD', from: '2221', to: '2720' },
  { brand: 'MASTERCARD', from: '51', to: '55' },
  { brand: 'MAESTRO', from: '50', to: '50' },
  { brand: 'MAESTRO', from: '56', to: '58' },
  { brand: 'AMEX', from: '34', to: '34' },
  { brand: 'AMEX', from: '37', to: '37' },
  { brand: 'DINERS', from: '300', to: '305' },
  { brand: 'DINERS', from: '3095', to: '3095' },
  { brand: 'DINERS', from: '36', to: '36' },
  { brand: 'DINERS', from: '38', to: '39' },
  { brand: 'JCB', from: '3528', to: '3589' },
  { brand: 'DISCOVER', from: '6011', to: '6011' },
  { brand: 'DISCOVER', from: '644', to: '649' },
  { brand: 'DISCOVER', from: '65', to: '65' },
  { brand: 'UNIONPAY', from: '62', to: '62' },
];

/** The brand `cc/detect_cc_type` and the validation methods report; domestic numbers are ISRACARD. */
export function detectBrand(pan: string): CardBrandCode {
  if (!isDigits(pan)) return 'UNKNOWN';
  if (isDomestic(pan)) return 'ISRACARD';
  const range = BIN_RANGES.find(({ from, to }) => {
    const lead = pan.slice(0, from.length);
    return lead.length === from.length && lead >= from && lead <= to;
  });
  return range?.brand ?? 'UNKNOWN';
}

const ISO_VALIDITY = /^(\d{4})-(\d{2})$/;
/** `MMYY`, or `MYY` with the month's leading zero dropped. */
const SHORT_VALIDITY = /^(\d{1,2})(\d{2})$/;

/** `cc_validity` as iCount takes it: `YYYY-MM`, `MMYY` or `MYY`; null for anything else or a month outside 1–12. */
export function parseExpiry(raw: string): Expiry | null {
  const text = raw.trim();
  const iso = ISO_VALIDITY.exec(text);
  const short = iso ? null : SHORT_VALIDITY.exec(text);
  let expiry: Expiry;
  if (iso) expiry = { year: Number(iso[1]), month: Number(iso[2]) };
  else if (short) expiry = { year: 2000 + Number(short[2]), month: Number(short[1]) };
  else return null;
  return expiry.month >= 1 && expiry.month <= 12 ? expiry : null;
}

/** A card may be charged until the end of its validity month, in UTC. */
export function isExpired(expiry: Expiry, nowMs: number): boolean {
  const now = new Date(nowMs);
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  return expiry.year < thisYear || (expiry.year === thisYear && expiry.month < thisMonth);
}

/** The validity as iCount writes it back: `YYYY-MM`. */
export function formatValidity(expiry: Expiry): string {
  return `${String(expiry.year)}-${expiry.month < 10 ? '0' : ''}${expiry.month}`;
}
