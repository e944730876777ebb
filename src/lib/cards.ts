/**
 * The gateway's card-number and expiry rules, for its input validation. The iCount emulator has
 * its own, written apart (`src/emulators/icount/card-rules.ts`), so that a wrong rule here is
 * caught by the emulator rather than agreed with. The brand ranges are the networks' public IIN
 * ranges (see `detectBrand`); iCount's own table is undocumented.
 */
export type CardBrandCode = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DINERS' | 'JCB' | 'DISCOVER' | 'UNIONPAY' | 'MAESTRO' | 'MIR' | 'ISRACARD' | 'UNKNOWN';

/**
 * A card number as a person types it, with the spaces and dashes between digit groups removed
 * (`4580 4580-4580 4580` → `4580458045804580`). Anything else stays, so that it still fails
 * validation rather than being read as a different number.
 */
export function compactCardNumber(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

export function isDigits(value: string): boolean {
  return /^\d+$/.test(value);
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Israeli domestic (Isracard-style) numbers are 8 or 9 digits and do not follow Luhn. */
export function isIsraeliDomestic(number: string): boolean {
  return isDigits(number) && (number.length === 8 || number.length === 9);
}

/** Digits only, 12–19 long and Luhn-valid, or an Israeli 8–9-digit domestic number. */
export function isValidCardNumber(number: string): boolean {
  if (!isDigits(number)) return false;
  if (isIsraeliDomestic(number)) return true;
  return number.length >= 12 && number.length <= 19 && luhnValid(number);
}

/** Whether the number's first `from.length` digits, read as a number, lie in [from, to]. */
function leads(number: string, from: number, to: number = from): boolean {
  const width = String(from).length;
  if (number.length < width) return false;
  const lead = Number(number.slice(0, width));
  return lead >= from && lead <= to;
}

/** Maestro's own prefixes (Mastercard's debit brand), checked before the wider 5x/6x ranges. */
const MAESTRO_PREFIXES = ['5018', '5020', '5038', '5893', '6304', '6759', '6761', '6762', '6763'];

/**
 * The brand by the networks' public IIN ranges. Israeli domestic numbers (8–9 digits, no Luhn)
 * are ISRACARD. Visa 4; Mastercard 51–55 and 2221–2720; Mir 2200–2204; Amex 34, 37; Diners
 * 300–305, 3095, 36, 38–39; JCB 3528–3589; Discover 6011, 644–649, 65; UnionPay 62 (its
 * Discover-co-badged 622126–622925 included); Maestro 5018, 5020, 5038, 5893, 6304, 6759,
 * 6761–6763, then 50 and 56–58. Anything else UNKNOWN.
 */
export function detectBrand(number: string): CardBrandCode {
  if (!isDigits(number)) return 'UNKNOWN';
  if (isIsraeliDomestic(number)) return 'ISRACARD';
  if (MAESTRO_PREFIXES.some((prefix) => number.startsWith(prefix))) return 'MAESTRO';
  switch (number[0]) {
    case '4':
      return 'VISA';
    case '2':
      if (leads(number, 2200, 2204)) return 'MIR';
      if (leads(number, 2221, 2720)) return 'MASTERCARD';
      return 'UNKNOWN';
    case '3':
      if (leads(number, 34) || leads(number, 37)) return 'AMEX';
      if (leads(number, 300, 305) || leads(number, 3095) || leads(number, 36) || leads(number, 38, 39)) return 'DINERS';
      if (leads(number, 3528, 3589)) return 'JCB';
      return 'UNKNOWN';
    case '5':
      if (leads(number, 51, 55)) return 'MASTERCARD';
      if (leads(number, 50) || leads(number, 56, 58)) return 'MAESTRO';
      return 'UNKNOWN';
    case '6':
      if (leads(number, 6011) || leads(number, 644, 649) || leads(number, 65)) return 'DISCOVER';
      if (leads(number, 62)) return 'UNIONPAY';
      return 'UNKNOWN';
    default:
      return 'UNKNOWN';
  }
}

export interface Expiry {
  month: number;
  /** Four-digit year. */
  year: number;
}

/**
 * Parses the expiry formats iCount accepts (`YYYY-MM`, `MMYY`, and a zero-stripped 3-digit
 * `MYY`) and, with `lenient`, the ones our edge accepts too (`MM/YY`, `MM/YYYY`).
 */
export function parseExpiry(raw: string, { lenient = false }: { lenient?: boolean } = {}): Expiry | null {
  const value = raw.trim();
  let m: RegExpMatchArray | null;
  let month: number;
  let year: number;
  if ((m = value.match(/^(\d{4})-(\d{2})$/))) {
    year = Number(m[1]);
    month = Number(m[2]);
  } else if ((m = value.match(/^(\d{1,2})(\d{2})$/))) {
    month = Number(m[1]);
    year = 2000 + Number(m[2]);
  } else if (lenient && (m = value.match(/^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/))) {
    month = Number(m[1]);
    year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  } else {
    return null;
  }
  if (month < 1 || month > 12) return null;
  return { month, year };
}

/** A card is valid through the last day of its expiry month (UTC). */
export function isExpired(expiry: Expiry, nowMs: number): boolean {
  const now = new Date(nowMs);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return expiry.year * 12 + (expiry.month - 1) < current;
}

/** iCount's canonical validity string. */
export function formatValidity(expiry: Expiry): string {
  return `${expiry.year}-${String(expiry.month).padStart(2, '0')}`;
}
