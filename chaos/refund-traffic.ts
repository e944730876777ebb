/**
 * refundInvoicePayment traffic: refunds, in part or in full, of payments that earlier chaos keys
 * recorded with payInvoice, under keys of their own, concurrently with the rest. The client keeps
 * what is left of each payment from the final answers, so every refund it asks for is one the
 * gateway must make.
 */
import { between, fresh, pick, type KeyState } from './traffic.js';

/** Money of the chaos run in cents (both currencies have 2 decimals): exact, never a float. */
export const cents = (amount: string): bigint => {
  const [whole = '0', fraction = ''] = amount.trim().split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
};
export const amountOf = (value: bigint): string => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

const paidAmount = (key: KeyState) => (key.input.amount as { amount: string; currency: string });

/** What is left of a payInvoice key's payment: its amount less every refund that answered final. */
export function leftOf(paid: KeyState, keys: readonly KeyState[]): bigint {
  const refunded = keys
    .filter((k) => k.refund?.paidBy === paid && k.final?.kind === 'refunded')
    .reduce((sum, k) => sum + cents(k.final!.refundAmount!), 0n);
  return cents(paidAmount(paid).amount) - refunded;
}

/**
 * A new refund of a paid payment with something left and no refund key of its own still open, or
 * null when there is none. 60 % partial (1 cent up to all but 1 cent), else full: half of those
 * name no amount (the gateway refunds all that is left), half name it.
 */
export function newRefund(rng: () => number, key: string, keys: readonly KeyState[]): KeyState | null {
  const open = new Set(keys.filter((k) => k.refund && !k.final).map((k) => k.refund!.paidBy));
  const candidates = keys.filter((k) => k.final?.kind === 'paid' && !open.has(k) && leftOf(k, keys) > 0n);
  if (candidates.length === 0) return null;
  const paid = pick(rng, candidates);
  const left = leftOf(paid, keys);
  const partial = left > 1n && rng() < 0.6;
  const amount = partial ? BigInt(between(rng, 1, Number(left) - 1)) : left;
  const named = partial || rng() < 0.5;
  const input = {
    idempotencyKey: key,
    paymentId: paid.final!.paymentId,
    ...(named ? { amount: { amount: amountOf(amount), currency: paidAmount(paid).currency } } : {}),
  };
  return fresh(key, 'refundInvoicePayment', input, null, { paidBy: paid, amount: amountOf(amount), leaves: amountOf(left - amount) });
}
