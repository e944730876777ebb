import type { MutationResolvers } from '../../generated/resolvers-types.js';
import { intKeyOf, toGlobalId } from '../../domain/ids.js';
import { amountProblem } from '../../domain/money.js';
import { failure, success, type UserErrorRecord } from '../../domain/records.js';
import { MAX_NOTES, PAYMENT_FIELDS, recordPayment as record } from '../../services/record-payment.js';
import { maxLength, problem } from '../../validation/common.js';
import { idempotentPayload, payload } from '../payloads.js';

export const recordPayment: MutationResolvers['recordPayment'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'recordPayment', input, 'payment', () => record(ctx, input));

export const updatePayment: MutationResolvers['updatePayment'] = async (_, { input }, ctx) => {
  const paymentId = intKeyOf(input.id, 'Payment');
  if (paymentId === null) return payload('payment', failure(problem('INVALID_INPUT', ['id'], 'Not a Payment ID.')));
  const errors: UserErrorRecord[] = [];
  if (input.amount) {
    const why = amountProblem(input.amount.amount, input.amount.currency, { allowZero: true });
    if (why) errors.push(problem('INVALID_AMOUNT', ['amount', 'amount'], `The amount ${why}.`));
  }
  const notes = maxLength(input.notes, MAX_NOTES, ['notes']);
  if (notes) errors.push(notes);
  if (errors.length) return payload('payment', failure(errors));

  const current = await ctx.freshbooks.paymentById.load(paymentId);
  if (!current) return payload('payment', failure(problem('NOT_FOUND', ['id'], 'No payment has this ID.')));
  if (input.amount && input.amount.currency !== current.amount.currency) {
    return payload('payment', failure(problem('INVALID_CURRENCY', ['amount', 'currency'], `The payment is in ${current.amount.currency}.`)));
  }
  const outcome = await ctx.freshbooks.updatePayment(
    paymentId,
    {
      ...(input.amount ? { amount: input.amount.amount } : {}),
      ...(input.date ? { date: input.date } : {}),
      ...(input.type ? { type: input.type } : {}),
      ...(input.notes !== undefined && input.notes !== null ? { notes: input.notes } : {}),
    },
    PAYMENT_FIELDS,
  );
  return payload('payment', outcome);
};

export const deletePayment: MutationResolvers['deletePayment'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'deletePayment', input, 'deletedPaymentId', async () => {
    const paymentId = intKeyOf(input.id, 'Payment');
    if (paymentId === null) return failure(problem('INVALID_INPUT', ['id'], 'Not a Payment ID.'));
    const outcome = await ctx.freshbooks.deletePayment(paymentId, PAYMENT_FIELDS);
    return outcome.ok ? success(toGlobalId('Payment', outcome.value)) : outcome;
  });
