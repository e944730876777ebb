/** src/datasources/icount/mapping.ts: iCount's JSON (numbers kept as strings) to domain records. */
import { describe, expect, it } from '@jest/globals';
import {
  authorizationFromJ5, authorizationFromStatus, cardFromTokenInfo, cardTypeFromWire, chargeFromBill, chargeFromTransaction, clientFromWire,
  currencyFromWire, providerFromWire, toBrand, toInt, type BillContext,
} from '../../src/datasources/icount/mapping.js';

describe('toBrand and toInt', () => {
  it('read iCount\'s card type spellings as brands', () => {
    expect(toBrand('VISA')).toBe('VISA');
    expect(toBrand('mc')).toBe('MASTERCARD');
    expect(toBrand('American Express')).toBe('AMEX');
    expect(toBrand('Leumi-Card')).toBe('LEUMICARD');
    expect(toBrand('UnionPay')).toBe('UNIONPAY');
    expect(toBrand('Troy')).toBe('UNKNOWN');
    expect(toBrand('')).toBe('UNKNOWN');
    expect(toBrand(null)).toBe('UNKNOWN');
  });

  it('read safe integers only', () => {
    expect(toInt('1001')).toBe(1001);
    expect(toInt(7)).toBe(7);
    expect(toInt('')).toBeNull();
    expect(toInt(undefined)).toBeNull();
    expect(toInt('1.5')).toBeNull();
    expect(toInt('9007199254740993')).toBeNull();
    expect(toInt('abc')).toBeNull();
  });
});

describe('chargeFromBill', () => {
  const asked: BillContext = {
    amount: '129.9',
    currency: 'ILS',
    installments: { count: 1, firstPayment: null, credit: false },
    description: 'Order A-17',
    test: false,
    holderName: 'Dana Levi',
    card: { brand: 'VISA', last4: '4580', expiryMonth: 12, expiryYear: 2030 },
  };

  it('takes what iCount answered over what was asked', () => {
    const reply = { sum: '1000', currency_code: 'USD', num_of_payments: '3', cc_type: 'MASTERCARD', cc_last4: '0004', exp_month: '4', exp_year: '29', client_id: '1002' };
    expect(chargeFromBill(reply, asked, '0123456')).toMatchObject({
      confirmationCode: '0123456',
      amount: { amount: '1000.00', currency: 'USD' },
      card: { brand: 'MASTERCARD', last4: '0004', expiryMonth: 4, expiryYear: 2029, holderName: 'Dana Levi' },
      installments: { count: 3, firstPayment: null, credit: false },
      icountClientId: 1002,
      test: false,
      chargedAt: null,
    });
  });

  it('falls back to what was asked when the reply leaves it out', () => {
    expect(chargeFromBill({}, asked, '77')).toMatchObject({
      amount: { amount: '129.90', currency: 'ILS' },
      card: { brand: 'VISA', last4: '4580', expiryMonth: 12, expiryYear: 2030 },
      installments: { count: 1 },
      icountClientId: null,
    });
    expect(chargeFromBill({}, { ...asked, card: null }, '77').card).toMatchObject({ brand: 'UNKNOWN', last4: '', expiryMonth: null, expiryYear: null });
  });
});

describe('chargeFromTransaction', () => {
  const row = {
    confirmation_code: '0456789',
    cctotal: '300',
    currency_code: 'ILS',
    cc_cardtype: 'VISA',
    cc_cardnumber: '************1111',
    cc_month: '07',
    cc_year: '28',
    cc_holder_name: 'Dana Levi',
    cc_numofpayments: '3',
    ccfirstpayment: '120',
    is_credit: '0',
    client_id: '1001',
    payment_description: '',
    is_test: '1',
    cc_charge_date: '2026-07-14 10:05:00',
  };

  it('reads a transaction row, with the masked number\'s last 4 digits and the wall time of the charge', () => {
    expect(chargeFromTransaction(row)).toMatchObject({
      confirmationCode: '0456789',
      amount: { amount: '300.00', currency: 'ILS' },
      card: { brand: 'VISA', last4: '1111', expiryMonth: 7, expiryYear: 2028, holderName: 'Dana Levi' },
      installments: { count: 3, firstPayment: '120.00', credit: false },
      icountClientId: 1001,
      description: null,
      test: true,
      chargedAt: '2026-07-14T07:05:00Z',
    });
  });

  it('shows no first payment for a single payment, and defaults a row without currency to ILS', () => {
    const { currency_code: _currency, ...withoutCurrency } = row;
    expect(chargeFromTransaction({ ...withoutCurrency, cc_numofpayments: '1' })).toMatchObject({
      amount: { currency: 'ILS' },
      installments: { count: 1, firstPayment: null },
    });
  });
});

describe('cardFromTokenInfo', () => {
  it('reads a stored card, with two-digit years as 20YY', () => {
    expect(cardFromTokenInfo({ cc_token_id: '57', cc_type: 'VISA', cc_last4: '1111', cc_exp_month: '7', cc_exp_year: '28', cc_holder_name: 'Dana Levi', client_id: '1001' })).toEqual({
      tokenId: 57, brand: 'VISA', last4: '1111', expiryMonth: 7, expiryYear: 2028, holderName: 'Dana Levi', icountClientId: 1001,
    });
  });

  it('falls back to cc_validity for the expiry, and is null without a token id', () => {
    expect(cardFromTokenInfo({ token_id: '58', cc_validity: '2031-04' })).toMatchObject({ tokenId: 58, expiryMonth: 4, expiryYear: 2031, holderName: null, icountClientId: null });
    expect(cardFromTokenInfo({ cc_last4: '1111' })).toBeNull();
  });
});

describe('reference data and clients', () => {
  it('reads a client, and nothing without an id', () => {
    expect(clientFromWire({ client_id: '1001', client_name: 'Levi Design Studio', email: '', custom_client_id: '1', vat_id: '514000000' })).toEqual({
      icountId: 1001, name: 'Levi Design Studio', email: null, externalId: '1', vatId: '514000000',
    });
    expect(clientFromWire({ client_name: 'No id' })).toBeNull();
  });

  it('reads a currency with its ISO scale', () => {
    expect(currencyFromWire({ currency_id: '2', currency_code: 'usd', currency_name: 'US Dollar', currency_sign: '$', rate: '3.71' })).toEqual({
      code: 'USD', name: 'US Dollar', symbol: '$', icountId: 2, decimals: 2, rateToIls: '3.71',
    });
    expect(currencyFromWire({ currency_id: '9', currency_code: 'JPY' })).toMatchObject({ name: 'JPY', decimals: 0, symbol: null, rateToIls: null });
    expect(currencyFromWire({ currency_code: 'EUR' })).toBeNull();
  });

  it('reads a card type and its brand', () => {
    expect(cardTypeFromWire({ card_type_id: '22', card_type_code: 'ISRACARD', card_type_name: 'Isracard' })).toEqual({
      icountId: 22, code: 'ISRACARD', name: 'Isracard', title: 'Isracard', brand: 'ISRACARD',
    });
    expect(cardTypeFromWire({ card_type_id: '1' })).toBeNull();
  });

  it('reads the provider as a name or as a descriptor', () => {
    expect(providerFromWire({ provider: 'shva' })).toEqual({ name: 'shva', terminal: null, supportsAuthorizations: null, supportsStoredCards: null });
    expect(providerFromWire({ provider: { name: 'emulator', terminal: '0000000', supports_j5: true, supports_tokens: false } })).toEqual({
      name: 'emulator', terminal: '0000000', supportsAuthorizations: true, supportsStoredCards: false,
    });
    expect(providerFromWire({}).name).toBe('unknown');
  });
});

describe('authorizations', () => {
  const card = { brand: 'VISA' as const, last4: '4580', expiryMonth: 12, expiryYear: 2030, holderName: null };

  it('read a new J5 authorisation as fully available', () => {
    expect(authorizationFromJ5({ confirmation_code: '555', sum: '300', cc_last4: '4580' }, '300.00', 'ILS', card)).toEqual({
      available: true,
      confirmationCode: '555',
      total: { amount: '300.00', currency: 'ILS' },
      used: { amount: '0.00', currency: 'ILS' },
      remaining: { amount: '300.00', currency: 'ILS' },
      card,
    });
  });

  it('read a J5 status, whatever spelling of true iCount uses', () => {
    for (const available of [true, '1', 'true']) {
      expect(authorizationFromStatus({ j5_available: available }, null).available).toBe(true);
    }
    expect(authorizationFromStatus({ j5_available: '0', total_amount: '300', used_amount: '120', remaining_amount: '180', currency_code: 'USD' }, card)).toEqual({
      available: false,
      confirmationCode: null,
      total: { amount: '300.00', currency: 'USD' },
      used: { amount: '120.00', currency: 'USD' },
      remaining: { amount: '180.00', currency: 'USD' },
      card,
    });
    expect(authorizationFromStatus({}, null)).toMatchObject({ available: false, total: null, used: null, remaining: null });
  });
});
