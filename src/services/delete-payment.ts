import type { GatewayContext } from '../context.js';
import { intKeyOf, toGlobalId } from '../domain/ids.js';
import { failure, success, type Outcome } from '../domain/records.js';
import { problem } from '../validation/common.js';
import type { WriteAhead } from './exactly-once.js';
import { moneyMutation, singleWriteRecovery } from './money-mutation.js';
import { PAYMENT_FIELDS } from './record-payment.js';
import { findDeletion } from './write-lookups.js';

export interface DeletePaymentArgs {
  id: string;
}

/** deletePayment rows: a payment.delete of unknown outcome happened when payment.get no longer finds the payment. */
export const DELETE_PAYMENT_RECOVERY = singleWriteRecovery<string>('deletePayment', async (ctx, entry) => {
  const found = await findDeletion(ctx, entry);
  return found.kind === 'found' ? { kind: 'found', value: toGlobalId('Payment', found.value) } : found;
});

/** Deletes a FreshBooks payment, exactly once per idempotency key; answers with its global ID. */
export function deletePayment(ctx: GatewayContext, input: DeletePaymentArgs & { idempotencyKey: string }): Promise<Outcome<string>> {
  return moneyMutation(ctx, DELETE_PAYMENT_RECOVERY, input, (writes) => deleteWithin(ctx, input, writes));
}

/** FreshBooks' "not found" is a userError on `id`. */
async function deleteWithin(ctx: GatewayContext, args: DeletePaymentArgs, writes: WriteAhead): Promise<Outcome<string>> {
  const paymentId = intKeyOf(args.id, 'Payment');
  if (paymentId === null) return failure(problem('INVALID_INPUT', ['id'], 'Not a Payment ID.'));
  const outcome = await writes.send('write', 'FRESHBOOKS', { paymentId }, () => ctx.freshbooks.deletePayment(paymentId, PAYMENT_FIELDS));
  return outcome.ok ? success(toGlobalId('Payment', outcome.value)) : outcome;
}
