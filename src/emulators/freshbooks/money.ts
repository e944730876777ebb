/**
 * Exact decimal money for the FreshBooks emulator. Amounts live as BigInt units of 1/10 000
 * (enough for every ISO 4217 minor unit) and are never converted to binary floats.
 */
export const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);
/** Integer digits an amount may have (a DECIMAL(14,…)-like column). */
const MAX_INTEGER_DIGITS = 12;

/** Minor-unit digits of the currencies the emulator knows; anything else is `Unknown currency`. */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, COP: 2, CZK: 2,
  DKK: 2, EGP: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0,
  KES: 2, KRW: 0, KWD: 3, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2, OMR: 3, PEN: 2, PHP: 2, PKR: 2,
  PLN: 2, RON: 2, RUB: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, USD: 2,
  VND: 0, ZAR: 2,
};

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_DECIMALS, code);
}

export function currencyDecimals(code: string): number {
  return CURRENCY_DECIMALS[code] ?? 2;
}

export interface ParsedAmount {
  /** Value in 1/10 000 units. */
  units: bigint;
  /** Significant decimal places (trailing zeros ignored): `19.990` → 2. */
  decimals: number;
  /** How the amount is shown when stored "as entered": the input, or its shortest form if it had leading zeros. */
  display: string;
}

/** Parses a non-negative plain decimal (`300`, `45.6`, `2.00`); anything else → undefined. */
export function parseAmount(raw: string): ParsedAmount | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(raw);
  if (!m) return undefined;
  const intPart = m[1] ?? '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > SCALE) return undefined;
  if (intPart.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) return undefined;
  const units = BigInt(intPart) * FACTOR + BigInt((frac + '0'.repeat(SCALE)).slice(0, SCALE));
  const display = /^(0|[1-9]\d*)(\.\d+)?$/.test(raw) ? raw : formatShort(units);
  return { units, decimals: frac.length, display };
}

/** Shortest decimal form, as FreshBooks prints computed amounts: `45.6`, `300`, `0`. */
export function formatShort(units: bigint): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${abs / FACTOR}${frac ? `.${frac}` : ''}`;
}

/** Fixed scale (the currency's minor units), as the non-fidelity mode prints amounts: `45.60`. */
export function formatFixed(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const frac = (abs % FACTOR).toString().padStart(SCALE, '0').slice(0, decimals);
  return `${neg ? '-' : ''}${abs / FACTOR}${decimals > 0 ? `.${frac}` : ''}`;
}

/** Units of a string already known to be valid (seed data, stored values). */
export function unitsOf(raw: string): bigint {
  const parsed = parseAmount(raw);
  if (!parsed) throw new Error(`not a decimal amount: ${raw}`);
  return parsed.units;
}
