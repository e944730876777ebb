import type { UserErrorRecord } from '../domain/records.js';
import { amountProblem, isLess } from '../domain/money.js';
import { problem } from './common.js';

export interface MoneyInputShape {
  amount: string;
  currency: string;
}

/** Amount checks at the edge: positive, exact, no more decimals than the currency has. */
export function validateMoney(money: MoneyInputShape, path: string[] = ['amount']): UserErrorRecord[] {
  const why = amountProblem(money.amount, money.currency);
  return why ? [problem('INVALID_AMOUNT', [...path, 'amount'], `The amount ${why}.`)] : [];
}

export interface InstallmentsInputShape {
  count: number;
  firstPayment?: string | null;
  credit?: boolean | null;
}

export function validateInstallments(plan: InstallmentsInputShape, total: MoneyInputShape, path: string[] = ['installments']): UserErrorRecord[] {
  const errors: UserErrorRecord[] = [];
  if (!Number.isInteger(plan.count) || plan.count < 1 || plan.count > 36) {
    errors.push(problem('INVALID_INSTALLMENTS', [...path, 'count'], 'The number of installments must be between 1 and 36.'));
  }
  if (plan.firstPayment !== undefined && plan.firstPayment !== null) {
    const why = amountProblem(plan.firstPayment, total.currency);
    if (why) errors.push(problem('INVALID_INSTALLMENTS', [...path, 'firstPayment'], `The first payment ${why}.`));
    else if (plan.count <= 1) errors.push(problem('INVALID_INSTALLMENTS', [...path, 'firstPayment'], 'A first payment needs more than one installment.'));
    else if (!amountProblem(total.amount, total.currency) && !isLess(plan.firstPayment, total.amount)) {
      errors.push(problem('INVALID_INSTALLMENTS', [...path, 'firstPayment'], 'The first payment must be below the total amount.'));
    }
  }
  if (plan.credit && plan.count <= 1) {
    errors.push(problem('INVALID_INSTALLMENTS', [...path, 'credit'], 'A credit plan needs more than one installment.'));
  }
  return errors;
}
