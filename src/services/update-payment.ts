import type { GatewayContext } from '../context.js';
import { intKeyOf } from '../domain/ids.js';
import { amountProblem } from '../domain/money.js';
import { failure, type Outcome, type PaymentRecord, type PaymentTypeValue, type UserErrorRecord } from '../domain/records.js';
import { maxLength, problem } from '../validation/common.js';
import type { MoneyInputShape } from '../validation/money-input.js';
import { MAX_NOTES, PAYMENT_FIELDS } from './record-payment.js';

export interface UpdatePaymentArgs {
  id: string;
  amount?: MoneyInputShape | null;
  date?: string | null;
  type?: PaymentTypeValue | null;
  notes?: string | null;
}

/**
 * Changes a FreshBooks payment (a zero amount is allowed). The payment is read first, so an
 * unknown id is NOT_FOUND and a change of currency is refused before `payment.update` is sent.
 */
export async function updatePayment(ctx: GatewayContext, args: UpdatePaymentArgs): Promise<Outcome<PaymentRecord>> {
  const paymentId = intKeyOf(args.id, 'Payment');
  if (paymentId === null) return failure(problem('INVALID_INPUT', ['id'], 'Not a Payment ID.'));
  const errors: UserErrorRecord[] = [];
  if (args.amount) {
    const why = amountProblem(args.amount.amount, args.amount.currency, { allowZero: true });
    if (why) errors.push(problem('INVALID_AMOUNT', ['amount', 'amount'], `The amount ${why}.`));
  }
  const notes = maxLength(args.notes, MAX_NOTES, ['notes']);
  if (notes) errors.push(notes);
  if (errors.length) return failure(errors);

  const current = await ctx.freshbooks.paymentById.load(paymentId);
  if (!current) return failure(problem('NOT_FOUND', ['id'], 'No payment has this ID.'));
  if (args.amount && args.amount.currency !== current.amount.currency) {
    return failure(problem('INVALID_CURRENCY', ['amount', 'currency'], `The payment is in ${current.amount.currency}.`));
  }
  return ctx.freshbooks.updatePayment(
    paymentId,
    {
      ...(args.amount ? { amount: args.amount.amount } : {}),
      ...(args.date ? { date: args.date } : {}),
      ...(args.type ? { type: args.type } : {}),
      ...(args.notes != null ? { notes: args.notes } : {}),
    },
    PAYMENT_FIELDS,
  );
}
