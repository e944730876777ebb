import type { GatewayContext } from '../context.js';
import { isLess } from '../domain/money.js';
import type { InvoiceRecord, Outcome } from '../domain/records.js';
import { failure, success } from '../domain/records.js';
import { problem } from '../validation/common.js';
import type { MoneyInputShape } from '../validation/money-input.js';

/** The invoice a payment of it is for (payInvoice, createCheckout), and the amount it may be for. */
export async function payableInvoice(
  ctx: GatewayContext,
  invoiceId: number,
  asked: MoneyInputShape | null | undefined,
): Promise<Outcome<{ invoice: InvoiceRecord; amount: string }>> {
  const invoice = await ctx.freshbooks.invoiceById.load(invoiceId);
  if (!invoice) return failure(problem('NOT_FOUND', ['invoiceId'], 'No FreshBooks invoice has this ID.'));
  const amount = amountDue(invoice, asked);
  return amount.ok ? success({ invoice, amount: amount.value }) : amount;
}

/**
 * What a payment of an invoice may be for (payInvoice, createCheckout): the outstanding balance by
 * default; an amount asked for must be in the invoice's currency and not above the balance.
 */
export function amountDue(invoice: InvoiceRecord, asked: MoneyInputShape | null | undefined): Outcome<string> {
  const outstanding = invoice.outstanding.amount;
  if (!isLess('0', outstanding)) return failure(problem('INVOICE_ALREADY_PAID', ['invoiceId'], `Invoice ${invoice.number} has nothing left to pay.`));
  if (!asked) return success(outstanding);
  if (asked.currency !== invoice.amount.currency) {
    return failure(problem('INVALID_CURRENCY', ['amount', 'currency'], `Invoice ${invoice.number} is in ${invoice.amount.currency}.`));
  }
  if (isLess(outstanding, asked.amount)) {
    return failure(problem('INVALID_AMOUNT', ['amount', 'amount'], `The amount is above the outstanding balance of ${outstanding} ${invoice.amount.currency}.`));
  }
  return success(asked.amount);
}
