import Big from 'big.js';

/**
 * Exact money handling: amounts travel as decimal strings and are compared and normalised with
 * big.js, never with binary floats.
 */

/**
 * ISO-4217 minor units, as the platform's CLDR data has them (JPY 0, ILS 2, KWD 3). Remembered per
 * code: building an `Intl.NumberFormat` costs about 10 µs and the mappings ask for every amount (a
 * FreshBooks page of 100 has some 500). At most MAX_CODES codes are kept (currency fields are free
 * text upstream).
 */
export function currencyDecimals(code: string): number {
  let decimals = decimalsByCode.get(code);
  if (decimals === undefined) {
    decimals = decimalsFromIntl(code);
    if (decimalsByCode.size < MAX_CODES) decimalsByCode.set(code, decimals);
  }
  return decimals;
}

const MAX_CODES = 1000;
const decimalsByCode = new Map<string, number>();

function decimalsFromIntl(code: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const DECIMAL = /^\d{1,15}(\.\d{1,20})?$/;

/** Why an amount is not acceptable for a currency, or null when it is. */
export function amountProblem(amount: string, currency: string, { allowZero = false } = {}): string | null {
  if (!DECIMAL.test(amount)) return 'must be a plain decimal number such as "129.90"';
  const value = new Big(amount);
  if (allowZero ? value.lt(0) : value.lte(0)) return allowZero ? 'must not be negative' : 'must be greater than zero';
  const decimals = currencyDecimals(currency);
  const fraction = amount.split('.')[1] ?? '';
  if (fraction.replace(/0+$/, '').length > decimals) return `has more than ${decimals} decimal places for ${currency}`;
  return null;
}

/** `"320"` → `"320.00"` for ILS. Upstream amounts arrive without a fixed scale. */
export function normaliseAmount(amount: string, currency: string): string {
  return new Big(amount).toFixed(currencyDecimals(currency));
}

export function isLess(a: string, b: string): boolean {
  return new Big(a).lt(b);
}

export function subtract(a: string, b: string): string {
  return new Big(a).minus(b).toString();
}
