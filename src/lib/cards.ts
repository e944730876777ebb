/**
 * The gateway's card-number and expiry rules, for its input validation. The iCount emulator has
 * its own, written apart (`src/emulators/icount/card-rules.ts`), so that a wrong rule here is
 * caught by the emulator rather than agreed with. The brand table is the one docs/upstreams/icount.md
 * suggests (§11.5 req. 21); iCount's own is undocumented.
 */
export type CardBrandCode = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DINERS' | 'JCB' | 'DISCOVER' | 'ISRACARD' | 'UNKNOWN';

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

export function detectBrand(number: string): CardBrandCode {
  if (!isDigits(number)) return 'UNKNOWN';
  if (isIsraeliDomestic(number)) return 'ISRACARD';
  const p2 = Number(number.slice(0, 2));
  const p4 = Number(number.slice(0, 4));
  if (number.startsWith('4')) return 'VISA';
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return 'MASTERCARD';
  if (p2 === 34 || p2 === 37) return 'AMEX';
  if (p2 === 30 || p2 === 36 || p2 === 38) return 'DINERS';
  if (p2 === 35) return 'JCB';
  if (number.startsWith('6011') || number.startsWith('65')) return 'DISCOVER';
  return 'UNKNOWN';
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
