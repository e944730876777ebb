/**
 * Exact decimal amounts. iCount takes `sum` as a float; the emulator keeps what the caller sent as a
 * decimal string (never a binary float) and does its little arithmetic on scaled BigInts.
 */
const DECIMAL = /^\d+(\.\d+)?$/;

/** `12.50`, `"12.50"` → `"12.50"`; anything that is not a plain non-negative decimal → undefined. */
export function parseAmount(raw: unknown): string | undefined {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 0) return undefined;
    const text = String(raw);
    return DECIMAL.test(text) ? text : undefined; // rejects exponent forms such as 1e-7
  }
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  return DECIMAL.test(text) ? text : undefined;
}

function scaleOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

function toUnits(amount: string, scale: number): bigint {
  const [whole = '0', frac = ''] = amount.split('.');
  return BigInt(whole + frac.padEnd(scale, '0'));
}

function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export function compareAmounts(a: string, b: string): number {
  const scale = Math.max(scaleOf(a), scaleOf(b));
  const diff = toUnits(a, scale) - toUnits(b, scale);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

export function isPositive(amount: string): boolean {
  return compareAmounts(amount, '0') > 0;
}

export function addAmounts(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b), 2);
  return fromUnits(toUnits(a, scale) + toUnits(b, scale), scale);
}

export function subtractAmounts(a: string, b: string): string {
  const scale = Math.max(scaleOf(a), scaleOf(b), 2);
  return fromUnits(toUnits(a, scale) - toUnits(b, scale), scale);
}

/**
 * The first of `count` installments when the caller gave none: equal installments rounded down to
 * the amount's precision (at least agorot/cents), the remainder going to the first payment.
 */
export function defaultFirstPayment(total: string, count: number): string {
  const scale = Math.max(scaleOf(total), 2);
  const units = toUnits(total, scale);
  const each = units / BigInt(count);
  return fromUnits(units - each * BigInt(count - 1), scale);
}
