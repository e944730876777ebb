import type { GatewayContext } from '../context.js';
import { intKeyOf, toGlobalId } from '../domain/ids.js';
import { failure, success, type Outcome } from '../domain/records.js';
import { problem } from '../validation/common.js';
import { PAYMENT_FIELDS } from './record-payment.js';

export interface DeletePaymentArgs {
  id: string;
}

/** Deletes a FreshBooks payment; answers with its global ID. FreshBooks' "not found" is a userError on `id`. */
export async function deletePayment(ctx: GatewayContext, args: DeletePaymentArgs): Promise<Outcome<string>> {
  const paymentId = intKeyOf(args.id, 'Payment');
  if (paymentId === null) return failure(problem('INVALID_INPUT', ['id'], 'Not a Payment ID.'));
  const outcome = await ctx.freshbooks.deletePayment(paymentId, PAYMENT_FIELDS);
  return outcome.ok ? success(toGlobalId('Payment', outcome.value)) : outcome;
}
