import { checkCvv, checkHolderId, checkValidity, describeCard, hashPan, requireCardNumber } from '../cards.js';
import { currencyById, currencyOrDefault } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import { addAmounts, isPositive, parseAmount, subtractAmounts } from '../money.js';
import { formatIsraelDateTime, type HandlerContext } from './context.js';

const J5_REQUIRED = ['cc_number', 'cc_validity', 'cc_cvv', 'cc_holder_id'] as const;
const J5_DEFAULT_SUM = '5';

/**
 * `cc/j5`: reserve an amount (default 5 in the account currency) on a card sent in full. Tokens are
 * rejected (`j5_token_not_supported`); missing card fields → `missing_<field>`; then the card checks
 * of cc/bill; a non-test declined magic card → the decline reason.
 */
export function j5(ctx: HandlerContext): HandlerData {
  const { p, state, config, now } = ctx;
  if (p.has('cc_token_id') || p.has('token')) {
    throw new IcountError('j5_token_not_supported', 'A stored card token cannot be used for a J5 pre-approval');
  }
  for (const field of J5_REQUIRED) {
    if (!p.has(field)) throw new IcountError(`missing_${field}`, `${field} is required`);
  }
  const pan = requireCardNumber(p);
  const expiry = checkValidity(p.str('cc_validity')!, now);
  checkCvv(p, true);
  checkHolderId(p, true);
  const sum = p.has('sum') ? parseAmount(p.get('sum')) : J5_DEFAULT_SUM;
  if (sum === undefined || !isPositive(sum)) throw new IcountError('empty_sum', 'Sum is not greater than zero');
  const currency = currencyOrDefault(p);
  const card = describeCard(pan, expiry);
  const isTest = p.bool('is_test');
  if (!isTest && card.outcome === 'decline') throw new IcountError(config.declineReason, 'The card issuer declined the pre-approval');

  const record = state.addJ5({
    panHash: card.panHash,
    last4: card.last4,
    brand: card.brand,
    total: addAmounts(sum, '0'),
    used: '0.00',
    currency_id: currency.currency_id,
    confirmation_code: state.nextConfirmationCode(),
    created_at: now,
    is_test: isTest,
  });
  return {
    confirmation_code: record.confirmation_code,
    transaction_id: record.transaction_id,
    cc_last4: card.last4,
    cc_type: card.brand,
    sum: Number(sum),
    currency_id: currency.currency_id,
    currency_code: currency.currency_code,
  };
}

/**
 * `cc/j5_status` by `cc_token_id` (or `token`) or `cc_number`. Reports the newest J5 whose remaining
 * amount covers `sum` (or is > 0); failing that, the newest J5 for the card with `j5_available: false`.
 */
export function j5Status(ctx: HandlerContext): HandlerData {
  const { p, state } = ctx;
  const token = state.tokenFromParams(p);
  const panHash = token ? token.panHash : hashPan(requireCardNumber(p));
  let sum: string | undefined;
  if (p.has('sum')) {
    sum = parseAmount(p.get('sum'));
    if (sum === undefined || !isPositive(sum)) throw new IcountError('empty_sum', 'Sum is not greater than zero');
  }
  const open = state.openJ5(panHash, sum);
  const shown = open ?? state.latestJ5(panHash);
  if (!shown) return { j5_available: false, total_amount: '0.00', used_amount: '0.00', remaining_amount: '0.00' };
  return {
    j5_available: open !== undefined,
    total_amount: shown.total,
    used_amount: shown.used,
    remaining_amount: subtractAmounts(shown.total, shown.used),
    // iCountJ5Status documents no currency (docs/upstreams/icount.md §12 I7): only on request.
    ...(ctx.config.undocumentedFields ? { currency_code: currencyById(shown.currency_id)?.currency_code } : {}),
    confirmation_code: shown.confirmation_code,
    ts: formatIsraelDateTime(shown.created_at),
    uid: shown.uid,
    transaction_id: shown.transaction_id,
  };
}
