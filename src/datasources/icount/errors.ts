import { UpstreamError } from '../../errors.js';
import type { UserErrorRecord } from '../../domain/records.js';
import { scrubUpstreamText } from '../../lib/redact.js';
import type { IcountMethod } from './methods.js';
import type { IcountReply } from './transport.js';

/**
 * The one place where iCount `reason` codes become paygraph errors. Business reasons become
 * userErrors at the input field the caller filled the parameter at fault from; reasons that say
 * paygraph or the account is misconfigured become UPSTREAM_ERROR naming the method called. Auth
 * reasons never get here: the transport re-logs in or throws UPSTREAM_AUTH.
 */

/** The request parameter a reason is about; `card` is the card as a whole (declined, already stored). */
export type IcountParam =
  | 'sum' | 'currency_code' | 'cc_number' | 'cc_token_id' | 'cc_validity' | 'cc_cvv' | 'cc_holder_id'
  | 'num_of_payments' | 'first_payment' | 'client_id' | 'card';

/**
 * iCount parameters → the path of the input field the caller filled them from, as FreshBooks'
 * `FieldMap` does for its elements. A parameter not in the map gives a userError without a field.
 */
export type IcountFieldMap = Readonly<Partial<Record<IcountParam, readonly string[]>>>;

/** Where the parameters sit in the card mutations' `input` (and the `card` argument of queries). */
export const CARD_INPUT_FIELDS: IcountFieldMap = {
  sum: ['amount', 'amount'],
  currency_code: ['amount', 'currency'],
  cc_number: ['card', 'number'],
  cc_token_id: ['card', 'tokenId'],
  cc_validity: ['card', 'expiry'],
  cc_cvv: ['card', 'cvv'],
  cc_holder_id: ['card', 'holderId'],
  num_of_payments: ['installments', 'count'],
  first_payment: ['installments', 'firstPayment'],
  client_id: ['clientId'],
  card: ['card'],
};

const USER_REASONS: Record<string, { code: UserErrorRecord['code']; about: IcountParam; message: string }> = {
  empty_sum: { code: 'INVALID_AMOUNT', about: 'sum', message: 'The amount must be greater than zero.' },
  missing_cc_number: { code: 'INVALID_CARD_NUMBER', about: 'cc_number', message: 'A card number or a stored card token is required.' },
  bad_cc_number: { code: 'INVALID_CARD_NUMBER', about: 'cc_number', message: 'The card number is not valid.' },
  bad_token: { code: 'NOT_FOUND', about: 'cc_token_id', message: 'No stored card has this token.' },
  bad_cc_validity: { code: 'INVALID_EXPIRY', about: 'cc_validity', message: 'The card expiry is not valid.' },
  missing_cc_validity: { code: 'INVALID_EXPIRY', about: 'cc_validity', message: 'The card expiry is required.' },
  cc_expired: { code: 'CARD_EXPIRED', about: 'cc_validity', message: 'The card has expired.' },
  bad_cc_cvv: { code: 'INVALID_CVV', about: 'cc_cvv', message: 'The CVV must be 3 or 4 digits.' },
  missing_cc_cvv: { code: 'INVALID_CVV', about: 'cc_cvv', message: 'The CVV is required.' },
  missing_cc_holder_id: { code: 'INVALID_INPUT', about: 'cc_holder_id', message: 'The card holder\'s id number is required.' },
  bad_num_of_payments: { code: 'INVALID_INSTALLMENTS', about: 'num_of_payments', message: 'The number of installments must be between 1 and 36.' },
  bad_first_payment: { code: 'INVALID_INSTALLMENTS', about: 'first_payment', message: 'The first payment must be positive and below the total.' },
  bad_currency: { code: 'INVALID_CURRENCY', about: 'currency_code', message: 'iCount does not support this currency.' },
  cc_declined: { code: 'CARD_DECLINED', about: 'card', message: 'The card was declined.' },
  client_not_found: { code: 'NOT_FOUND', about: 'client_id', message: 'No iCount client matches.' },
  cc_exists: { code: 'CARD_ALREADY_STORED', about: 'card', message: 'This card is already stored for the client.' },
  j5_token_not_supported: { code: 'INVALID_INPUT', about: 'cc_token_id', message: 'A stored card cannot be pre-authorised; send the card details.' },
};

/** Reasons that are not the caller's fault: the account or paygraph is misconfigured. */
const SYSTEM_REASONS = new Set(['cc_disabled', 'bad_method', 'require_priv', 'cc_storage_disabled']);

/**
 * Maps a `status: false` reply of `method` to a userError at the field `fields` gives for the
 * parameter at fault, or throws the UpstreamError it stands for.
 */
export function userErrorFromReply(method: IcountMethod, reply: IcountReply, fields: IcountFieldMap = CARD_INPUT_FIELDS): UserErrorRecord {
  const known = USER_REASONS[reply.reason];
  if (known) {
    const field = fields[known.about];
    return { code: known.code, field: field ? [...field] : null, message: known.message };
  }
  if (SYSTEM_REASONS.has(reply.reason)) {
    throw new UpstreamError('UPSTREAM_ERROR', 'ICOUNT', method, `iCount cannot perform ${method} for this account (${reply.reason})`, {
      reason: reply.reason,
      outcome: 'REJECTED',
    });
  }
  const description = typeof reply.error_description === 'string' ? scrubUpstreamText(reply.error_description).slice(0, 200) : '';
  return {
    code: 'UPSTREAM_REJECTED',
    field: null,
    message: `iCount refused the request (${reply.reason})${description ? `: ${description}` : ''}`,
  };
}

/** For reads: any `status: false` that is not an expected "nothing found" is a system error. */
export function readFailure(method: IcountMethod, reply: IcountReply): UpstreamError {
  return new UpstreamError('UPSTREAM_ERROR', 'ICOUNT', method, `iCount ${method} failed (${reply.reason})`, { reason: reply.reason, outcome: 'REJECTED' });
}
