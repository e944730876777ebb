import { isLess } from '../domain/money.js';
import type { InvoiceRecord, Outcome } from '../domain/records.js';
import { failure, success } from '../domain/records.js';
import { problem } from '../validation/common.js';
import type { MoneyInputShape } from '../validation/money-input.js';

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
