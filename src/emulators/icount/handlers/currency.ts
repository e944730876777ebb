import { CURRENCIES, resolveCurrency, type Currency } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import type { Params } from '../params.js';
import { formatIsraelDate, parseDate, shapeList, type HandlerContext, type Route } from './context.js';

function currencyInfo(c: Currency, withRate = false): Record<string, unknown> {
  const { rate, ...info } = c;
  return withRate ? { ...info, rate } : info;
}

function allRates(): Record<string, number> {
  return Object.fromEntries(CURRENCIES.map((c) => [c.currency_code, c.rate]));
}

/**
 * Rates are fixed (ILS per unit) and the same on every date, so tests are deterministic. With a
 * currency selected the reply adds its id, code and `rate`; `currency_rates` lists all of them.
 */
function ratesFor(p: Params, date: string): HandlerData {
  const currency = resolveCurrency(p);
  return {
    date,
    base_currency: 'ILS',
    ...(currency ? { currency_id: currency.currency_id, currency_code: currency.currency_code, rate: currency.rate } : {}),
    currency_rates: allRates(),
  };
}

function requireDate(p: Params): string {
  const date = p.str('date');
  if (date === undefined) throw new IcountError('missing_date', 'date is required');
  if (parseDate(date) === undefined) throw new IcountError('bad_date', 'date must be YYYY-MM-DD');
  return date;
}

/**
 * The list under `config.currencyListKey` (default `currencies_list`: a guess, the key is
 * undocumented), keyed by code unless `list_type=array`; `rate` added with `get_rates`.
 */
function getList({ p, config }: HandlerContext): HandlerData {
  const list = CURRENCIES.map((c) => currencyInfo(c, p.bool('get_rates')));
  return { [config.currencyListKey]: shapeList(p, list, (c) => c.currency_code as string, 'object') };
}

function info({ p }: HandlerContext): HandlerData {
  const currency = resolveCurrency(p);
  if (!currency) throw new IcountError('missing_currency', 'currency_id, currency_code or currency is required');
  return currencyInfo(currency);
}

export const currencyRoutes: Record<string, Route> = {
  'currency/get_list': { handler: getList },
  'currency/info': { handler: info },
  'currency/get_rates': { handler: ({ now }) => ({ date: formatIsraelDate(now), base_currency: 'ILS', currency_rates: allRates() }) },
  'currency/get_rates_by_date': { handler: ({ p }) => ({ date: requireDate(p), base_currency: 'ILS', currency_rates: allRates() }) },
  'currency/today': { handler: ({ p, now }) => ratesFor(p, formatIsraelDate(now)) },
  'currency/by_date': { handler: ({ p }) => ratesFor(p, requireDate(p)) },
};
