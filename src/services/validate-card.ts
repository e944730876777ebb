import type { GatewayContext } from '../context.js';
import type { CardValidationRecord } from '../domain/card-check.js';
import { failure, success, type Outcome, type UserErrorRecord } from '../domain/records.js';
import type { IcountFieldMap } from '../datasources/icount/errors.js';
import { compactCardNumber, formatValidity, isValidCardNumber, parseExpiry } from '../lib/cards.js';
import { problem } from '../validation/common.js';

export interface ValidateCardArgs {
  input: { number?: string | null; expiry?: string | null };
}

/** Where iCount's parameters sit in this query's arguments. */
const VALIDATE_FIELDS: IcountFieldMap = { cc_number: ['input', 'number'], cc_validity: ['input', 'expiry'] };

/**
 * Checks a card number and/or expiry offline: locally first, so garbage is answered without
 * asking iCount, then with iCount. An invalid card is a verdict with `errors`, not a failure;
 * the failure is a question without a number or an expiry. Field paths are the query's.
 */
export async function validateCard(ctx: GatewayContext, { input }: ValidateCardArgs): Promise<Outcome<CardValidationRecord>> {
  const number = input.number == null ? null : compactCardNumber(input.number);
  if (number === null && input.expiry == null) return failure(problem('INVALID_INPUT', ['input'], 'Give a card number, an expiry, or both.'));

  const local: UserErrorRecord[] = [];
  if (number !== null && (number.length > 19 || !isValidCardNumber(number))) {
    local.push(problem('INVALID_CARD_NUMBER', ['input', 'number'], 'The card number is not valid (digits only, correct length, Luhn check).'));
  }
  const expiry = input.expiry ? parseExpiry(input.expiry.slice(0, 10), { lenient: true }) : null;
  if (input.expiry && !expiry) {
    local.push(problem('INVALID_EXPIRY', ['input', 'expiry'], 'The card expiry must be MM/YY, MMYY or YYYY-MM.'));
  }
  const last4 = number && /^\d{4,}$/.test(number) ? number.slice(-4) : null;
  if (local.length) return success({ valid: false, brand: null, last4, expiryMonth: null, expiryYear: null, errors: local });

  const check = await ctx.icount.validate({ number, validity: expiry ? formatValidity(expiry) : null }, VALIDATE_FIELDS);
  const verdict = check.ok ? check.value : { valid: false, brand: null, expiryMonth: null, expiryYear: null };
  return success({
    valid: verdict.valid,
    brand: verdict.brand,
    last4,
    expiryMonth: verdict.expiryMonth ?? expiry?.month ?? null,
    expiryYear: verdict.expiryYear ?? expiry?.year ?? null,
    errors: check.ok ? [] : check.errors,
  });
}
