import { scrubCardNumbers } from '../../../lib/redact.js';
import { currencyById } from '../currencies.js';
import { IcountError, type HandlerData } from '../envelope.js';
import { addAmounts, compareAmounts, isPositive, parseAmount, subtractAmounts } from '../money.js';
import type { HandlerContext } from './context.js';

/**
 * `cc/refund` (undocumented; what integrators call, README choice 44): refunds `sum` of the card
 * transaction `cc_bill_log_id`, partially or in full, several times until nothing is left.
 * Order: `missing_cc_bill_log_id` → `transaction_not_found` → `transaction_is_chargeback` →
 * `transaction_already_refunded` → `empty_sum` (given but not > 0) → `refund_exceeds_remaining`.
 * Without `sum` the whole remaining amount is refunded (integrators warn of exactly that).
 * The transaction's `refunded` (cc/transactions) grows by the sum; the refund is not a row of its own.
 */
export function refund(ctx: HandlerContext): HandlerData {
  const { p, state, now } = ctx;
  if (!p.has('cc_bill_log_id')) throw new IcountError('missing_cc_bill_log_id', 'cc_bill_log_id is required');
  const id = p.int('cc_bill_log_id');
  const tx = state.transactions.find((t) => t.cc_bill_log_id === id);
  if (!tx) throw new IcountError('transaction_not_found', 'No credit-card transaction has this cc_bill_log_id');
  if (tx.is_chargeback) throw new IcountError('transaction_is_chargeback', 'The transaction was charged back by the issuer');
  const refunded = tx.refunded ?? '0';
  const remaining = subtractAmounts(tx.sum, refunded);
  if (!isPositive(remaining)) throw new IcountError('transaction_already_refunded', 'The transaction was already refunded in full');
  let sum = remaining;
  if (p.has('sum')) {
    const asked = parseAmount(p.get('sum'));
    if (asked === undefined || !isPositive(asked)) throw new IcountError('empty_sum', 'Sum is missing or not greater than zero');
    if (compareAmounts(asked, remaining) > 0) throw new IcountError('refund_exceeds_remaining', `At most ${remaining} is left to refund`);
    sum = asked;
  }
  const record = {
    cc_bill_log_id: state.nextBillLogId(),
    confirmation_code: state.nextConfirmationCode(),
    sum,
    refunded_at: now,
    payment_description: scrubCardNumbers(p.str('payment_description') ?? ''),
  };
  tx.refunded = addAmounts(refunded, sum);
  tx.refunds = [...(tx.refunds ?? []), record];
  const left = subtractAmounts(tx.sum, tx.refunded);
  const currency = currencyById(tx.currency_id)!;
  return {
    confirmation_code: record.confirmation_code,
    cc_bill_log_id: record.cc_bill_log_id,
    refund_type: isPositive(left) ? 'partial' : 'full',
    refund_amount: Number(sum),
    remaining_amount: Number(left),
    currency_code: currency.currency_code,
  };
}
