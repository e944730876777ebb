import type { GatewayContext } from '../context.js';
import { intKeyOf, parseClientId } from '../domain/ids.js';
import { withMarker } from '../domain/marker.js';
import type { CreatePaymentInput } from '../domain/requests.js';
import { isLess } from '../domain/money.js';
import { failure, type Outcome, type PaymentRecord, type PaymentTypeValue, type UserErrorRecord } from '../domain/records.js';
import { maxLength, problem } from '../validation/common.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import type { WriteAhead } from './exactly-once.js';
import { moneyMutation, singleWriteRecovery } from './money-mutation.js';
import { findPayment, type PaymentLookupData } from './write-lookups.js';

/** Where FreshBooks' element names sit in our inputs, for the one error mapping. */
export const PAYMENT_FIELDS: Record<string, string[]> = {
  payment_id: ['id'],
  invoice_id: ['invoiceId'],
  client_id: ['clientId'],
  amount: ['amount', 'amount'],
  currency_code: ['amount', 'currency'],
  type: ['type'],
  date: ['date'],
  notes: ['notes'],
};

export const MAX_NOTES = 4000;

export interface RecordPaymentArgs {
  invoiceId?: string | null;
  clientId?: string | null;
  amount: MoneyInputShape;
  date?: string | null;
  type?: PaymentTypeValue | null;
  notes?: string | null;
  fromCredit?: boolean | null;
}

/** recordPayment rows: a payment.create of unknown outcome is found by the marker in its notes. */
export const RECORD_PAYMENT_RECOVERY = singleWriteRecovery<PaymentRecord>('recordPayment', findPayment);

/** Records a FreshBooks payment, exactly once per idempotency key (docs/ledger.md). */
export function recordPayment(ctx: GatewayContext, input: RecordPaymentArgs & { idempotencyKey: string }): Promise<Outcome<PaymentRecord>> {
  return moneyMutation(ctx, RECORD_PAYMENT_RECOVERY, input, (writes) => recordWithin(ctx, input, writes, 'write'));
}

/**
 * Records a FreshBooks payment in one of its three kinds, as one write of a ledger row (`step`:
 * recordPayment's only write, payInvoice's `record`). Ids, currencies and credit are checked with
 * reads first, so `payment.create` (never retried) is only sent when it can succeed; it leaves
 * after its row says SENDING, with the row's marker at the end of its notes.
 */
export async function recordWithin(ctx: GatewayContext, args: RecordPaymentArgs, writes: WriteAhead, step: string): Promise<Outcome<PaymentRecord>> {
  const errors: UserErrorRecord[] = [...validateMoney(args.amount)];
  const notes = maxLength(args.notes, MAX_NOTES, ['notes']);
  if (notes) errors.push(notes);
  // `!= null`, not truthiness: an empty string is a bad id, not a missing one.
  const hasInvoice = args.invoiceId != null;
  const hasClient = args.clientId != null;
  const invoiceId = hasInvoice ? intKeyOf(args.invoiceId!, 'Invoice') : null;
  if (hasInvoice && invoiceId === null) errors.push(problem('INVALID_INPUT', ['invoiceId'], 'Not an Invoice ID.'));
  const client = hasClient ? parseClientId(args.clientId!) : null;
  if (hasClient && client?.system !== 'freshbooks') errors.push(problem('INVALID_INPUT', ['clientId'], 'Not the Client ID of a FreshBooks client.'));
  if (!hasInvoice && !hasClient) errors.push(problem('INVALID_INPUT', ['invoiceId'], 'Give invoiceId for an invoice payment, or clientId alone for a client credit.'));
  if (args.fromCredit && !hasInvoice) errors.push(problem('INVALID_INPUT', ['fromCredit'], 'Paying from credit needs an invoiceId.'));
  if (errors.length) return failure(errors);

  const common = {
    amount: args.amount.amount,
    ...(args.date ? { date: args.date } : {}),
    ...(args.type ? { type: args.type } : {}),
    notes: withMarker(args.notes, writes.entry.id),
  };
  const create = (input: CreatePaymentInput, lookup: PaymentLookupData) =>
    writes.send(step, 'FRESHBOOKS', { ...lookup }, () => ctx.freshbooks.createPayment(input, PAYMENT_FIELDS));

  if (invoiceId === null) {
    // A client credit, in the currency given.
    const owner = await ctx.freshbooks.clientById.load(client!.id);
    if (!owner) return failure(problem('NOT_FOUND', ['clientId'], 'No FreshBooks client has this ID.'));
    return create({ ...common, clientId: owner.freshbooksId, currency: args.amount.currency }, { invoiceId: null, clientId: owner.freshbooksId });
  }

  const invoice = await ctx.freshbooks.invoiceById.load(invoiceId);
  if (!invoice) return failure(problem('NOT_FOUND', ['invoiceId'], 'No FreshBooks invoice has this ID.'));
  if (client && client.id !== invoice.clientId) return failure(problem('INVALID_INPUT', ['clientId'], 'The invoice belongs to another client.'));
  if (invoice.amount.currency !== args.amount.currency) {
    return failure(problem('INVALID_CURRENCY', ['amount', 'currency'], `The invoice is in ${invoice.amount.currency}.`));
  }
  if (args.fromCredit) {
    const owner = await ctx.freshbooks.clientById.load(invoice.clientId);
    const credit = owner?.credits.find((c) => c.currency === invoice.amount.currency)?.amount ?? '0';
    if (isLess(credit, args.amount.amount)) {
      return failure(problem('INVALID_AMOUNT', ['amount', 'amount'], `The client has ${credit} ${invoice.amount.currency} of credit.`));
    }
    // FreshBooks pays from credit when both ids are given.
    return create({ ...common, invoiceId, clientId: invoice.clientId }, { invoiceId, clientId: invoice.clientId });
  }
  return create({ ...common, invoiceId }, { invoiceId, clientId: invoice.clientId });
}
