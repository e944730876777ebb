/** src/validation/card-input.ts: the card checks at paygraph's edge, without a server. */
import { describe, expect, it } from '@jest/globals';
import { checkExpiry, holderIdProblem, last4Of, parseCardInput, parseCardLookup, type CardRules } from '../../src/validation/card-input.js';

const VISA = '4580458045804580';
/** 15 June 2026, UTC. */
const NOW = Date.UTC(2026, 5, 15);
const details: CardRules = { allowToken: false, now: NOW };
const either: CardRules = { allowToken: true, now: NOW };

describe('parseCardInput with a stored card', () => {
  it('gives the token, and the CVV when one is sent', () => {
    expect(parseCardInput({ tokenId: 57 }, either)).toEqual({ source: { kind: 'token', tokenId: 57, cvv: null }, errors: [] });
    expect(parseCardInput({ tokenId: 57, cvv: '123' }, either).source).toEqual({ kind: 'token', tokenId: 57, cvv: '123' });
  });

  it('refuses a token where only details will do', () => {
    const { source, errors } = parseCardInput({ tokenId: 57 }, details);
    expect(source).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['card', 'tokenId'] })]);
  });

  it('answers a token below 1 as NOT_FOUND', () => {
    expect(parseCardInput({ tokenId: 0 }, either).errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['card', 'tokenId'] })]);
  });

  it('refuses an expiry or holder id next to a token', () => {
    const { errors } = parseCardInput({ tokenId: 57, expiry: '12/30', holderId: '208915123' }, either);
    expect(errors.map((e) => e.field)).toEqual([['card', 'expiry'], ['card', 'holderId']]);
    expect(errors.every((e) => e.code === 'INVALID_INPUT')).toBe(true);
  });

  it('checks the CVV sent with a token', () => {
    expect(parseCardInput({ tokenId: 57, cvv: '12' }, either).errors).toEqual([expect.objectContaining({ code: 'INVALID_CVV', field: ['card', 'cvv'] })]);
  });
});

describe('parseCardInput with card details', () => {
  it('gives the number without the spaces and dashes typed between groups, and the parsed expiry', () => {
    const { source, errors } = parseCardInput({ number: '4580 4580-4580 4580', expiry: '12/30', cvv: '123', holderName: 'Dana Levi' }, details);
    expect(errors).toEqual([]);
    expect(source).toEqual({ kind: 'details', number: VISA, expiry: { month: 12, year: 2030 }, cvv: '123', holderName: 'Dana Levi', holderId: null });
  });

  it('takes MM/YY, MM/YYYY, MMYY and YYYY-MM expiries alike', () => {
    for (const expiry of ['04/29', '04/2029', '0429', '2029-04']) {
      expect(parseCardInput({ number: VISA, expiry }, details).source).toMatchObject({ expiry: { month: 4, year: 2029 } });
    }
  });

  it('keeps a card valid through its expiry month', () => {
    expect(parseCardInput({ number: VISA, expiry: '06/26' }, details).errors).toEqual([]);
    expect(parseCardInput({ number: VISA, expiry: '05/26' }, details).errors).toEqual([expect.objectContaining({ code: 'CARD_EXPIRED', field: ['card', 'expiry'] })]);
  });

  it.each([
    ['a wrong check digit', '4580458045804581'],
    ['letters', '4580abcd45804580'],
    ['too few digits', '45804580458'],
    ['more than 19 digits', '4'.repeat(20)],
  ])('refuses a number with %s', (_why, number) => {
    const { source, errors } = parseCardInput({ number, expiry: '12/30' }, details);
    expect(source).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_CARD_NUMBER', field: ['card', 'number'] })]);
  });

  it('accepts an 8- or 9-digit Israeli domestic number without a check digit', () => {
    expect(parseCardInput({ number: '123456782', expiry: '12/30' }, details).errors).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['month 13', '13/30'],
    ['words', 'next year'],
    ['longer than 10 characters', '12/2030    1'],
  ])('refuses an expiry that is %s as INVALID_EXPIRY', (_why, expiry) => {
    expect(parseCardInput({ number: VISA, expiry }, details).errors).toEqual([expect.objectContaining({ code: 'INVALID_EXPIRY', field: ['card', 'expiry'] })]);
  });

  it('requires the CVV and the holder id where the rules say so', () => {
    const { errors } = parseCardInput({ number: VISA, expiry: '12/30' }, { ...details, require: ['cvv', 'holderId'] });
    expect(errors).toEqual([
      expect.objectContaining({ code: 'INVALID_CVV', field: ['card', 'cvv'] }),
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['card', 'holderId'] }),
    ]);
  });

  it('refuses a malformed holder id and a holder name over 100 characters', () => {
    const { errors } = parseCardInput({ number: VISA, expiry: '12/30', holderId: '12a45', holderName: 'x'.repeat(101) }, details);
    expect(errors.map((e) => e.field)).toEqual([['card', 'holderId'], ['card', 'holderName']]);
  });

  it('reports every problem at once, under the given path, without quoting the number or the CVV', () => {
    const { errors } = parseCardInput({ number: '4580458045804581', expiry: '01/20', cvv: '98765' }, details, ['input', 'card']);
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_CVV', ['input', 'card', 'cvv']],
      ['INVALID_CARD_NUMBER', ['input', 'card', 'number']],
      ['CARD_EXPIRED', ['input', 'card', 'expiry']],
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/4580458045804581|98765/);
  });

  it('refuses both a token and a number, and neither', () => {
    expect(parseCardInput({ tokenId: 57, number: VISA }, either).errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['card'] })]);
    expect(parseCardInput({}, either).errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['card'] })]);
  });
});

describe('last4Of', () => {
  it('gives the last 4 digits of a card given as details, and nothing for a token', () => {
    expect(last4Of({ kind: 'details', number: VISA, expiry: { month: 12, year: 2030 }, cvv: null, holderName: null, holderId: null })).toBe('4580');
    expect(last4Of({ kind: 'token', tokenId: 57, cvv: null })).toBeNull();
  });
});

describe('parseCardLookup', () => {
  it('gives a token or a compacted number', () => {
    expect(parseCardLookup({ tokenId: 57 })).toEqual({ ok: true, value: { kind: 'token', tokenId: 57 } });
    expect(parseCardLookup({ number: '4580-4580-4580-4580' })).toEqual({ ok: true, value: { kind: 'number', number: VISA } });
  });

  it('refuses an invalid number, and both or neither of token and number', () => {
    expect(parseCardLookup({ number: '4580458045804581' })).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'INVALID_CARD_NUMBER', field: ['card', 'number'] })] });
    expect(parseCardLookup({ tokenId: 1, number: VISA }, ['lookup'])).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['lookup'] })] });
    expect(parseCardLookup({})).toMatchObject({ ok: false });
  });
});

describe('checkExpiry and holderIdProblem', () => {
  it('parse and date-check an expiry on their own', () => {
    expect(checkExpiry('2029-04', NOW, ['expiry'])).toEqual({ expiry: { month: 4, year: 2029 } });
    expect(checkExpiry('03/19', NOW, ['expiry'])).toEqual({ error: expect.objectContaining({ code: 'CARD_EXPIRED', field: ['expiry'] }) });
    expect(checkExpiry('00/29', NOW, ['expiry'])).toEqual({ error: expect.objectContaining({ code: 'INVALID_EXPIRY', field: ['expiry'] }) });
  });

  it('take 5 to 10 digits as a holder id', () => {
    expect(holderIdProblem('12345', ['holderId'])).toBeNull();
    expect(holderIdProblem('1234567890', ['holderId'])).toBeNull();
    expect(holderIdProblem('1234', ['holderId'])).toEqual(expect.objectContaining({ code: 'INVALID_INPUT', field: ['holderId'] }));
    expect(holderIdProblem('12345678901', ['holderId'])).not.toBeNull();
  });
});
