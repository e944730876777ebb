import { describe, expect, it } from '@jest/globals';
import * as gateway from '../../src/lib/cards.js';
import * as emulator from '../../src/emulators/icount/card-rules.js';

// Issue 16 item 8: card brands by the networks' public IIN ranges, Israeli local cards included.
// The same table drives the gateway's rules and the emulator's, which are written apart.
// Sources: Stripe's published test cards (stripe), PayPal/Braintree sandbox numbers (paypal),
// Adyen/Worldpay test cards (adyen); "edge" rows are constructed at a range's bounds (Luhn-valid).

const BRANDS: readonly [brand: gateway.CardBrandCode, number: string, source: string][] = [
  ['VISA', '4242424242424242', 'stripe'],
  ['VISA', '4111111111111111', 'paypal'],
  ['VISA', '4012888888881881', 'paypal'],
  ['VISA', '4580458045804580', 'emulator (Israeli-issued Visa)'],
  ['MASTERCARD', '5555555555554444', 'stripe'],
  ['MASTERCARD', '5105105105105100', 'stripe'],
  ['MASTERCARD', '2223003122003222', 'stripe (2-series)'],
  ['MASTERCARD', '2720992720992729', 'edge 2720'],
  ['MASTERCARD', '5326100000000004', 'emulator (Israeli-issued Mastercard)'],
  ['AMEX', '378282246310005', 'stripe'],
  ['AMEX', '371449635398431', 'stripe'],
  ['AMEX', '340000000000009', 'edge 34'],
  ['DINERS', '3056930009020004', 'stripe'],
  ['DINERS', '36227206271667', 'stripe (14 digits)'],
  ['DINERS', '38520000023237', 'paypal'],
  ['DINERS', '3000000000000004', 'edge 300'],
  ['DINERS', '3095000000000000', 'edge 3095'],
  ['DINERS', '3900000000000005', 'edge 39'],
  ['DISCOVER', '6011111111111117', 'stripe'],
  ['DISCOVER', '6011000990139424', 'stripe'],
  ['DISCOVER', '6445644564456445', 'paypal (644)'],
  ['DISCOVER', '6490000000000004', 'edge 649'],
  ['DISCOVER', '6500000000000002', 'edge 65'],
  ['JCB', '3566002020360505', 'stripe'],
  ['JCB', '3530111333300000', 'paypal'],
  ['JCB', '3528000700000000', 'edge 3528'],
  ['JCB', '3589000000000003', 'edge 3589'],
  ['UNIONPAY', '6200000000000005', 'stripe'],
  ['UNIONPAY', '6205500000000000004', 'stripe (19 digits)'],
  ['MAESTRO', '6759649826438453', 'adyen (UK Maestro)'],
  ['MAESTRO', '6304000000000000', 'adyen'],
  ['MAESTRO', '5018000000000009', 'edge 5018'],
  ['MAESTRO', '5893000000000009', 'edge 5893'],
  ['MAESTRO', '6763000000000004', 'edge 6763'],
  ['MAESTRO', '5600000000000003', 'edge 56'],
  ['MIR', '2200000000000004', 'edge 2200'],
  ['MIR', '2201382000000013', 'public Mir test number'],
  ['MIR', '2204000000000000', 'edge 2204'],
  ['ISRACARD', '123456782', 'emulator (9-digit local)'],
  ['ISRACARD', '12345674', '8-digit local'],
];

/** Just outside a range: no brand (or the neighbour's). */
const OUTSIDE: readonly [brand: gateway.CardBrandCode, number: string, why: string][] = [
  ['UNKNOWN', '2205000000000007', 'between Mir and Mastercard 2-series'],
  ['UNKNOWN', '2220990000000006', 'just below 2221'],
  ['UNKNOWN', '2721000000000006', 'just above 2720'],
  ['UNKNOWN', '3060000000000001', 'Diners 306 is not issued'],
  ['UNKNOWN', '3527000000000006', 'just below JCB 3528'],
  ['UNKNOWN', '3590000000000007', 'just above JCB 3589'],
  ['UNKNOWN', '6012000000000004', 'Discover is 6011 only in 601x'],
  ['UNKNOWN', '6430000000000002', 'just below Discover 644'],
  ['UNKNOWN', '9999999999999995', 'no network'],
  ['UNKNOWN', '4242-4242', 'not digits'],
];

const implementations = [['gateway (src/lib/cards.ts)', gateway.detectBrand], ['emulator (card-rules.ts)', emulator.detectBrand]] as const;

describe.each(implementations)('detectBrand: %s', (_, detect) => {
  it.each(BRANDS)('%s %s (%s)', (brand, number) => {
    expect(detect(number)).toBe(brand);
  });
  it.each(OUTSIDE)('%s %s (%s)', (brand, number) => {
    expect(detect(number)).toBe(brand);
  });
});

describe('the test numbers are valid card numbers on both sides', () => {
  it.each(BRANDS)('%s %s', (_, number) => {
    expect(gateway.isValidCardNumber(number)).toBe(true);
    expect(emulator.isValidCardNumber(number)).toBe(true);
  });
});
