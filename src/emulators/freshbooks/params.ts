/** Reading request parameters: every value arrives as an exact string (or a nested record). */
import { parseDateTime } from './dates.js';
import { PAYMENT_TYPES, invalid } from './types.js';
import { currencyDecimals, isKnownCurrency, parseAmount, type ParsedAmount } from './money.js';
import type { ParamValue, Params } from './xml-parse.js';

function single(p: Params, name: string): ParamValue | undefined {
  const v = p[name];
  if (Array.isArray(v)) throw invalid(name, `'${name}' may appear only once.`);
  return v;
}

/** Text of a leaf element, untouched (notes keep their whitespace); undefined when absent. */
export function text(p: Params, name: string): string | undefined {
  const v = single(p, name);
  if (v === undefined || typeof v === 'string') return v;
  if (Object.keys(v).length === 0) return '';
  throw invalid(name, `'${name}' must be a value, not a record.`);
}

/** Trimmed text; an empty element counts as absent. */
export function value(p: Params, name: string): string | undefined {
  const v = text(p, name)?.trim();
  return v === '' ? undefined : v;
}

/** A nested record such as `<payment>…</payment>`; undefined when absent. */
export function record(p: Params, name: string): Params | undefined {
  const v = single(p, name);
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    if (v.trim() === '') return {};
    throw invalid(name, `'${name}' must contain elements.`);
  }
  return v as Params;
}

/** A positive integer id (`207` or zero-padded `00000000207`); undefined when absent or empty. */
export function id(p: Params, name: string): number | undefined {
  const v = value(p, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,15}$/.test(v) || Number(v) < 1) throw invalid(name, `'${name}' must be a positive integer.`);
  return Number(v);
}

export function requiredId(p: Params, name: string): number {
  const v = id(p, name);
  if (v === undefined) throw invalid(name, `'${name}' is required.`);
  return v;
}

/** A date or date-time filter bound, inclusive: a date alone means 00:00:00 (from) or 23:59:59 (to). */
export function bound(p: Params, name: string, kind: 'from' | 'to'): string | undefined {
  const v = value(p, name);
  if (v === undefined) return undefined;
  const parsed = parseDateTime(v, kind === 'to');
  if (!parsed) throw invalid(name, `'${name}' must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.`);
  return parsed;
}

/**
 * `date_from`/`date_to`. 'exclusive' ("dated after/before this arg"): a date alone excludes its
 * whole day (from → after 23:59:59 of it, to → before 00:00:00 of it); a date-time is a strict
 * bound, approximated to the second. 'inclusive': as `bound`.
 */
export function dateBounds(p: Params, mode: 'exclusive' | 'inclusive'): { dateFrom: string | undefined; dateTo: string | undefined } {
  if (mode === 'inclusive') return { dateFrom: bound(p, 'date_from', 'from'), dateTo: bound(p, 'date_to', 'to') };
  const from = value(p, 'date_from');
  const to = value(p, 'date_to');
  const shift = (v: string, name: string, kind: 'from' | 'to'): string => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
    const parsed = parseDateTime(v, dateOnly ? kind === 'from' : kind === 'to');
    if (!parsed) throw invalid(name, `'${name}' must be YYYY-MM-DD or YYYY-MM-DD HH:MM:SS.`);
    const ms = Date.parse(`${parsed.replace(' ', 'T')}Z`) + (kind === 'from' ? 1000 : -1000);
    return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  };
  return { dateFrom: from === undefined ? undefined : shift(from, 'date_from', 'from'), dateTo: to === undefined ? undefined : shift(to, 'date_to', 'to') };
}

export function within(datetime: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || datetime >= from) && (to === undefined || datetime <= to);
}

export function currency(p: Params, name = 'currency_code'): string | undefined {
  const raw = text(p, name);
  if (raw === undefined) return undefined;
  const code = raw.trim();
  if (!isKnownCurrency(code)) throw invalid(name, 'Unknown currency');
  return code;
}

/** A non-negative decimal with no more decimals than the currency has. */
export function amount(p: Params, name: string, currencyCode: string): ParsedAmount | undefined {
  const v = value(p, name);
  if (v === undefined) return undefined;
  return checkAmount(v, name, currencyCode);
}

export function checkAmount(v: string, name: string, currencyCode: string): ParsedAmount {
  const parsed = parseAmount(v);
  if (!parsed) throw invalid(name, `'${name}' must be a non-negative decimal number such as 19.99.`);
  if (parsed.decimals > currencyDecimals(currencyCode)) {
    throw invalid(name, `'${name}' has more decimal places than ${currencyCode} allows.`);
  }
  return parsed;
}

export function paymentType(p: Params, name = 'type'): string | undefined {
  const v = value(p, name);
  if (v === undefined) return undefined;
  if (!PAYMENT_TYPES.includes(v)) throw invalid(name, `Invalid payment type '${v}'. Must be one of: ${PAYMENT_TYPES.join(', ')}.`);
  return v;
}

/** `YYYY-MM-DD` (or with a time) → `YYYY-MM-DD HH:MM:SS`. */
export function date(p: Params, name = 'date'): string | undefined {
  const v = value(p, name);
  if (v === undefined) return undefined;
  const parsed = parseDateTime(v);
  if (!parsed) throw invalid(name, `'${name}' must be a date in YYYY-MM-DD format.`);
  return parsed;
}

const FOLDERS = ['active', 'archived', 'deleted'] as const;

export function folder(p: Params): (typeof FOLDERS)[number] {
  const v = value(p, 'folder') ?? 'active';
  if (!(FOLDERS as readonly string[]).includes(v)) throw invalid('folder', "'folder' must be active, archived or deleted.");
  return v as (typeof FOLDERS)[number];
}
