/**
 * Property-based bad-input tests for the three money-moving mutations (fast-check).
 *
 * Every generated input starts from a VALID input and has one field (or a few) corrupted so that
 * it is definitely invalid. For every one, over real HTTP against one stack (both emulators and
 * the gateway), the answer must be:
 *  (a) a payload with non-empty `userErrors` (each with a `code` and a `field` path starting at
 *      `input`), or GraphQL errors that are all `BAD_USER_INPUT` (everything is sent as variables);
 *  (b) never HTTP 5xx or INTERNAL_SERVER_ERROR;
 *  (c) no `cc/bill` reached the iCount emulator and no `payment.create` reached FreshBooks;
 *  (d) the response never contains the card number (a long digit string, in full) or CVV sent.
 *
 * Reproducible: every property runs with a fixed seed, SEED (20260521) + the property's number,
 * `endOnFailure` (no shrinking: a failure is reported as generated). Change SEED to explore.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clientGlobalId, intKeyOf, parseClientId, toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { startStack, type TestStack } from './support/stack.js';

const SEED = 20260521;
const PROPERTY_TIMEOUT_MS = 60_000;

type Mutation = 'chargeCard' | 'recordPayment' | 'payInvoice';
type Input = Record<string, unknown>;
/** A generated bad input: `what` names the corruption (it shows in fast-check's counterexample). */
interface Case {
  what: string;
  /** The whole `$input` variable; `undefined` sends no variable at all. */
  input: unknown;
}

const MUTATIONS: Record<Mutation, string> = {
  chargeCard: `mutation($input: ChargeCardInput!) { chargeCard(input: $input) {
    charge { id confirmationCode card { brand last4 } } userErrors { code field message } } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
    payment { id notes } userErrors { code field message } } }`,
  payInvoice: `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) {
    pending charge { id confirmationCode card { brand last4 } } payment { id notes } userErrors { code field message } } }`,
};

/** Inputs sent per mutation; the last test sums them. */
const tried: Record<Mutation, number> = { chargeCard: 0, recordPayment: 0, payInvoice: 0 };

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

// ---------------------------------------------------------------------------------------------
// Sending and judging one input
// ---------------------------------------------------------------------------------------------

/** Base inputs carry this key; each request gets a fresh one in its place. */
const FRESH = '<fresh-key>';
let keySeq = 0;

function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => allStrings(v, out));
  return out;
}

const countDigits = (s: string) => (s.match(/\p{Nd}/gu) ?? []).length;

/** Leaves (strings and numbers) under `value`, as text. */
function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (isObject(value)) Object.values(value).forEach((v) => leaves(v, out));
  return out;
}

/** Card fields that may be shown (masked or not); everything else in `card` is treated as secret. */
const SHOWABLE_CARD_FIELDS = new Set(['tokenId', 'expiry', 'holderName', 'holderId']);

/**
 * What of the card sent came back: a card number (any value of 8+ digits under `card.number` or an
 * unknown card field) in full, or the CVV. Mask-to-last-4 is fine.
 */
function leaksOf(input: unknown, haystack: string): string[] {
  const card = isObject(input) && isObject(input.card) ? input.card : null;
  if (!card) return [];
  const leaks: string[] = [];
  for (const [field, value] of Object.entries(card)) {
    if (SHOWABLE_CARD_FIELDS.has(field)) continue;
    const isCvv = field.toLowerCase() === 'cvv';
    for (const raw of leaves(value)) {
      if (isCvv && /^[0-9]{3,}$/.test(raw)) {
        if (new RegExp(`(?<![0-9A-Za-z])${raw}(?![0-9A-Za-z])`).test(haystack)) leaks.push(`CVV ${raw}`);
        continue;
      }
      if (isCvv) {
        if (raw.trim().length >= 3 && countDigits(raw) >= 1 && haystack.includes(raw)) leaks.push(`CVV as sent ${JSON.stringify(raw)}`);
        continue;
      }
      const digits = raw.replace(/[^0-9]/g, '');
      if (digits.length >= 8 && haystack.includes(digits)) leaks.push(`card.${field} digits ${digits.slice(0, 24)}${digits.length > 24 ? '…' : ''}`);
      if (raw !== digits && countDigits(raw) >= 8 && haystack.includes(raw)) leaks.push(`card.${field} as sent ${JSON.stringify(raw.slice(0, 40))}`);
    }
  }
  return leaks;
}

const RESULT_FIELDS: Record<Mutation, string[]> = {
  chargeCard: ['charge'],
  recordPayment: ['payment'],
  payInvoice: ['charge', 'payment'],
};

/** Why the answer is not a clean refusal, or null when it is. */
function problemWith(mutation: Mutation, status: number, body: any): string | null {
  if (status >= 500) return `HTTP ${status}`;
  if (status !== 200 && status !== 400) return `unexpected HTTP ${status}`;
  if (!isObject(body)) return 'the body is not a JSON object';
  const errors = body.errors as { extensions?: { code?: unknown } }[] | undefined;
  if (errors !== undefined) {
    if (!Array.isArray(errors) || errors.length === 0) return '`errors` is present but empty';
    const codes = errors.map((e) => e?.extensions?.code);
    if (!codes.every((c) => c === 'BAD_USER_INPUT')) return `GraphQL error codes ${JSON.stringify(codes)} (expected only BAD_USER_INPUT)`;
    const data = isObject(body.data) ? body.data[mutation] : null;
    if (data !== null && data !== undefined) return 'GraphQL errors and a payload at once';
    return null;
  }
  if (status !== 200) return `HTTP ${status} without errors`;
  const payload = isObject(body.data) ? body.data[mutation] : undefined;
  if (!isObject(payload)) return 'no payload and no errors';
  const userErrors = payload.userErrors as { code?: unknown; field?: unknown }[];
  if (!Array.isArray(userErrors) || userErrors.length === 0) return 'accepted: empty userErrors';
  for (const e of userErrors) {
    if (typeof e.code !== 'string' || e.code === '') return `a userError without a code: ${JSON.stringify(e)}`;
    if (!Array.isArray(e.field) || e.field[0] !== 'input') return `a userError whose field does not start at input: ${JSON.stringify(e)}`;
  }
  for (const f of RESULT_FIELDS[mutation]) if (payload[f] !== null) return `\`${f}\` is not null next to userErrors`;
  if (mutation === 'payInvoice' && payload.pending !== false) return '`pending` is not false';
  return null;
}

/** Sends one bad input over HTTP and asserts (a)–(d); throws (fails the property) otherwise. */
async function expectRefused(mutation: Mutation, c: Case): Promise<void> {
  tried[mutation] += 1;
  const input = isObject(c.input) && c.input.idempotencyKey === FRESH ? { ...c.input, idempotencyKey: `prop-${mutation}-${++keySeq}` } : c.input;
  const bills = stack.icount.log.count('cc/bill');
  const creates = stack.freshbooks.log.count('payment.create');

  // Over real HTTP, through the stack's client (it adds whatever the gateway needs, e.g. an API key).
  let status = 0;
  let body: unknown;
  try {
    const res = await stack.gql(MUTATIONS[mutation], { input });
    status = res.status;
    body = { data: res.data, errors: res.errors };
  } catch (err) {
    throw new Error(`${mutation} with ${c.what}: the answer is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  // The request id (a random UUID) and query locations are left out of what is searched for card data.
  const text = JSON.stringify(body, (k, v: unknown) => (k === 'requestId' || k === 'locations' ? undefined : v));

  const problems: string[] = [];
  const why = problemWith(mutation, status, body);
  if (why) problems.push(why);
  if (text.includes('INTERNAL_SERVER_ERROR')) problems.push('INTERNAL_SERVER_ERROR in the answer');
  const billed = stack.icount.log.count('cc/bill') - bills;
  const recorded = stack.freshbooks.log.count('payment.create') - creates;
  if (billed) problems.push(`${billed} cc/bill reached iCount`);
  if (recorded) problems.push(`${recorded} payment.create reached FreshBooks`);
  problems.push(...leaksOf(input, `${text}\n${allStrings(JSON.parse(text)).join('\n')}`).map((l) => `echoed ${l}`));

  if (problems.length) {
    throw new Error(`${mutation} with ${c.what}: ${problems.join('; ')}\n  answer: HTTP ${status} ${text.slice(0, 1200)}`);
  }
}

/** One property: `numRuns` inputs from `cases`, each one refused cleanly; seeded with SEED + `property`. */
async function refusesAll(mutation: Mutation, property: number, cases: fc.Arbitrary<Case>, numRuns: number): Promise<void> {
  const seed = SEED + property;
  await fc.assert(
    fc.asyncProperty(cases, (c) => expectRefused(mutation, c)),
    { numRuns, seed, endOnFailure: true },
  );
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** A deep copy of `obj` with `path` set to `value` (`undefined`: the key is left out of the JSON). */
function withPath(obj: Input, path: string[], value: unknown): Input {
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Input = { ...obj };
  const own = Object.prototype.hasOwnProperty.call(obj, head) ? obj[head] : undefined;
  // defineProperty: a key such as `__proto__` becomes an own property, sent in the JSON like any other.
  Object.defineProperty(copy, head, {
    value: rest.length === 0 ? value : withPath(isObject(own) ? own : {}, rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** Corrupts `path` of every base input with a value of `bad`. */
function corrupt(what: string, base: fc.Arbitrary<Input>, path: string[], bad: fc.Arbitrary<unknown>): fc.Arbitrary<Case> {
  return fc.tuple(base, bad).map(([b, v]) => ({ what: `${what} at ${path.join('.')}: ${preview(v)}`, input: withPath(b, path, v) }));
}

function preview(v: unknown): string {
  const s = v === undefined ? '(missing)' : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 60)}… (${s.length} chars)` : s;
}

const digitString = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));

/** Long digit strings without generating thousands of values: a seeded LCG. */
const hugeDigits = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 0x7fffffff })).map(([len, seed]) => {
    let x = seed;
    let s = '';
    for (let i = 0; i < len; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      s += String((x >>> 16) % 10);
    }
    return s;
  });

/** Inserts `ch` into `s` at a position chosen by `at` (0–1). */
const insertAt = (s: string, ch: string, at: number) => {
  const i = Math.min(s.length, Math.floor(at * (s.length + 1)));
  return s.slice(0, i) + ch + s.slice(i);
};
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const CONTROL_CHARS = [...Array.from({ length: 9 }, (_, i) => i), 0x0b, 0x0c, ...Array.from({ length: 18 }, (_, i) => 0x0e + i), 0x7f].map((c) => String.fromCharCode(c));
/** Free text with a forbidden control character in it. */
const withControlChar = (maxLength: number) =>
  fc.tuple(fc.string({ maxLength: Math.min(40, maxLength - 1) }), fc.constantFrom(...CONTROL_CHARS), fraction).map(([s, ch, at]) => insertAt(s, ch, at));
const longText = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.constantFrom('x', 'ab', 'תשלום ', 'Ref <A&B> ', '€')).map(([len, unit]) => unit.repeat(Math.ceil(len / unit.length)).slice(0, len));

/** JSON values of the wrong type for a String field (null is allowed on optional fields, so apart). */
const notAString = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 3 }),
);
/** JSON values of the wrong type for an Int field. */
const notAnInt = fc.oneof(
  fc.constantFrom('1', '57', '', 'three', '1e3'),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1e12, Number.MAX_SAFE_INTEGER, 1e21),
  fc.boolean(),
  fc.constant({}),
  fc.constant([1]),
);
/** JSON values of the wrong type for a Boolean field. */
const notABoolean = fc.oneof(fc.constantFrom('true', 'false', 'yes', '', 0, 1, 'null'), fc.constant({}), fc.constant([true]));

// --- card numbers ---------------------------------------------------------------------------

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Conservative oracle: could the gateway take this as a card number (spaces and dashes removed)? */
function couldBeCardNumber(s: string): boolean {
  const n = s.replace(/[\s-]/g, '');
  if (!/^[0-9]+$/.test(n)) return false;
  return n.length === 8 || n.length === 9 || (n.length >= 12 && n.length <= 19 && luhnOk(n));
}

const GOOD_NUMBERS = [
  ICOUNT_TEST_CARDS.visa, ICOUNT_TEST_CARDS.mastercard, ICOUNT_TEST_CARDS.amex, ICOUNT_TEST_CARDS.diners,
  ICOUNT_TEST_CARDS.isracard, '4111111111111111', '5454545454545454', '6011000990139424',
];
/** Good numbers that have a Luhn check digit (the Israeli 9-digit number has none). */
const LUHN_NUMBERS = GOOD_NUMBERS.filter((n) => n.length >= 12);

const UNICODE_DIGIT_SETS = ['٠١٢٣٤٥٦٧٨٩', '۰۱۲۳۴۵۶۷۸۹', '०१२३४५६७८९', '０１２３４５６７８９', '০১২৩৪৫৬৭৮৯', '𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗'];
const toUnicodeDigits = (s: string, set: string, every: boolean, at: number) => {
  const digits = [...set];
  const pos = Math.floor(at * s.length);
  return [...s].map((ch, i) => (/[0-9]/.test(ch) && (every || i === pos) ? digits[Number(ch)]! : ch)).join('');
};

const luhnFailing = fc
  .tuple(fc.integer({ min: 12, max: 19 }), digitString(19, 19), fc.integer({ min: 1, max: 9 }))
  .map(([len, ds, shift]) => {
    const body = (ds[0] === '0' ? '4' : '') + ds.slice(0, len - 1);
    const head = body.slice(0, len - 1);
    let check = 0;
    while (!luhnOk(head + String(check))) check++;
    return head + String((check + shift) % 10);
  });

const badCardNumber = fc
  .oneof(
    { weight: 3, arbitrary: luhnFailing },
    // One digit of a real number changed: Luhn always notices a single substitution.
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...LUHN_NUMBERS), fraction, fc.integer({ min: 1, max: 9 })).map(([n, at, d]) => {
      const i = Math.floor(at * n.length);
      return n.slice(0, i) + String((Number(n[i]) + d) % 10) + n.slice(i + 1);
    }) },
    { weight: 3, arbitrary: fc.oneof(digitString(1, 7), digitString(10, 11), digitString(20, 30)) }, // wrong length
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...GOOD_NUMBERS), fc.stringMatching(/^[a-zA-Z]{1,3}$/), fraction).map(([n, letters, at]) => insertAt(n, letters, at)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...GOOD_NUMBERS), fraction).map(([n, at]) => { const i = Math.floor(at * n.length); return n.slice(0, i) + 'O' + n.slice(i + 1); }) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...GOOD_NUMBERS), fc.constantFrom(...UNICODE_DIGIT_SETS), fc.boolean(), fraction).map(([n, set, every, at]) => toUnicodeDigits(n, set, every, at)) },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\u2028', '\ufeff', '-'), { maxLength: 20 }).map((a) => a.join('')) }, // whitespace only, or empty
    { weight: 1, arbitrary: hugeDigits(20, 10_000) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('4', '5454', '4580'), fc.integer({ min: 100, max: 10_000 })).map(([u, n]) => u.repeat(n)) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('\u2212', '+', '\u2212\u2212', '\ufe63', '\uff0d', '(', '−0'), fc.constantFrom(...GOOD_NUMBERS)).map(([sign, n]) => sign + n) },
    { weight: 1, arbitrary: luhnFailing.map((n) => `-${n}`) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...GOOD_NUMBERS), fc.constantFrom(
      (n: string) => `${n}<script>alert(1)</script>`,
      (n: string) => `<script>alert('${n}')</script>`,
      (n: string) => `${n}'; DROP TABLE cards; --`,
      (n: string) => `' OR '1'='1' -- ${n}`,
      (n: string) => `${n}" OR ""="`,
      (n: string) => `]]><cc_number>${n}</cc_number><![CDATA[`,
      (n: string) => `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>${n}&e;</x>`,
      (n: string) => `&#52;${n.slice(1)}`,
      (n: string) => `${n}\u0000`,
      (n: string) => `${n}%00`,
      (n: string) => `{{7*7}}${n}`,
      (n: string) => `${n}.00`,
      (n: string) => n.replace(/(\d{4})/g, '$1.'),
      (n: string) => n.replace(/(\d{4})/g, '$1/'),
      (n: string) => n.replace(/(\d{4})/g, '$1_'),
      (n: string) => `0x${n}`,
      (n: string) => `${n}e0`,
      (n: string) => `${n},${n}`,
      (n: string) => `${n}${n}`,
    )).map(([n, f]) => f(n)) },
    { weight: 1, arbitrary: fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '1; DROP TABLE cards', 'NaN', 'null', 'undefined', '[object Object]', '../../etc/passwd', '${7*7}', '&amp;&lt;&gt;', 'card') },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }) },
  )
  .filter((n) => !couldBeCardNumber(n));

// --- expiry and CVV -------------------------------------------------------------------------

const THIS_YEAR = new Date().getUTCFullYear();
const THIS_MONTH = new Date().getUTCMonth() + 1;
const FUTURE_YEAR = THIS_YEAR + 3;
const yy = (y: number) => String(y % 100).padStart(2, '0');
const mm = (m: number) => String(m).padStart(2, '0');
const EXPIRY_FORMATS = [
  (m: string, y: number) => `${m}/${yy(y)}`,
  (m: string, y: number) => `${m}${yy(y)}`,
  (m: string, y: number) => `${y}-${m}`,
  (m: string, y: number) => `${m}/${y}`,
];

const badExpiry = fc.oneof(
  // A month that does not exist.
  fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })), fc.integer({ min: THIS_YEAR, max: THIS_YEAR + 15 }), fc.constantFrom(...EXPIRY_FORMATS)).map(([m, y, f]) => f(mm(m), y)),
  // In the past: an earlier year (or an earlier month of this year).
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: THIS_YEAR - 1 }), fc.constantFrom(...EXPIRY_FORMATS)).map(([m, y, f]) => f(mm(m), y)),
  ...(THIS_MONTH > 1 ? [fc.tuple(fc.integer({ min: 1, max: THIS_MONTH - 1 }), fc.constantFrom(...EXPIRY_FORMATS)).map(([m, f]) => f(mm(m), THIS_YEAR))] : []),
  // MM/YY with a letter somewhere.
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...EXPIRY_FORMATS), fc.stringMatching(/^[a-zA-Z]$/), fraction).map(([m, f, letter, at]) => insertAt(f(mm(m), FUTURE_YEAR), letter, at)),
  fc.constantFrom(`12/3O`, `l2/${yy(FUTURE_YEAR)}`, `12/${yy(FUTURE_YEAR)}x`, 'MM/YY', 'next year', 'never', 'yesterday', 'NaN', 'null', '12/', '/30', '1/3', `12/${FUTURE_YEAR}0`, `${FUTURE_YEAR}-12-01`, `${FUTURE_YEAR}/12`, `12-${yy(FUTURE_YEAR)}`, `12.${yy(FUTURE_YEAR)}`, `12\\${yy(FUTURE_YEAR)}`, `12/${yy(FUTURE_YEAR)}/01`),
  // Garbage with at least one letter in it.
  fc.tuple(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-zA-Z]$/), fraction).map(([s, letter, at]) => insertAt(s, letter, at)),
  // Empty, whitespace only, too long, unicode digits.
  fc.array(fc.constantFrom(' ', '\t', '\n', '\u00a0'), { maxLength: 6 }).map((a) => a.join('')),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...EXPIRY_FORMATS), digitString(7, 40)).map(([m, f, tail]) => `${f(mm(m), FUTURE_YEAR)}${tail}`),
  fc.tuple(fc.constantFrom(...UNICODE_DIGIT_SETS), fc.constantFrom(...EXPIRY_FORMATS)).map(([set, f]) => toUnicodeDigits(f('12', FUTURE_YEAR), set, true, 0)),
  // Missing (a number needs an expiry), or the wrong JSON type.
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom(1230, 12.3, true, { month: 12, year: FUTURE_YEAR }, ['12', yy(FUTURE_YEAR)]),
);

const badCvv = fc.oneof(
  fc.stringMatching(/^[0-9]{1,2}$/),
  fc.stringMatching(/^[0-9]{5,32}$/),
  fc.stringMatching(/^[0-9a-zA-Z]{3,4}$/).filter((s) => /[a-zA-Z]/.test(s)),
  fc.tuple(fc.constantFrom(...UNICODE_DIGIT_SETS), fc.stringMatching(/^[0-9]{3,4}$/)).map(([set, s]) => toUnicodeDigits(s, set, true, 0)),
  fc.constantFrom('', ' ', ' 735', '735 ', '7 35', '735\n', '\t9182', '-735', '+735', '73.5', '0x1F', '１２３', '<cvv>735</cvv>', "735' OR '1'='1"),
  fc.integer({ min: 100, max: 9999 }),
  fc.constantFrom(true, [735], { cvv: '735' }, 73.5),
);

// --- amounts and currencies -----------------------------------------------------------------

/** Conservative oracle: could the gateway take this amount for a currency with `decimals`? */
function couldBeAmount(s: string, decimals: number): boolean {
  const m = /^(\d{1,15})(?:\.(\d{1,20}))?$/.exec(s);
  if (!m) return false;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac.length <= decimals && /[1-9]/.test(m[1]! + frac);
}

const plainDecimal = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.option(digitString(1, 2), { nil: undefined })).map(([i, f]) => (f ? `${i}.${f}` : String(i)));

function badAmountFor(decimals: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      plainDecimal.map((d) => `-${d}`),
      fc.constantFrom('0', '0.0', '0.00', '00.00', '000', '-0', '-0.00', '0.000', '0.0000000000'),
      fc.tuple(fc.integer({ min: 0, max: 99_999 }), digitString(decimals, 12), fc.integer({ min: 1, max: 9 })).map(([i, f, last]) => `${i}.${f}${last}`),
      fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 30 })).map(([n, e, k]) => `${n}${e}${k}`),
      fc.constantFrom('NaN', 'Infinity', '-Infinity', '+Infinity', 'null', 'undefined', 'true', 'one hundred', '∞'),
      fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `${a},${String(b).padStart(3, '0')}.00`),
      fc.constantFrom('1.000,00', '10,5', '1 000.00', '1\u00a0000.00', "1'000.00", '1_000'),
      plainDecimal.filter((d) => d !== '0').map((d) => `+${d}`),
      fc.tuple(plainDecimal, fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003'), fc.constantFrom('before', 'after', 'inside')).map(([d, sp, where]) =>
        where === 'before' ? sp + d : where === 'after' ? d + sp : `${d.slice(0, 1)}${sp}${d.slice(1)}`),
      fc.tuple(fc.integer({ min: 1, max: 9 }), digitString(15, 40)).map(([h, t]) => `${h}${t}.00`), // more than 15 integer digits
      fc.integer({ min: 65, max: 2_000 }).map((n) => '9'.repeat(n)),
      fc.constantFrom('', ' ', '.', '.5', '5.', '0x1A', '0b101', '0o17', '١٠٠', '１００', '100.00.00', '$10', '10 ILS', '10.00ILS', '₪10', '--5', '1/2', '½', '10%', '1e', '-', '+', '١٠٠.٠٠'),
    )
    .filter((s) => !couldBeAmount(s, decimals));
}

const notADecimal = fc.oneof(
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(true, false, {}, [], ['10.00'], { amount: '10.00' }),
);

/** A bad `amount.amount` in the input's own currency (JPY has no minor unit). */
function badAmountIn(base: fc.Arbitrary<Input>): fc.Arbitrary<Case> {
  return base.chain((b) => {
    const { currency } = b.amount as { currency: string };
    return badAmountFor(currency === 'JPY' ? 0 : 2).map((a) => ({ what: `a bad amount ${preview(a)} in ${currency}`, input: withPath(b, ['amount', 'amount'], a) }));
  });
}

/** An `amount.amount` that is not a decimal string at all. */
function wrongTypeAmount(base: fc.Arbitrary<Input>): fc.Arbitrary<Case> {
  return corrupt('an amount of the wrong type', base, ['amount', 'amount'], fc.oneof(notADecimal, fc.constant(null), fc.constant(undefined)));
}

/** Currencies iCount has (emulator list): a charge in any other must be refused. */
const ICOUNT_CURRENCIES = ['EUR', 'USD', 'GBP', 'ILS', 'JPY', 'CHF', 'CAD', 'AUD'];
const SOME_ISO_CURRENCIES = ['XAF', 'KWD', 'BHD', 'SEK', 'NOK', 'RUB', 'CNY', 'INR', 'BRL', 'ZAR', 'TRY', 'MXN', 'PLN', 'CZK', 'HUF', 'XOF'];

/** A currency that is never acceptable where `allowed` is the only acceptable one(s). */
function badCurrency(allowed: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...ICOUNT_CURRENCIES).chain((c) => fc.constantFrom(c.toLowerCase(), c[0] + c.slice(1).toLowerCase(), c.slice(0, 2), `${c}S`, ` ${c}`, `${c} `, `${c}\u0000`, [...c].join(' '))),
    fc.stringMatching(/^[A-Z]{2}$|^[A-Z]{4,6}$/),
    fc.stringMatching(/^[A-Z]{3}$/).filter((c) => !allowed.includes(c)),
    fc.constantFrom('XXX', 'ZZZ', 'XTS', 'BTC', 'ABC', 'QQQ', 'XAU'),
    fc.constantFrom(...SOME_ISO_CURRENCIES, ...ICOUNT_CURRENCIES).filter((c) => !allowed.includes(c)),
    fc.constantFrom('', '376', '840', '₪', '$', 'US$', 'NIS', 'shekel', 'ИЛС', 'ＩＬＳ', 'ils', 'Usd'),
    fc.constantFrom(5, 376, true, {}, ['ILS']),
  );
}

// --- ids, keys, dates, free text ------------------------------------------------------------

const OTHER_TYPE_IDS = [
  toGlobalId('Payment', 15), toGlobalId('Card', 57), toGlobalId('Charge', 1), toGlobalId('Invoice', 15), toGlobalId('Invoice', 13),
  clientGlobalId('freshbooks', 1), clientGlobalId('icount', 1001),
];
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Ids that name no object of `type` (malformed, another type, or a key that cannot exist). */
function badIdFor(type: 'Invoice' | 'Client', valid: (id: string) => boolean): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
      fc.constantFrom(...OTHER_TYPE_IDS),
      fc.constantFrom('Invoice:15', 'Client:freshbooks:7', '15', '13', 'null', 'undefined', ' ', 'SW52b2ljZToxNQ==', 'SW52b2ljZToxNQ ', ' SW52b2ljZToxNQ', 'SW52b2ljZToxNQ.', 'U1c1MmIybGpaVG94TlE'),
      fc.constantFrom('0', '-1', '015', 'abc', '1.5', '', ' 15', '15 ', '1e3', '0x0F', '١٥', 'freshbooks:', 'icount:x', 'stripe:7', 'freshbooks:0', 'freshbooks:-7', 'freshbooks:07').map((k) => b64(`${type}:${k}`)),
      fc.constantFrom('Invoice', 'Client', 'Card', 'Payment', 'Charge', 'Node', 'invoice', 'client', '').map((t) => b64(`${t}:`)),
      fc.integer({ min: 65, max: 5000 }).map((n) => 'A'.repeat(n)),
      fc.integer({ min: 201, max: 5000 }).map((n) => b64(`${type}:${'1'.repeat(n)}`).slice(0, n)),
    )
    .filter((id) => id !== '' && !valid(id));
}

const badIdempotencyKey = fc.oneof(
  fc.constantFrom('', ' ', '  ', '\t', '\n', 'a b', 'key with spaces', ' key', 'key ', 'ключ', 'מפתח', 'clé', 'emoji-🔑', 'nul\u0000byte', 'del\u007f', 'tab\tkey', 'line\nkey'),
  fc.tuple(fc.string({ maxLength: 20, unit: 'grapheme-ascii' }), fc.constantFrom(' ', '\t', '\u00a0', 'é', '\u0000', '\u001b', '🔑'), fraction).map(([s, ch, at]) => insertAt(s, ch, at)),
  fc.integer({ min: 256, max: 5_000 }).map((n) => 'k'.repeat(n)),
  fc.tuple(fc.integer({ min: 256, max: 1_000 }), fc.integer({ min: 0, max: 1_000_000 })).map(([n, s]) => `key-${s}-`.padEnd(n, 'x')),
  fc.constant(undefined),
  fc.constant(null),
  notAString,
);

/** `YYYY-MM-DD`-looking or not, never a real calendar date. */
const badDate = fc.oneof(
  fc.constantFrom('2026-02-30', '2026-02-29', '2025-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-06-31', '2026-11-31', '2026-12-32', '2026-01-00', '0000-00-00'),
  fc.tuple(fc.integer({ min: 1970, max: 2100 }), fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${mm(m)}-${mm(d)}`),
  fc.tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 }))).map(([y, m, d]) => `${y}-${mm(m)}-${mm(d)}`),
  // The 29th of February in a year that is not a leap year, the 31st of a 30-day month.
  fc.integer({ min: 1970, max: 2100 }).filter((y) => !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))).map((y) => `${y}-02-29`),
  fc.tuple(fc.integer({ min: 1970, max: 2100 }), fc.constantFrom(4, 6, 9, 11)).map(([y, m]) => `${y}-${mm(m)}-31`),
  // Years before 0100 (JavaScript's Date.UTC maps them to 1900–1999).
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${mm(m)}-${mm(d)}`),
  fc.constantFrom('yesterday', 'today', 'now', 'tomorrow', '', ' ', '2026/11/20', '20/11/2026', '11/20/2026', '2026-1-1', '2026-11-2', '20261120', '2026-11-20T00:00:00Z', '2026-11-20 00:00:00', ' 2026-11-20', '2026-11-20 ', '2026-11-20\n', '２０２６-１１-２０', '٢٠٢٦-١١-٢٠', '+2026-11-20', '-2026-11-20', '12026-11-20', '2026-W47', '2026-324'),
  fc.constantFrom(20261120, 1_700_000_000_000, true, {}, ['2026-11-20']),
);

const PAYMENT_TYPES = ['CASH', 'CHECK', 'CREDIT', 'CREDIT_CARD', 'BANK_TRANSFER', 'DEBIT', 'PAYPAL', 'TWO_CHECKOUT', 'VISA', 'MASTERCARD', 'DISCOVER', 'NOVA', 'AMEX', 'DINERS', 'EUROCARD', 'JCB', 'ACH'];
const badPaymentType = fc.oneof(
  fc.constantFrom('BITCOIN', 'WIRE', 'Credit Card', 'Bank Transfer', 'PayPal', '2Checkout', 'visa', 'cash', 'Cash', '', ' ', 'CASH ', 'UNKNOWN', 'null', 'CREDIT CARD', 'TWO-CHECKOUT'),
  fc.stringMatching(/^[A-Z_]{1,20}$/).filter((t) => !PAYMENT_TYPES.includes(t)),
  fc.string({ maxLength: 20 }).filter((t) => !PAYMENT_TYPES.includes(t)),
  fc.constantFrom(0, 1, 17, true, {}, ['CASH']),
);

// ---------------------------------------------------------------------------------------------
// Valid base inputs
// ---------------------------------------------------------------------------------------------

const invoice = (n: number | string) => toGlobalId('Invoice', n);
const future = (m: number) => fc.constantFrom(`${mm(m)}/${yy(FUTURE_YEAR)}`, `${FUTURE_YEAR}-${mm(m)}`, `${mm(m)}${yy(FUTURE_YEAR)}`, `${m}/${FUTURE_YEAR}`);

/** Valid card details (no decline/timeout test numbers). */
const goodDetailsCard: fc.Arbitrary<Input> = fc.record(
  {
    number: fc.constantFrom(...GOOD_NUMBERS),
    expiry: fc.integer({ min: 1, max: 12 }).chain(future),
    cvv: fc.constantFrom('735', '9182', '5519'),
    holderName: fc.constantFrom('Dana Levi', 'דנה לוי', "O'Brien & Sons"),
    holderId: fc.constantFrom('208915123', '039876541'),
  },
  { requiredKeys: ['number', 'expiry'] },
);

// chargeCard: any stored token but 64 (the scripted decline) is chargeable without a client.
const chargeBase = (card: fc.Arbitrary<Input>) =>
  fc.record(
    {
      idempotencyKey: fc.constant(FRESH),
      amount: fc.constantFrom({ amount: '100.00', currency: 'ILS' }, { amount: '250', currency: 'USD' }, { amount: '1999.90', currency: 'EUR' }, { amount: '5000', currency: 'JPY' }),
      card,
      description: fc.constantFrom('Order A-17', 'הזמנה 17'),
      test: fc.boolean(),
    },
    { requiredKeys: ['idempotencyKey', 'amount', 'card'] },
  );
const tokenCard: fc.Arbitrary<Input> = fc.record({ tokenId: fc.constantFrom(57, 58, 59, 60, 61, 62, 63), cvv: fc.constantFrom('735', '9182') }, { requiredKeys: ['tokenId'] });
const chargeWithDetails = chargeBase(goodDetailsCard);
const chargeWithToken = chargeBase(tokenCard);
const chargeWithAny = fc.oneof(chargeWithDetails, chargeWithToken);

// recordPayment: invoice 15 (900.00 ILS outstanding, client 7) or a credit for client 7.
const recordOnInvoice: fc.Arbitrary<Input> = fc.record(
  {
    idempotencyKey: fc.constant(FRESH),
    invoiceId: fc.constant(invoice(15)),
    amount: fc.constantFrom({ amount: '10.00', currency: 'ILS' }, { amount: '900', currency: 'ILS' }, { amount: '0.01', currency: 'ILS' }),
    date: fc.constantFrom('2026-11-20', '2024-02-29'),
    type: fc.constantFrom(...PAYMENT_TYPES),
    notes: fc.constantFrom('Ref <A&B> "quoted"', 'תשלום\nשורה שנייה', ''),
  },
  { requiredKeys: ['idempotencyKey', 'invoiceId', 'amount'] },
);
const recordCredit: fc.Arbitrary<Input> = fc.record(
  {
    idempotencyKey: fc.constant(FRESH),
    clientId: fc.constant(clientGlobalId('freshbooks', 7)),
    amount: fc.constantFrom({ amount: '50.00', currency: 'GBP' }, { amount: '12', currency: 'USD' }, { amount: '100', currency: 'JPY' }),
    type: fc.constantFrom('CASH', 'BANK_TRANSFER'),
    notes: fc.constant('Prepayment'),
  },
  { requiredKeys: ['idempotencyKey', 'clientId', 'amount'] },
);
const recordAny = fc.oneof(recordOnInvoice, recordCredit);

// payInvoice: invoice 13 (USD, 375.50 outstanding, client 5 = iCount 1005, whose tokens are 63 and 64).
const payBase = (card: fc.Arbitrary<Input>) =>
  fc.record(
    {
      idempotencyKey: fc.constant(FRESH),
      invoiceId: fc.constant(invoice(13)),
      card,
      amount: fc.constantFrom({ amount: '100.00', currency: 'USD' }, { amount: '375.50', currency: 'USD' }, { amount: '0.01', currency: 'USD' }),
      test: fc.boolean(),
    },
    { requiredKeys: ['idempotencyKey', 'invoiceId', 'card'] },
  );
const payWithDetails = payBase(goodDetailsCard);
const payWithToken = payBase(fc.record({ tokenId: fc.constant(63), cvv: fc.constant('735') }, { requiredKeys: ['tokenId'] }));
const payWithAny = fc.oneof(payWithDetails, payWithToken);

// ---------------------------------------------------------------------------------------------
// Corruptions shared by chargeCard and payInvoice: the card
// ---------------------------------------------------------------------------------------------

function badCards(withDetails: fc.Arbitrary<Input>, withToken: fc.Arbitrary<Input>, unknownTokens: fc.Arbitrary<number>): fc.Arbitrary<Case> {
  const withAny = fc.oneof(withDetails, withToken);
  return fc.oneof(
    { weight: 12, arbitrary: corrupt('a bad card number', withDetails, ['card', 'number'], badCardNumber) },
    { weight: 2, arbitrary: corrupt('a card number of the wrong type', withDetails, ['card', 'number'], fc.oneof(
      fc.constantFrom(...GOOD_NUMBERS).map(Number), fc.constantFrom(...GOOD_NUMBERS).map((n) => [n]), fc.constantFrom(...GOOD_NUMBERS).map((n) => ({ number: n })), notAString,
    )) },
    { weight: 6, arbitrary: corrupt('a bad expiry', withDetails, ['card', 'expiry'], badExpiry) },
    { weight: 5, arbitrary: corrupt('a bad CVV', withAny, ['card', 'cvv'], badCvv) },
    { weight: 2, arbitrary: corrupt('a bad holder id', withDetails, ['card', 'holderId'], fc.oneof(
      fc.stringMatching(/^[0-9]{0,4}$/), fc.stringMatching(/^[0-9]{11,30}$/), fc.stringMatching(/^[0-9a-z]{5,10}$/).filter((s) => /[a-z]/.test(s)), fc.constantFrom(' 208915123', '208-915-123', '٢٠٨٩١٥١٢٣'), notAString,
    )) },
    { weight: 2, arbitrary: corrupt('a bad holder name', withDetails, ['card', 'holderName'], fc.oneof(longText(101, 3000), withControlChar(100), notAString)) },
    { weight: 3, arbitrary: corrupt('an unknown token', withAny, ['card'], unknownTokens.map((tokenId) => ({ tokenId }))) },
    { weight: 2, arbitrary: corrupt('a token of the wrong type', withToken, ['card', 'tokenId'], notAnInt) },
    { weight: 2, arbitrary: fc.tuple(withDetails, fc.constantFrom(57, 63, 1)).map(([b, t]) => ({ what: 'both a token and a number', input: withPath(b, ['card', 'tokenId'], t) })) },
    { weight: 2, arbitrary: fc.tuple(withToken, fc.constantFrom('expiry', 'holderId'), fc.constantFrom(`12/${yy(FUTURE_YEAR)}`, '208915123')).map(([b, f, v]) => ({ what: `a stored token with ${f}`, input: withPath(b, ['card', f], v) })) },
    { weight: 2, arbitrary: corrupt('neither a token nor a number', withAny, ['card'], fc.constantFrom({}, { cvv: '735' }, { expiry: `12/${yy(FUTURE_YEAR)}`, cvv: '735' }, { tokenId: null, number: null }, { holderName: 'Dana Levi' })) },
    { weight: 2, arbitrary: corrupt('a card of the wrong type', withAny, ['card'], fc.oneof(fc.constant(undefined), fc.constant(null), fc.constantFrom(...GOOD_NUMBERS), fc.constantFrom(57, true), fc.constant([{ tokenId: 57 }]))) },
    { weight: 1, arbitrary: fc.tuple(withAny, fc.constantFrom('pan', 'cardNumber', 'cc_number', 'CVV', 'token', '__proto__', 'constructor')).map(([b, k]) => ({
      what: `an unknown card field ${k}`, input: withPath(b, ['card', k], ICOUNT_TEST_CARDS.visa),
    })) },
  );
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

const wrongTopLevel = (base: fc.Arbitrary<Input>, extraFields: string[]) =>
  fc.oneof(
    fc.constantFrom<Case>(
      { what: 'no input variable', input: undefined },
      { what: 'input null', input: null },
      { what: 'input a string', input: 'chargeCard' },
      { what: 'input a number', input: 57 },
      { what: 'input an array', input: [] },
      { what: 'input true', input: true },
    ),
    fc.tuple(base, fc.constantFrom(...extraFields)).map(([b, k]) => ({ what: `an unknown input field ${k}`, input: withPath(b, [k], '1') })),
    base.map((b) => ({ what: 'input wrapped in an array', input: [b] })),
  );

describe(`chargeCard refuses every bad input cleanly: userErrors or BAD_USER_INPUT, no cc/bill, no card data echoed (seed ${SEED})`, () => {
  const unknownTokens = fc.oneof(fc.integer({ min: -(2 ** 31), max: 56 }), fc.integer({ min: 65, max: 2 ** 31 - 1 }));

  it('refuses 400 bad cards: numbers, expiries, CVVs, holders, tokens', () =>
    refusesAll('chargeCard', 1, badCards(chargeWithDetails, chargeWithToken, unknownTokens), 400), PROPERTY_TIMEOUT_MS);

  it('refuses 250 bad amounts and currencies', () => {
    return refusesAll('chargeCard', 2, fc.oneof(
      { weight: 5, arbitrary: badAmountIn(chargeWithAny) },
      { weight: 1, arbitrary: wrongTypeAmount(chargeWithAny) },
      { weight: 4, arbitrary: corrupt('a currency iCount cannot charge', chargeWithAny, ['amount', 'currency'], badCurrency(ICOUNT_CURRENCIES).filter((c) => !(typeof c === 'string' && ICOUNT_CURRENCIES.includes(c)))) },
      { weight: 1, arbitrary: corrupt('a bad money object', chargeWithAny, ['amount'], fc.constantFrom(undefined, null, '100.00 ILS', 100, {}, { amount: '100.00' }, { currency: 'ILS' }, [{ amount: '100.00', currency: 'ILS' }], { amount: '100.00', currency: 'ILS', extra: 1 })) },
    ), 250);
  }, PROPERTY_TIMEOUT_MS);

  it('refuses 150 bad installment plans', () => {
    const total = { amount: '100.00', currency: 'ILS' };
    const base = chargeWithAny.map((b) => ({ ...b, amount: total }));
    const atLeastTotal = fc.oneof(fc.constantFrom('100', '100.00', '100.0', '100.01', '5000', '99999999.99'), fc.integer({ min: 10_000, max: 99_999_999 }).map((c) => `${Math.floor(c / 100)}.${mm(c % 100)}`));
    return refusesAll('chargeCard', 3, fc.oneof(
      corrupt('an installment count out of 1–36', base, ['installments'], fc.oneof(fc.integer({ min: -(2 ** 31), max: 0 }), fc.integer({ min: 37, max: 2 ** 31 - 1 })).map((count) => ({ count }))),
      corrupt('an installment count of the wrong type', base, ['installments', 'count'], fc.oneof(notAnInt, fc.constant(null), fc.constant(undefined))),
      fc.tuple(base, fc.integer({ min: 2, max: 36 }), atLeastTotal).map(([b, count, firstPayment]) => ({ what: `a first payment ${firstPayment} not below the total`, input: { ...b, installments: { count, firstPayment } } })),
      fc.tuple(base, fc.integer({ min: 2, max: 36 }), badAmountFor(2)).map(([b, count, firstPayment]) => ({ what: `a bad first payment ${preview(firstPayment)}`, input: { ...b, installments: { count, firstPayment } } })),
      fc.tuple(base, fc.constantFrom('10.00', '50', '0.01')).map(([b, firstPayment]) => ({ what: 'a first payment with one installment', input: { ...b, installments: { count: 1, firstPayment } } })),
      base.map((b) => ({ what: 'a credit plan of one installment', input: { ...b, installments: { count: 1, credit: true } } })),
      corrupt('installments of the wrong type', base, ['installments'], fc.constantFrom(3, '3', true, [], [{ count: 3 }], { count: 3, extra: 1 }, { credit: true })),
    ), 150);
  }, PROPERTY_TIMEOUT_MS);

  it('refuses 250 bad keys, clients, descriptions and wrongly typed inputs', () => {
    const knownClient = (id: string) => {
      const ref = parseClientId(id);
      return ref !== null && ((ref.system === 'freshbooks' && ref.id <= 7) || (ref.system === 'icount' && ref.id >= 1001 && ref.id <= 1007));
    };
    return refusesAll('chargeCard', 4, fc.oneof(
      { weight: 4, arbitrary: corrupt('a bad idempotency key', chargeWithAny, ['idempotencyKey'], badIdempotencyKey) },
      { weight: 3, arbitrary: corrupt('a malformed client id', chargeWithAny, ['clientId'], fc.oneof(badIdFor('Client', knownClient), fc.constant(''))) },
      { weight: 2, arbitrary: corrupt('an unknown client', chargeWithAny, ['clientId'], fc.oneof(
        fc.integer({ min: 8, max: 999_999_999 }).map((n) => clientGlobalId('freshbooks', n)),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1008, max: 999_999_999 })).map((n) => clientGlobalId('icount', n)),
        fc.constantFrom('9999999999999999', '1000000000000000', '9007199254740993').chain((n) => fc.constantFrom(b64(`Client:freshbooks:${n}`), b64(`Client:icount:${n}`))),
      )) },
      { weight: 1, arbitrary: fc.tuple(chargeWithToken, fc.constantFrom(1002, 1004, 1005, 1006)).filter(([b, c]) => {
        const t = (b.card as { tokenId: number }).tokenId;
        return !(c === 1002 && (t === 59 || t === 60)) && !(c === 1004 && (t === 61 || t === 62)) && !(c === 1005 && t === 63);
      }).map(([b, c]) => ({ what: `another client's token (client ${c})`, input: { ...b, clientId: clientGlobalId('icount', c) } })) },
      { weight: 2, arbitrary: corrupt('a bad client identity', chargeWithAny, ['client'], fc.oneof(
        fc.constantFrom({}, { name: '' }, { name: null, email: null }, { email: 'not-an-email' }, { email: 'a@b' }, { email: 'a b@c.de' }, { vatId: '12' }, { vatId: '12345abc' }, { vatId: '1'.repeat(13) }),
        longText(201, 2000).map((name) => ({ name })),
        withControlChar(200).map((name) => ({ name })),
        fc.constant('Levi Design Studio'),
      )) },
      { weight: 1, arbitrary: chargeWithAny.map((b) => ({ what: 'both clientId and client', input: { ...b, clientId: clientGlobalId('icount', 1001), client: { email: 'dana@levi-design.example' } } })) },
      { weight: 2, arbitrary: corrupt('a bad description', chargeWithAny, ['description'], fc.oneof(longText(251, 10_000), withControlChar(250), notAString)) },
      { weight: 2, arbitrary: corrupt('a flag of the wrong type', chargeWithAny, ['test'], notABoolean) },
      { weight: 1, arbitrary: corrupt('a flag of the wrong type', chargeWithAny, ['useAuthorization'], notABoolean) },
      { weight: 2, arbitrary: wrongTopLevel(chargeWithAny, ['invoiceId', 'tokenId', 'number', 'cvv', 'currency', 'idempotency_key', 'amountCents']) },
    ), 250);
  }, PROPERTY_TIMEOUT_MS);
});

describe(`recordPayment refuses every bad input cleanly: userErrors or BAD_USER_INPUT, no payment.create (seed ${SEED})`, () => {
  it('refuses 300 bad amounts and currencies', () => {
    return refusesAll('recordPayment', 5, fc.oneof(
      { weight: 5, arbitrary: badAmountIn(recordAny) },
      { weight: 1, arbitrary: wrongTypeAmount(recordAny) },
      // Invoice 15 is in ILS: any other currency, valid or not, is refused.
      { weight: 3, arbitrary: corrupt('a currency other than the invoice\'s', recordOnInvoice, ['amount', 'currency'], badCurrency(['ILS']).filter((c) => c !== 'ILS')) },
      { weight: 1, arbitrary: corrupt('a malformed currency for a credit', recordCredit, ['amount', 'currency'], badCurrency(ICOUNT_CURRENCIES).filter((c) => !(typeof c === 'string' && /^[A-Z]{3}$/.test(c)))) },
      { weight: 1, arbitrary: corrupt('a bad money object', recordAny, ['amount'], fc.constantFrom(undefined, null, '10.00 ILS', 10, {}, { amount: '10.00' }, { currency: 'ILS' }, [{ amount: '10.00', currency: 'ILS' }])) },
      { weight: 1, arbitrary: fc.tuple(recordOnInvoice, fc.constantFrom('0.01', '10.00', '900.00')).map(([b, amount]) => ({ what: 'more than the client\'s credit', input: { ...b, amount: { amount, currency: 'ILS' }, fromCredit: true } })) },
    ), 300);
  }, PROPERTY_TIMEOUT_MS);

  it('refuses 300 bad invoice and client ids', () => {
    const knownInvoice = (id: string) => { const k = intKeyOf(id, 'Invoice'); return k !== null && k <= 15; };
    const knownClient = (id: string) => { const ref = parseClientId(id); return ref !== null && ref.system === 'freshbooks' && ref.id <= 7; };
    const unknownInvoice = fc.oneof(fc.integer({ min: 16, max: 999_999_999 }), fc.constantFrom('999999999999999', '9999999999999999', '1000000000000000', '9007199254740993')).map(invoice);
    return refusesAll('recordPayment', 6, fc.oneof(
      { weight: 4, arbitrary: corrupt('a malformed invoice id', recordOnInvoice, ['invoiceId'], badIdFor('Invoice', knownInvoice)) },
      { weight: 3, arbitrary: corrupt('an unknown invoice', recordOnInvoice, ['invoiceId'], unknownInvoice) },
      { weight: 3, arbitrary: corrupt('a client id that is not the invoice\'s client', recordOnInvoice, ['clientId'], fc.oneof(
        fc.integer({ min: 1, max: 6 }).map((n) => clientGlobalId('freshbooks', n)),
        fc.integer({ min: 1, max: 2000 }).map((n) => clientGlobalId('icount', n)),
        badIdFor('Client', knownClient),
        fc.constant(''),
      )) },
      { weight: 3, arbitrary: corrupt('an unknown or malformed client for a credit', recordCredit, ['clientId'], fc.oneof(
        fc.integer({ min: 8, max: 999_999_999 }).map((n) => clientGlobalId('freshbooks', n)),
        fc.constantFrom('9999999999999999', '9007199254740993').map((n) => b64(`Client:freshbooks:${n}`)),
        fc.integer({ min: 1001, max: 1007 }).map((n) => clientGlobalId('icount', n)),
        badIdFor('Client', knownClient),
      )) },
      { weight: 2, arbitrary: fc.tuple(recordAny, fc.constantFrom<[unknown, unknown]>([undefined, undefined], [null, null], ['', undefined], [undefined, ''], ['', ''], [null, ''])).map(([b, [invoiceId, clientId]]) => ({
        what: `neither invoice nor client (${preview(invoiceId)}, ${preview(clientId)})`, input: { ...b, invoiceId, clientId },
      })) },
      { weight: 2, arbitrary: corrupt('a malformed invoice id next to a client', recordCredit, ['invoiceId'], fc.oneof(badIdFor('Invoice', knownInvoice), fc.constant(''))) },
      { weight: 1, arbitrary: recordCredit.map((b) => ({ what: 'fromCredit without an invoice', input: { ...b, fromCredit: true } })) },
      { weight: 2, arbitrary: corrupt('an id of the wrong type', recordOnInvoice, ['invoiceId'], fc.oneof(fc.constantFrom(15, 13, 0, -1, 15.5), fc.constant({}), fc.constant([invoice(15)]), fc.boolean())) },
    ), 300);
  }, PROPERTY_TIMEOUT_MS);

  it('refuses 400 bad dates, types, notes, keys and wrongly typed inputs', () =>
    refusesAll('recordPayment', 7, fc.oneof(
      { weight: 3, arbitrary: corrupt('a date that is not a calendar date', recordAny, ['date'], badDate) },
      { weight: 2, arbitrary: corrupt('an unknown payment type', recordAny, ['type'], badPaymentType) },
      { weight: 3, arbitrary: corrupt('bad notes', recordAny, ['notes'], fc.oneof(longText(4001, 20_000), withControlChar(4000), notAString)) },
      { weight: 3, arbitrary: corrupt('a bad idempotency key', recordAny, ['idempotencyKey'], badIdempotencyKey) },
      { weight: 1, arbitrary: corrupt('a flag of the wrong type', recordAny, ['fromCredit'], notABoolean) },
      { weight: 2, arbitrary: wrongTopLevel(recordAny, ['card', 'currency', 'paymentId', 'invoice', 'amountCents', 'status']) },
    ), 400), PROPERTY_TIMEOUT_MS);
});

describe(`payInvoice refuses every bad input cleanly: userErrors or BAD_USER_INPUT, no cc/bill, no payment.create, no card data echoed (seed ${SEED})`, () => {
  // Tokens 57–62 belong to other clients than invoice 13's; other numbers name no stored card.
  const unknownTokens = fc.oneof(fc.integer({ min: -(2 ** 31), max: 62 }), fc.integer({ min: 65, max: 2 ** 31 - 1 }));

  it('refuses 400 bad cards, including other clients\' stored cards', () =>
    refusesAll('payInvoice', 8, badCards(payWithDetails, payWithToken, unknownTokens), 400), PROPERTY_TIMEOUT_MS);

  it('refuses 300 bad amounts: malformed, above the balance, in another currency, or on a paid invoice', () => {
    const aboveBalance = fc.oneof(
      fc.constantFrom('375.51', '375.6', '376', '376.00', '1000', '99999999.99', '999999999999999'),
      fc.integer({ min: 37_551, max: 2_000_000_000 }).map((c) => `${Math.floor(c / 100)}.${mm(c % 100)}`),
    );
    return refusesAll('payInvoice', 9, fc.oneof(
      { weight: 4, arbitrary: payWithAny.chain((b) => badAmountFor(2).map((a) => ({ what: `a bad amount ${preview(a)}`, input: { ...b, amount: { amount: a, currency: 'USD' } } }))) },
      { weight: 1, arbitrary: wrongTypeAmount(payWithAny) },
      { weight: 3, arbitrary: fc.tuple(payWithAny, aboveBalance).map(([b, a]) => ({ what: `an amount ${a} above the 375.50 balance`, input: { ...b, amount: { amount: a, currency: 'USD' } } })) },
      { weight: 3, arbitrary: fc.tuple(payWithAny, badCurrency(['USD']).filter((c) => c !== 'USD'), fc.constantFrom('10.00', '100', '375.50')).map(([b, currency, amount]) => ({
        what: `an amount in ${preview(currency)}, not the invoice's USD`, input: { ...b, amount: { amount, currency } },
      })) },
      { weight: 2, arbitrary: fc.tuple(payWithAny, fc.constantFrom(3, 10, 12)).map(([b, n]) => ({ what: `invoice ${n}, already paid`, input: { ...b, invoiceId: invoice(n), amount: undefined } })) },
      { weight: 1, arbitrary: corrupt('a bad money object', payWithAny, ['amount'], fc.constantFrom('100.00 USD', 100, {}, { amount: '100.00' }, { currency: 'USD' }, [{ amount: '100.00', currency: 'USD' }])) },
    ), 300);
  }, PROPERTY_TIMEOUT_MS);

  it('refuses 300 bad invoice ids, keys and wrongly typed inputs', () => {
    const knownInvoice = (id: string) => { const k = intKeyOf(id, 'Invoice'); return k !== null && k <= 15; };
    return refusesAll('payInvoice', 10, fc.oneof(
      { weight: 3, arbitrary: corrupt('a malformed invoice id', payWithAny, ['invoiceId'], fc.oneof(badIdFor('Invoice', knownInvoice), fc.constant(''))) },
      { weight: 2, arbitrary: corrupt('an unknown invoice', payWithAny, ['invoiceId'], fc.oneof(fc.integer({ min: 16, max: 999_999_999 }), fc.constantFrom('999999999999999', '9999999999999999', '9007199254740993')).map(invoice)) },
      { weight: 1, arbitrary: corrupt('an invoice id of the wrong type', payWithAny, ['invoiceId'], fc.oneof(fc.constantFrom(13, 15, 0, -1, 13.5, null, undefined), fc.constant({}), fc.constant([invoice(13)]), fc.boolean())) },
      { weight: 3, arbitrary: corrupt('a bad idempotency key', payWithAny, ['idempotencyKey'], badIdempotencyKey) },
      { weight: 1, arbitrary: corrupt('a flag of the wrong type', payWithAny, ['test'], notABoolean) },
      { weight: 2, arbitrary: wrongTopLevel(payWithAny, ['clientId', 'notes', 'type', 'installments', 'description', 'invoice_id']) },
    ), 300);
  }, PROPERTY_TIMEOUT_MS);
});

describe('how many bad inputs were tried', () => {
  it('sent at least 1000 per mutation and 3000 in total', () => {
    const total = tried.chargeCard + tried.recordPayment + tried.payInvoice;
    expect(tried.chargeCard).toBeGreaterThanOrEqual(1000);
    expect(tried.recordPayment).toBeGreaterThanOrEqual(1000);
    expect(tried.payInvoice).toBeGreaterThanOrEqual(1000);
    expect(total).toBeGreaterThanOrEqual(3000);
  });
});
