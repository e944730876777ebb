/** src/validation/money-input.ts: amounts and installment plans at the edge. */
import { describe, expect, it } from '@jest/globals';
import { validateInstallments, validateMoney } from '../../src/validation/money-input.js';

describe('validateMoney', () => {
  it('accepts a positive amount within the currency\'s scale', () => {
    expect(validateMoney({ amount: '129.90', currency: 'ILS' })).toEqual([]);
  });

  it('names the amount field under the given path, with the reason', () => {
    expect(validateMoney({ amount: '10.005', currency: 'ILS' }, ['input', 'amount'])).toEqual([
      { code: 'INVALID_AMOUNT', field: ['input', 'amount', 'amount'], message: 'The amount has more than 2 decimal places for ILS.' },
    ]);
    expect(validateMoney({ amount: '0', currency: 'USD' })).toEqual([
      { code: 'INVALID_AMOUNT', field: ['amount', 'amount'], message: 'The amount must be greater than zero.' },
    ]);
  });
});

describe('validateInstallments', () => {
  const total = { amount: '100.00', currency: 'ILS' };

  it('accepts 1 to 36 installments and a first payment below the total', () => {
    expect(validateInstallments({ count: 1 }, total)).toEqual([]);
    expect(validateInstallments({ count: 36 }, total)).toEqual([]);
    expect(validateInstallments({ count: 3, firstPayment: '40.00', credit: true }, total)).toEqual([]);
  });

  it.each([[0], [37], [2.5]])('refuses %p installments', (count) => {
    expect(validateInstallments({ count }, total)).toEqual([expect.objectContaining({ code: 'INVALID_INSTALLMENTS', field: ['installments', 'count'] })]);
  });

  it('refuses a first payment that is malformed, alone, or not below the total', () => {
    const field = ['installments', 'firstPayment'];
    expect(validateInstallments({ count: 3, firstPayment: '1.001' }, total)).toEqual([expect.objectContaining({ code: 'INVALID_INSTALLMENTS', field })]);
    expect(validateInstallments({ count: 1, firstPayment: '10.00' }, total)).toEqual([
      expect.objectContaining({ field, message: 'A first payment needs more than one installment.' }),
    ]);
    expect(validateInstallments({ count: 3, firstPayment: '100.00' }, total)).toEqual([
      expect.objectContaining({ field, message: 'The first payment must be below the total amount.' }),
    ]);
  });

  it('leaves the comparison with a malformed total to the amount check', () => {
    expect(validateInstallments({ count: 3, firstPayment: '10.00' }, { amount: '-1', currency: 'ILS' })).toEqual([]);
  });

  it('refuses a credit plan of one installment', () => {
    expect(validateInstallments({ count: 1, credit: true }, total, ['input', 'installments'])).toEqual([
      expect.objectContaining({ code: 'INVALID_INSTALLMENTS', field: ['input', 'installments', 'credit'] }),
    ]);
  });
});
