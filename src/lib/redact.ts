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

/** Keys whose value in free text is a credential: `sid=…`, `"token": "…"`, `pass: …`. */
const CREDENTIAL_IN_TEXT = /\b(sid|session_id|token|access_token|refresh_token|api_?key|pass|passwd|password|secret)(["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;
/** `Bearer <token>` (an Authorization header quoted back), and `Basic <credentials>`. */
const AUTH_SCHEME_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
/** A 3–4 digit value within a few characters after a CVV keyword. */
const CVV_IN_TEXT = /\b(cc_cvv|cvv2?|cvc2?|cvn|cid|security[ _]code)\b([^0-9A-Za-z]{0,4})\d{3,4}\b/gi;
/** Nine digits on their own (not part of a longer number). */
const NINE_DIGITS = /(?<![0-9])\d{9}(?![0-9])/g;

/** The Israeli national id (teudat zehut) check digit: weights 1,2,1,2…, digit sums, total a multiple of 10. */
export function isIsraeliId(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(digits[i]) * (i % 2 === 0 ? 1 : 2);
    total += product > 9 ? product - 9 : product;
  }
  return total % 10 === 0;
}

/**
 * An upstream's own error text made safe to relay to a client: credentials (`sid=…`, `token: …`,
 * `pass=…`, `Bearer …`), CVV-looking values next to a CVV keyword, card numbers (13–19 digits, to
 * their last 4) and Israeli national ids (9 digits with a valid check digit) are replaced. The
 * one scrub for upstream text (iCount's `error_description`, FreshBooks' `<error>` messages).
 */
export function scrubUpstreamText(text: string): string {
  return scrubCardNumbers(
    text
      .replace(AUTH_SCHEME_IN_TEXT, (_, scheme: string) => `${scheme} [REDACTED]`)
      .replace(CREDENTIAL_IN_TEXT, (_, key: string, sep: string) => `${key}${sep}[REDACTED]`)
      .replace(CVV_IN_TEXT, (_, key: string, sep: string) => `${key}${sep}[REDACTED]`),
  ).replace(NINE_DIGITS, (digits) => (isIsraeliId(digits) ? '[ID]' : digits));
}
