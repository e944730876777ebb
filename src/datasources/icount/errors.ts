import { UpstreamError } from '../../errors.js';
import type { UserErrorRecord } from '../../domain/records.js';
import { scrubCardNumbers } from '../../lib/redact.js';
import type { IcountMethod } from './methods.js';
import type { IcountReply } from './transport.js';

/**
 * The one place where iCount `reason` codes become paygraph errors. Business reasons become
 * userErrors (with the input field at fault, relative to the mutation's `input`); reasons that
 * say paygraph or the account is misconfigured become UPSTREAM_ERROR. Auth reasons never get
 * here: the transport re-logs in or throws UPSTREAM_AUTH.
 */
const USER_REASONS: Record<string, Omit<UserErrorRecord, 'message'> & { message: string }> = {
  empty_sum: { code: 'INVALID_AMOUNT', field: ['amount', 'amount'], message: 'The amount must be greater than zero.' },
  missing_cc_number: { code: 'INVALID_CARD_NUMBER', field: ['card', 'number'], message: 'A card number or a stored card token is required.' },
  bad_cc_number: { code: 'INVALID_CARD_NUMBER', field: ['card', 'number'], message: 'The card number is not valid.' },
  bad_token: { code: 'NOT_FOUND', field: ['card', 'tokenId'], message: 'No stored card has this token.' },
  bad_cc_validity: { code: 'INVALID_EXPIRY', field: ['card', 'expiry'], message: 'The card expiry is not valid.' },
  missing_cc_validity: { code: 'INVALID_EXPIRY', field: ['card', 'expiry'], message: 'The card expiry is required.' },
  cc_expired: { code: 'CARD_EXPIRED', field: ['card', 'expiry'], message: 'The card has expired.' },
  bad_cc_cvv: { code: 'INVALID_CVV', field: ['card', 'cvv'], message: 'The CVV must be 3 or 4 digits.' },
  missing_cc_cvv: { code: 'INVALID_CVV', field: ['card', 'cvv'], message: 'The CVV is required.' },
  missing_cc_holder_id: { code: 'INVALID_INPUT', field: ['card', 'holderId'], message: 'The card holder\'s id number is required.' },
  bad_num_of_payments: { code: 'INVALID_INSTALLMENTS', field: ['installments', 'count'], message: 'The number of installments must be between 1 and 36.' },
  bad_first_payment: { code: 'INVALID_INSTALLMENTS', field: ['installments', 'firstPayment'], message: 'The first payment must be positive and below the total.' },
  bad_currency: { code: 'INVALID_CURRENCY', field: ['amount', 'currency'], message: 'iCount does not support this currency.' },
  cc_declined: { code: 'CARD_DECLINED', field: ['card'], message: 'The card was declined.' },
  client_not_found: { code: 'NOT_FOUND', field: ['clientId'], message: 'No iCount client matches.' },
  cc_exists: { code: 'CARD_ALREADY_STORED', field: ['card'], message: 'This card is already stored for the client.' },
  j5_token_not_supported: { code: 'INVALID_INPUT', field: ['card', 'tokenId'], message: 'A stored card cannot be pre-authorised; send the card details.' },
};

/** Reasons that are not the caller's fault: the account or paygraph is misconfigured. */
const SYSTEM_REASONS = new Set(['cc_disabled', 'bad_method', 'require_priv', 'cc_storage_disabled']);

/** Maps a `status: false` reply to a userError, or throws the UpstreamError it stands for. */
export function userErrorFromReply(method: IcountMethod, reply: IcountReply): UserErrorRecord {
  const known = USER_REASONS[reply.reason];
  if (known) return { ...known, field: known.field ? [...known.field] : null };
  if (SYSTEM_REASONS.has(reply.reason)) {
    throw new UpstreamError('UPSTREAM_ERROR', 'ICOUNT', method, `iCount cannot perform ${method} for this account (${reply.reason})`, {
      reason: reply.reason,
    });
  }
  const description = typeof reply.error_description === 'string' ? scrubCardNumbers(reply.error_description).slice(0, 200) : '';
  return {
    code: 'UPSTREAM_REJECTED',
    field: null,
    message: `iCount refused the request (${reply.reason})${description ? `: ${description}` : ''}`,
  };
}

/** For reads: any `status: false` that is not an expected "nothing found" is a system error. */
export function readFailure(method: IcountMethod, reply: IcountReply): UpstreamError {
  return new UpstreamError('UPSTREAM_ERROR', 'ICOUNT', method, `iCount ${method} failed (${reply.reason})`, { reason: reply.reason });
}
