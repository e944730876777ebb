/** src/domain/ids.ts: opaque global IDs and the keys inside them. */
import { describe, expect, it } from '@jest/globals';
import { clientGlobalId, fromGlobalId, intKeyOf, keyOf, parseClientId, toGlobalId } from '../../src/domain/ids.js';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('global IDs', () => {
  it('are base64url of Type:key and decode back to both', () => {
    const id = toGlobalId('Payment', 17);
    expect(id).toBe(encode('Payment:17'));
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromGlobalId(id)).toEqual({ type: 'Payment', key: '17' });
  });

  it('keep a key containing a colon whole', () => {
    expect(fromGlobalId(toGlobalId('Client', 'icount:1006'))).toEqual({ type: 'Client', key: 'icount:1006' });
  });

  it('are refused when empty, too long, or not base64url', () => {
    expect(fromGlobalId('')).toBeNull();
    expect(fromGlobalId('%%%')).toBeNull();
    expect(fromGlobalId(encode('Card:1') + '=')).toBeNull();
    expect(fromGlobalId(encode(`Card:${'1'.repeat(200)}`))).toBeNull();
  });

  it('are refused for an unknown type, or without a type or a key', () => {
    expect(fromGlobalId(encode('User:1'))).toBeNull();
    expect(fromGlobalId(encode(':1'))).toBeNull();
    expect(fromGlobalId(encode('Card:'))).toBeNull();
    expect(fromGlobalId(encode('Card'))).toBeNull();
  });
});

describe('keyOf and intKeyOf', () => {
  it('give the key only for the expected type', () => {
    expect(keyOf(toGlobalId('Invoice', 9), 'Invoice')).toBe('9');
    expect(keyOf(toGlobalId('Invoice', 9), 'Payment')).toBeNull();
  });

  it('take positive integers of up to 15 digits, without leading zeros', () => {
    expect(intKeyOf(toGlobalId('Card', 57), 'Card')).toBe(57);
    expect(intKeyOf(toGlobalId('Card', '999999999999999'), 'Card')).toBe(999_999_999_999_999);
    expect(intKeyOf(toGlobalId('Card', '1000000000000000'), 'Card')).toBeNull();
    expect(intKeyOf(toGlobalId('Card', 0), 'Card')).toBeNull();
    expect(intKeyOf(toGlobalId('Card', '007'), 'Card')).toBeNull();
    expect(intKeyOf(toGlobalId('Card', '-1'), 'Card')).toBeNull();
    expect(intKeyOf(toGlobalId('Card', '1.5'), 'Card')).toBeNull();
  });
});

describe('client IDs', () => {
  it('name the system the client is known by, and parse back', () => {
    expect(parseClientId(clientGlobalId('freshbooks', 7))).toEqual({ system: 'freshbooks', id: 7 });
    expect(parseClientId(clientGlobalId('icount', 1006))).toEqual({ system: 'icount', id: 1006 });
  });

  it('are refused for another system, another type, or a key that is not a positive integer', () => {
    expect(parseClientId(toGlobalId('Client', 'stripe:1'))).toBeNull();
    expect(parseClientId(toGlobalId('Card', 'icount:1'))).toBeNull();
    expect(parseClientId(toGlobalId('Client', 'icount:0'))).toBeNull();
    expect(parseClientId(toGlobalId('Client', 'icount:9007199254740993'))).toBeNull();
    expect(parseClientId(toGlobalId('Client', 'icount'))).toBeNull();
  });
});
