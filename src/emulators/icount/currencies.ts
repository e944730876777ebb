import { IcountError } from './envelope.js';
import type { Params } from './params.js';

export interface Currency {
  currency_id: number;
  currency_code: string;
  currency_name: string;
  currency_sign: string;
  /** Fixed rate in ILS per unit, so tests are deterministic. */
  rate: number;
}

/** iCount's own ids: EUR 1, USD 2, GBP 4, ILS 5 (docs/upstreams/icount.md §9.2); 3 is unknown and unused; ≥ 6 are our choice. */
export const CURRENCIES: readonly Currency[] = [
  { currency_id: 1, currency_code: 'EUR', currency_name: 'Euro', currency_sign: '€', rate: 3.95 },
  { currency_id: 2, currency_code: 'USD', currency_name: 'US Dollar', currency_sign: '$', rate: 3.65 },
  { currency_id: 4, currency_code: 'GBP', currency_name: 'British Pound', currency_sign: '£', rate: 4.62 },
  { currency_id: 5, currency_code: 'ILS', currency_name: 'New Israeli Shekel', currency_sign: '₪', rate: 1 },
  { currency_id: 6, currency_code: 'JPY', currency_name: 'Japanese Yen', currency_sign: '¥', rate: 0.0245 },
  { currency_id: 7, currency_code: 'CHF', currency_name: 'Swiss Franc', currency_sign: 'CHF', rate: 4.12 },
  { currency_id: 8, currency_code: 'CAD', currency_name: 'Canadian Dollar', currency_sign: 'C$', rate: 2.66 },
  { currency_id: 9, currency_code: 'AUD', currency_name: 'Australian Dollar', currency_sign: 'A$', rate: 2.4 },
];

export const DEFAULT_CURRENCY_ID = 5;

export function currencyById(id: number): Currency | undefined {
  return CURRENCIES.find((c) => c.currency_id === id);
}

export function currencyByCode(code: string): Currency | undefined {
  return CURRENCIES.find((c) => c.currency_code === code.toUpperCase());
}

function currencyByAny(value: string): Currency | undefined {
  if (/^\d+$/.test(value)) return currencyById(Number(value));
  return currencyByCode(value) ?? CURRENCIES.find((c) => c.currency_name.toLowerCase() === value.toLowerCase());
}

/**
 * `currency_id`, then `currency_code`, then `currency` (id, code or name); the first one present
 * decides, an unknown value → `bad_currency`. None given → `fallback` (ILS for charges).
 * An id that exists but is not the one the caller meant is NOT an error (the live trap, docs/upstreams/icount.md §9.2).
 */
export function resolveCurrency(p: Params): Currency | undefined {
  if (p.has('currency_id')) {
    const id = p.int('currency_id');
    return orBad(id === undefined || Number.isNaN(id) ? undefined : currencyById(id));
  }
  if (p.has('currency_code')) return orBad(currencyByCode(p.str('currency_code') ?? ''));
  if (p.has('currency')) return orBad(currencyByAny(p.str('currency') ?? ''));
  return undefined;
}

function orBad(currency: Currency | undefined): Currency {
  if (!currency) throw new IcountError('bad_currency', 'Unknown currency');
  return currency;
}

export function currencyOrDefault(p: Params): Currency {
  return resolveCurrency(p) ?? currencyById(DEFAULT_CURRENCY_ID)!;
}
