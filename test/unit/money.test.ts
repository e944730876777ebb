/** src/domain/money.ts: exact decimal amounts and currency scales, without a server. */
import { describe, expect, it } from '@jest/globals';
import { amountProblem, currencyDecimals, isLess, normaliseAmount, subtract } from '../../src/domain/money.js';

describe('currencyDecimals', () => {
  it('gives each currency its ISO-4217 minor units', () => {
    expect(currencyDecimals('ILS')).toBe(2);
    expect(currencyDecimals('USD')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
  });

  it('answers the same the second time (from its cache)', () => {
    expect(currencyDecimals('BHD')).toBe(3);
    expect(currencyDecimals('BHD')).toBe(3);
  });

  it('falls back to 2 for a code the platform cannot format', () => {
    expect(currencyDecimals('not a code')).toBe(2);
  });
});

describe('amountProblem', () => {
  it('accepts a positive amount within the currency\'s scale', () => {
    expect(amountProblem('129.90', 'ILS')).toBeNull();
    expect(amountProblem('5', 'JPY')).toBeNull();
    expect(amountProblem('0.125', 'KWD')).toBeNull();
  });

  it('accepts trailing zeros beyond the scale: they change nothing', () => {
    expect(amountProblem('10.5000', 'ILS')).toBeNull();
    expect(amountProblem('100.0', 'JPY')).toBeNull();
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const amount of ['-5.00', '1e3', '10,50', ' 10', '.5', '10.', '', '1234567890123456']) {
      expect(amountProblem(amount, 'ILS')).toBe('must be a plain decimal number such as "129.90"');
    }
  });

  it('refuses zero, unless zero is allowed', () => {
    expect(amountProblem('0', 'ILS')).toBe('must be greater than zero');
    expect(amountProblem('0.00', 'ILS')).toBe('must be greater than zero');
    expect(amountProblem('0', 'ILS', { allowZero: true })).toBeNull();
  });

  it('refuses more decimals than the currency has, naming the currency', () => {
    expect(amountProblem('10.005', 'ILS')).toBe('has more than 2 decimal places for ILS');
    expect(amountProblem('100.5', 'JPY')).toBe('has more than 0 decimal places for JPY');
  });
});

describe('normaliseAmount', () => {
  it('writes an amount at its currency\'s scale', () => {
    expect(normaliseAmount('320', 'ILS')).toBe('320.00');
    expect(normaliseAmount('45.6', 'USD')).toBe('45.60');
    expect(normaliseAmount('1000', 'JPY')).toBe('1000');
    expect(normaliseAmount('1.5', 'KWD')).toBe('1.500');
  });

  it('keeps large amounts exact, where a float would not', () => {
    expect(normaliseAmount('9007199254740993.1', 'USD')).toBe('9007199254740993.10');
  });
});

describe('isLess and subtract', () => {
  it('compare decimal strings by value, not as text', () => {
    expect(isLess('99.99', '100')).toBe(true);
    expect(isLess('100.00', '100')).toBe(false);
    expect(isLess('9', '10')).toBe(true);
  });

  it('subtract exactly', () => {
    expect(subtract('0.3', '0.1')).toBe('0.2');
    expect(subtract('100.00', '30.5')).toBe('69.5');
    expect(subtract('10', '12.25')).toBe('-2.25');
  });
});
