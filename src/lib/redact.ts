/**
 * Card data and secrets never rest: this is the one place that knows which keys hold them.
 * Used by the emulators' request logs, the gateway's logger and anything else that stores
 * parameters.
 */
const CARD_NUMBER_KEYS = new Set(['cc_number', 'number', 'cardNumber', 'card_number']);
const SECRET_KEYS = new Set([
  'cc_cvv', 'cvv', 'cc_holder_id', 'holderId', 'holder_id', 'pass', 'password', 'sid', 'token',
  'access_token', 'refresh_token', 'authorization', 'apiKey', 'api_key',
]);

/** Every key whose value is card data or a secret, wherever it appears (the logger censors these whole). */
export const SENSITIVE_KEYS: readonly string[] = Object.freeze([...CARD_NUMBER_KEYS, ...SECRET_KEYS]);

/** `4580458045804580` → `************4580`; anything shorter than 8 characters is masked whole. */
export function maskCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 8) return '[REDACTED]';
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

/** A deep copy of `value` with card numbers masked to their last 4 digits and secrets removed. */
export function redact<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && value !== null && value !== undefined && typeof value !== 'object') {
    // Fewer than 8 digits cannot be a card number (an invoice `number` filter, say): kept as is.
    if (CARD_NUMBER_KEYS.has(key)) return String(value).replace(/\D/g, '').length < 8 ? value : maskCardNumber(String(value));
    if (SECRET_KEYS.has(key)) return '[REDACTED]';
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, undefined));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k)]));
  }
  return value;
}

/** Removes anything that looks like a full card number (13–19 digits) from free text. */
export function scrubCardNumbers(text: string): string {
  return text.replace(/\b\d(?:[ -]?\d){12,18}\b/g, (m) => maskCardNumber(m));
}
