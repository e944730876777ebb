import type { UserErrorRecord } from '../domain/records.js';

export function problem(code: UserErrorRecord['code'], field: string[], message: string): UserErrorRecord {
  return { code, field, message };
}

/** Free text: bounded length, no control characters (they break upstream XML and logs). */
export function maxLength(value: string | null | undefined, max: number, field: string[]): UserErrorRecord | null {
  if (value === null || value === undefined) return null;
  if (value.length > max) return problem('INVALID_INPUT', field, `Must be at most ${max} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value)) return problem('INVALID_INPUT', field, 'Must not contain control characters.');
  return null;
}

export function validIdempotencyKey(key: string, field: string[] = ['idempotencyKey']): UserErrorRecord | null {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7E]+$/.test(key)) {
    return problem('INVALID_INPUT', field, 'The idempotency key must be 1 to 255 printable ASCII characters without spaces.');
  }
  return null;
}
