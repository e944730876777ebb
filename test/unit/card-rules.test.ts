/**
 * The iCount emulator's card rules (src/emulators/icount/card-rules.ts) on their own, and against
 * the gateway's (src/lib/cards.ts): the two are written apart, so a wrong rule in either shows up
 * here as a disagreement instead of passing both sides of the HTTP tests.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import * as emulator from '../../src/emulators/icount/card-rules.js';
import * as gateway from '../../src/lib/cards.js';

describe('the emulator\'s card number rule', () => {
  it('accepts Luhn-valid numbers of 12 to 19 digits', () => {
    expect(emulator.isValidCardNumber('4580458045804580')).toBe(true);
    expect(emulator.isValidCardNumber('378282246310005')).toBe(true);
    expect(emulator.isValidCardNumber('4111111111111111110')).toBe(true);
  });

  it('refuses a number whose check digit is wrong', () => {
    expect(emulator.isValidCardNumber('4580458045804581')).toBe(false);
  });

  it('refuses Luhn-valid numbers shorter than 12 or longer than 19 digits', () => {
    expect(emulator.isValidCardNumber('42424242420')).toBe(false);
    expect(emulator.isValidCardNumber('42424242424242424242')).toBe(false);
  });

  it('accepts 8- and 9-digit Israeli domestic numbers without a check digit', () => {
    expect(emulator.isValidCardNumber('12345678')).toBe(true);
    expect(emulator.isValidCardNumber('123456782')).toBe(true);
  });

  it('refuses spaces, dashes and letters', () => {
    expect(emulator.isValidCardNumber('4580 4580 4580 4580')).toBe(false);
    expect(emulator.isValidCardNumber('4580-4580-4580-4580')).toBe(false);
    expect(emulator.isValidCardNumber('4580abcd45804580')).toBe(false);
    expect(emulator.isValidCardNumber('')).toBe(false);
  });
});

describe('the emulator\'s brand detection', () => {
  it.each([
    ['4580458045804580', 'VISA'],
    ['5326100000000004', 'MASTERCARD'],
    ['2221000000000009', 'MASTERCARD'],
    ['2720990000000007', 'MASTERCARD'],
    ['378282246310005', 'AMEX'],
    ['340000000000009', 'AMEX'],
    ['36227206271667', 'DINERS'],
    ['30569309025904', 'DINERS'],
    ['3530111333300000', 'JCB'],
    ['6011111111111117', 'DISCOVER'],
    ['6500000000000002', 'DISCOVER'],
    ['123456782', 'ISRACARD'],
    ['2220990000000000', 'UNKNOWN'],
    ['2721000000000000', 'UNKNOWN'],
    ['5600000000000000', 'MAESTRO'],
    ['5900000000000000', 'UNKNOWN'],
    ['4580abcd', 'UNKNOWN'],
  ] as const)('reports %s as %s', (pan, brand) => {
    expect(emulator.detectBrand(pan)).toBe(brand);
  });

  it('does not place a number shorter than a range\'s prefix in that range', () => {
    expect(emulator.detectBrand('5')).toBe('UNKNOWN');
    expect(emulator.detectBrand('222')).toBe('UNKNOWN');
    expect(emulator.detectBrand('4')).toBe('VISA');
  });
});

describe('the emulator\'s validity rule', () => {
  it('reads YYYY-MM, MMYY and the zero-stripped MYY', () => {
    expect(emulator.parseExpiry('2030-04')).toEqual({ year: 2030, month: 4 });
    expect(emulator.parseExpiry('0430')).toEqual({ year: 2030, month: 4 });
    expect(emulator.parseExpiry('430')).toEqual({ year: 2030, month: 4 });
    expect(emulator.parseExpiry(' 1229 ')).toEqual({ year: 2029, month: 12 });
  });

  it('refuses the formats only the gateway accepts, and months outside 1 to 12', () => {
    expect(emulator.parseExpiry('04/30')).toBeNull();
    expect(emulator.parseExpiry('04/2030')).toBeNull();
    expect(emulator.parseExpiry('1330')).toBeNull();
    expect(emulator.parseExpiry('2030-00')).toBeNull();
    expect(emulator.parseExpiry('next year')).toBeNull();
  });

  it('keeps a card valid through the last day of its month (UTC)', () => {
    const lastMoment = Date.UTC(2030, 3, 30, 23, 59, 59, 999);
    expect(emulator.isExpired({ year: 2030, month: 4 }, lastMoment)).toBe(false);
    expect(emulator.isExpired({ year: 2030, month: 4 }, lastMoment + 1)).toBe(true);
    expect(emulator.isExpired({ year: 2029, month: 12 }, Date.UTC(2030, 0, 1))).toBe(true);
  });

  it('writes a validity back as YYYY-MM', () => {
    expect(emulator.formatValidity({ year: 2030, month: 4 })).toBe('2030-04');
    expect(emulator.formatValidity({ year: 2031, month: 11 })).toBe('2031-11');
  });
});

describe('the emulator and the gateway agree', () => {
  const digitStrings = fc.stringMatching(/^[0-9]{0,20}$/);
  const cardLike = fc.oneof(digitStrings, fc.string({ maxLength: 20 }));

  it('on which card numbers are valid', () => {
    fc.assert(
      fc.property(cardLike, (pan) => {
        expect(emulator.isValidCardNumber(pan)).toBe(gateway.isValidCardNumber(pan));
      }),
      { numRuns: 2000 },
    );
  });

  it('on the brand of any number', () => {
    fc.assert(
      fc.property(cardLike, (pan) => {
        expect(emulator.detectBrand(pan)).toBe(gateway.detectBrand(pan));
      }),
      { numRuns: 2000 },
    );
  });

  it('on the validities iCount accepts and their expiry', () => {
    const validity = fc.oneof(fc.stringMatching(/^[0-9]{3,4}$/), fc.stringMatching(/^[0-9]{4}-[0-9]{2}$/), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(validity, fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (raw, now) => {
        const parsed = emulator.parseExpiry(raw);
        expect(parsed).toEqual(gateway.parseExpiry(raw));
        if (parsed) {
          expect(emulator.isExpired(parsed, now)).toBe(gateway.isExpired(parsed, now));
          expect(emulator.formatValidity(parsed)).toBe(gateway.formatValidity(parsed));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
