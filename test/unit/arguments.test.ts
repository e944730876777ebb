/**
 * src/validation/common.ts, query-arguments.ts and filters.ts: free text, idempotency keys, IDs in
 * arguments and list filters. Malformed arguments throw BAD_USER_INPUT naming the argument.
 */
import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { clientGlobalId, toGlobalId } from '../../src/domain/ids.js';
import { maxLength, problem, validIdempotencyKey } from '../../src/validation/common.js';
import { clientFilter, invoiceFilter, paymentFilter, transactionFilter } from '../../src/validation/filters.js';
import { cardKey, cardNumberArgument, clientIdArgument, invoiceKey, paymentKey } from '../../src/validation/query-arguments.js';

/** What `run` threw, or undefined when it returned. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (err) {
    return err;
  }
}

const badInput = (message: string | RegExp, field: string[]) =>
  expect.objectContaining({ message: typeof message === 'string' ? message : expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT', field } });

describe('free text and idempotency keys', () => {
  it('accepts text up to the limit, including tabs and newlines', () => {
    expect(maxLength('a\tb\nc\r\n', 10, ['notes'])).toBeNull();
    expect(maxLength(null, 1, ['notes'])).toBeNull();
    expect(maxLength('x'.repeat(10), 10, ['notes'])).toBeNull();
  });

  it('refuses text over the limit, and control characters', () => {
    expect(maxLength('x'.repeat(11), 10, ['notes'])).toEqual(problem('INVALID_INPUT', ['notes'], 'Must be at most 10 characters.'));
    expect(maxLength('a\u0000b', 10, ['notes'])).toEqual(problem('INVALID_INPUT', ['notes'], 'Must not contain control characters.'));
    expect(maxLength('a\u007Fb', 10, ['notes'])).not.toBeNull();
  });

  it('takes 1 to 255 printable ASCII characters without spaces as an idempotency key', () => {
    expect(validIdempotencyKey('order-17/attempt#2')).toBeNull();
    expect(validIdempotencyKey('k'.repeat(255))).toBeNull();
    for (const key of ['', 'k'.repeat(256), 'with space', 'ключ']) {
      expect(validIdempotencyKey(key, ['input', 'idempotencyKey'])).toEqual(expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'idempotencyKey'] }));
    }
  });
});

describe('IDs and card numbers in query arguments', () => {
  it('give the integer key of an ID of the right type', () => {
    expect(cardKey(toGlobalId('Card', 57), ['id'])).toBe(57);
    expect(paymentKey(toGlobalId('Payment', 8), ['id'])).toBe(8);
    expect(invoiceKey(toGlobalId('Invoice', 15), ['id'])).toBe(15);
  });

  it('refuse an ID of another type, naming the argument', () => {
    const err = thrownBy(() => cardKey(toGlobalId('Payment', 1), ['card', 'id']));
    expect(err).toBeInstanceOf(GraphQLError);
    expect(err).toEqual(badInput('Not a Card ID.', ['card', 'id']));
    expect(thrownBy(() => paymentKey('%%%', ['id']))).toEqual(badInput('Not a Payment ID.', ['id']));
    expect(thrownBy(() => invoiceKey(toGlobalId('Invoice', 0), ['id']))).toEqual(badInput('Not an Invoice ID.', ['id']));
  });

  it('pass a Client ID of either system through as given', () => {
    const id = clientGlobalId('icount', 1006);
    expect(clientIdArgument(id, ['id'])).toBe(id);
    expect(thrownBy(() => clientIdArgument(toGlobalId('Card', 1), ['id']))).toEqual(badInput('Not a Client ID.', ['id']));
  });

  it('take 6 to 19 digits as a card number, with the typed separators removed', () => {
    expect(cardNumberArgument('4580 4580-4580 4580', ['number'])).toBe('4580458045804580');
    expect(cardNumberArgument('458045', ['number'])).toBe('458045');
    for (const number of ['45804', '4'.repeat(20), '<script>', '4580.4580']) {
      expect(thrownBy(() => cardNumberArgument(number, ['number']))).toEqual(badInput('A card number is 6 to 19 digits.', ['number']));
    }
  });
});

describe('the charge filter', () => {
  it('turns an iCount Client ID, last 4, confirmation code and dates into the transaction filter', () => {
    expect(
      transactionFilter({ clientId: clientGlobalId('icount', 1001), last4: '4580', confirmationCode: 'AB-12', dateFrom: '2026-07-01', dateTo: '2026-07-31' }, ['filter']),
    ).toEqual({ icountClientId: 1001, last4: '4580', confirmationCode: 'AB-12', dateFrom: '2026-07-01', dateTo: '2026-07-31' });
    expect(transactionFilter({}, ['filter'])).toEqual({});
  });

  it('refuses a FreshBooks client, a last4 that is not 4 digits, an odd confirmation code, and a reversed range', () => {
    expect(thrownBy(() => transactionFilter({ clientId: clientGlobalId('freshbooks', 1) }, ['filter']))).toEqual(badInput(/iCount client/, ['filter', 'clientId']));
    expect(thrownBy(() => transactionFilter({ last4: '12345' }, ['filter']))).toEqual(badInput(/last4/, ['filter', 'last4']));
    expect(thrownBy(() => transactionFilter({ confirmationCode: 'a b' }, ['filter']))).toEqual(badInput(/confirmation code/, ['filter', 'confirmationCode']));
    expect(thrownBy(() => transactionFilter({ dateFrom: '2026-08-01', dateTo: '2026-07-01' }, ['filter']))).toEqual(badInput(/after/, ['filter', 'dateFrom']));
  });
});

describe('the payment, invoice and client filters', () => {
  it('turn FreshBooks IDs into FreshBooks numbers and keep the rest', () => {
    expect(
      paymentFilter({ clientId: clientGlobalId('freshbooks', 6), invoiceId: toGlobalId('Invoice', 4), dateFrom: '2026-06-01', updatedFrom: '2026-06-01T00:00:00Z' }, ['filter']),
    ).toEqual({ clientId: 6, invoiceId: 4, dateFrom: '2026-06-01', updatedFrom: '2026-06-01T00:00:00Z' });
  });

  it('refuse an iCount client in a FreshBooks filter, and a malformed invoice ID', () => {
    expect(thrownBy(() => paymentFilter({ clientId: clientGlobalId('icount', 1001) }, ['filter']))).toEqual(badInput(/FreshBooks client/, ['filter', 'clientId']));
    expect(thrownBy(() => paymentFilter({ invoiceId: 'abc' }, ['filter']))).toEqual(badInput('Not an Invoice ID.', ['filter', 'invoiceId']));
  });

  it('write GraphQL invoice statuses as FreshBooks does', () => {
    expect(invoiceFilter({ status: 'AUTO_PAID' }, ['filter'])).toEqual({ status: 'auto-paid' });
    expect(invoiceFilter({ status: 'DRAFT', number: 'FB 00/4-a_b.c' }, ['filter'])).toEqual({ status: 'draft', number: 'FB 00/4-a_b.c' });
  });

  it('refuse the UNKNOWN status and an invoice number with other characters or over 32', () => {
    expect(thrownBy(() => invoiceFilter({ status: 'UNKNOWN' }, ['filter']))).toEqual(badInput(/UNKNOWN/, ['filter', 'status']));
    expect(thrownBy(() => invoiceFilter({ number: '12;DROP' }, ['filter']))).toEqual(badInput(/invoice number/, ['filter', 'number']));
    expect(thrownBy(() => invoiceFilter({ number: '1'.repeat(33) }, ['filter']))).toEqual(badInput(/invoice number/, ['filter', 'number']));
  });

  it('pass an e-mail through, and drop an empty one', () => {
    expect(clientFilter({ email: 'dana@levi-design.example' }, ['filter'])).toEqual({ email: 'dana@levi-design.example' });
    expect(clientFilter({ email: '' }, ['filter'])).toEqual({});
    expect(clientFilter({}, ['filter'])).toEqual({});
    expect(thrownBy(() => clientFilter({ email: `${'a'.repeat(250)}@x.io` }, ['filter']))).toEqual(badInput(/e-mail/, ['filter', 'email']));
  });
});
