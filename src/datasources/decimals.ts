import Big from 'big.js';
import { currencyDecimals as decimalsFromIntl } from '../domain/money.js';

/**
 * `currencyDecimals` and `normaliseAmount` of domain/money.ts, with the minor units remembered per
 * currency code. Asking Intl builds an `Intl.NumberFormat` each time (about 10 µs), and the
 * mappings ask for every amount: a FreshBooks invoice page of 100 has some 500 of them. The answer
 * depends only on the code and the platform's CLDR data, so remembering it changes nothing. At
 * most MAX_CODES codes are kept (FreshBooks currency fields are free text).
 */
const MAX_CODES = 1000;
const decimalsByCode = new Map<string, number>();

export function currencyDecimals(code: string): number {
  let decimals = decimalsByCode.get(code);
  if (decimals === undefined) {
    decimals = decimalsFromIntl(code);
    if (decimalsByCode.size < MAX_CODES) decimalsByCode.set(code, decimals);
  }
  return decimals;
}

/** `"320"` → `"320.00"` for ILS, exactly as domain/money.ts's normaliseAmount. */
export function normaliseAmount(amount: string, currency: string): string {
  return new Big(amount).toFixed(currencyDecimals(currency));
}
