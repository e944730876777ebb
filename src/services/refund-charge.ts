import Big from 'big.js';
import type { GatewayContext } from '../context.js';
import { normaliseAmount } from '../domain/money.js';
import { failure, success, type ChargeRecord, type Outcome, type RefundRecord, type UserErrorRecord } from '../domain/records.js';
import { maxLength, problem, validIdempotencyKey } from '../validation/common.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import type { Recovery, WriteAhead } from './exactly-once.js';
import { moneyMutation } from './money-mutation.js';
import { chargeLock, findRefund, isBusy, loadCharge, parseChargeId, refundableAmount, refundWithin, takeTurns } from './refunds.js';

export interface RefundChargeArgs {
  idempotencyKey: string;
  chargeId: string;
  amount?: MoneyInputShape | null;
  reason?: string | null;
}

export interface RefundChargeResult {
  refund: RefundRecord;
  charge: ChargeRecord;
}

/** refundCharge rows: a cc/refund of unknown outcome is found by the charge's `refunded` having grown. */
export const REFUND_CHARGE_RECOVERY: Recovery<Outcome<RefundChargeResult>> = {
  operation: 'refundCharge',
  refuse: (errors) => failure<RefundChargeResult>(errors),
  lookup: findRefund,
  found: async (ctx, entry, value) => {
    const refund = value as RefundRecord;
    const data = entry.data as { charge?: ChargeRecord };
    const charge = data.charge ? afterRefund(data.charge, refund) : null;
    return { state: 'SUCCEEDED', step: null, invoiceLock: null, data: { ...entry.data, refund }, result: charge ? success({ refund, charge }) : failure([]) };
  },
};

/**
 * Refunds a card charge in iCount (`cc/refund`), exactly once per idempotency key, never more than
 * what is left: the row holds the charge (`charge:<cc_bill_log_id>`) from its claim until it
 * settles, so refunds of one charge take turns across replicas and each sees the ones before it.
 */
export async function refundCharge(ctx: GatewayContext, args: RefundChargeArgs): Promise<Outcome<RefundChargeResult>> {
  const errors: UserErrorRecord[] = [];
  const keyProblem = validIdempotencyKey(args.idempotencyKey);
  if (keyProblem) errors.push(keyProblem);
  const id = parseChargeId(args.chargeId);
  if (!id) errors.push(problem('INVALID_INPUT', ['chargeId'], 'Not a Charge ID.'));
  if (args.amount) errors.push(...validateMoney(args.amount));
  const reason = maxLength(args.reason, 250, ['reason']);
  if (reason) errors.push(reason);
  if (errors.length || !id) return failure(errors);

  const charge = await loadCharge(ctx, id);
  if (!charge) return failure(problem('NOT_FOUND', ['chargeId'], 'No iCount charge has this ID.'));
  if (charge.billLogId == null) return failure(problem('CHARGE_NOT_REFUNDABLE', ['chargeId'], 'iCount gave no cc_bill_log_id for this charge, which a refund needs.'));
  const lock = chargeLock(charge.billLogId);
  return takeTurns(
    ctx,
    () => moneyMutation(ctx, REFUND_CHARGE_RECOVERY, args, (writes) => refundUnderLock(ctx, args, id, writes), { invoiceLock: lock }),
    (outcome) => !outcome.ok && isBusy(outcome.errors),
    (errs) => failure(errs),
    ['chargeId'],
  );
}

async function refundUnderLock(ctx: GatewayContext, args: RefundChargeArgs, id: NonNullable<ReturnType<typeof parseChargeId>>, writes: WriteAhead): Promise<Outcome<RefundChargeResult>> {
  // Read again under the lock: what is left now counts every refund settled before this one.
  const charge = await loadCharge(ctx, id);
  if (!charge) return failure(problem('NOT_FOUND', ['chargeId'], 'No iCount charge has this ID.'));
  const amount = await refundableAmount(ctx, charge, args.amount, { charge: ['chargeId'], amount: ['amount'] });
  if (!amount.ok) return amount;
  await writes.progress({ data: { ...writes.entry.data, charge } });
  const refunded = await refundWithin(ctx, writes, charge, amount.value, args.reason ?? null, 'write');
  if (!refunded.ok) return refunded;
  await writes.progress({ data: { ...writes.entry.data, refund: refunded.value } });
  return success({ refund: refunded.value, charge: afterRefund(charge, refunded.value) });
}

/** The charge as it stands once `refund` is counted (iCount's `refunded` grows by it). */
export function afterRefund(charge: ChargeRecord, refund: RefundRecord): ChargeRecord {
  const total = new Big(charge.refunded ?? '0').plus(refund.amount.amount).toString();
  return { ...charge, refunded: normaliseAmount(total, charge.amount.currency) };
}
