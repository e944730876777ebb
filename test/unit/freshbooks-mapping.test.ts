/** src/datasources/freshbooks/mapping.ts and dates.ts: FreshBooks' XML strings to domain records. */
import { describe, expect, it } from '@jest/globals';
import { dateOnly, easternToIso, isoToEastern } from '../../src/datasources/freshbooks/dates.js';
import {
  clientFromWire, currencyCode, invoiceFromWire, invoiceStatusFromWire, pageInfoFromWire, paymentFromWire, toId, WireShapeError,
} from '../../src/datasources/freshbooks/mapping.js';

describe('Eastern date-times', () => {
  it('are read as EST in winter and EDT in summer', () => {
    expect(easternToIso('2026-01-15 09:30:00')).toBe('2026-01-15T14:30:00Z');
    expect(easternToIso('2026-07-01 12:00:00')).toBe('2026-07-01T16:00:00Z');
    expect(easternToIso('2026-01-15 12:00:00')).toBe('2026-01-15T17:00:00Z');
  });

  it('cross the DST changes on the right side', () => {
    // 8 March 2026: 02:00 EST becomes 03:00 EDT.
    expect(easternToIso('2026-03-08 01:59:59')).toBe('2026-03-08T06:59:59Z');
    expect(easternToIso('2026-03-08 03:00:00')).toBe('2026-03-08T07:00:00Z');
    expect(easternToIso('2026-03-08 03:30:00')).toBe('2026-03-08T07:30:00Z'); // the morning DST starts
    // 1 November 2026: the repeated 01:00 hour resolves to its first (EDT) occurrence.
    expect(easternToIso('2026-11-01 01:30:00')).toBe('2026-11-01T05:30:00Z');
  });

  it('read a bare date as Eastern midnight', () => {
    expect(easternToIso('2026-02-01')).toBe('2026-02-01T05:00:00Z');
  });

  it('are null when empty or never set, and undefined when not a date-time', () => {
    expect(easternToIso('')).toBeNull();
    expect(easternToIso(undefined)).toBeNull();
    expect(easternToIso('0000-00-00 00:00:00')).toBeNull();
    expect(easternToIso('yesterday')).toBeUndefined();
  });

  it('are written from an instant, rounding a lower bound up and an upper bound down to the second', () => {
    expect(isoToEastern('2026-07-01T16:00:00Z', 'from')).toBe('2026-07-01 12:00:00');
    expect(isoToEastern('2026-01-15T14:30:00.250Z', 'from')).toBe('2026-01-15 09:30:01');
    expect(isoToEastern('2026-01-15T14:30:00.250Z', 'to')).toBe('2026-01-15 09:30:00');
    expect(isoToEastern('2026-07-01T18:00:00+02:00', 'to')).toBe('2026-07-01 12:00:00');
    expect(isoToEastern('2026-01-15T17:00:00Z', 'to')).toBe('2026-01-15 12:00:00');
    expect(isoToEastern('2026-01-15T19:00:00+02:00', 'to')).toBe('2026-01-15 12:00:00');
    expect(isoToEastern('2026-01-15T17:00:00.250Z', 'from')).toBe('2026-01-15 12:00:01');
    expect(isoToEastern('2026-01-15T17:00:00.250Z', 'to')).toBe('2026-01-15 12:00:00');
    expect(isoToEastern('not a date', 'from')).toBeNull();
  });

  it('give their date part, or null', () => {
    expect(dateOnly('2026-03-11 00:00:00')).toBe('2026-03-11');
    expect(dateOnly('2026-03-11')).toBe('2026-03-11');
    expect(dateOnly('0000-00-00 00:00:00')).toBeNull();
    expect(dateOnly('11/03/2026')).toBeNull();
  });
});

describe('ids, currencies and statuses', () => {
  it('read zero-padded ids as numbers, and nothing else', () => {
    expect(toId('00000006457')).toBe(6457);
    expect(toId(' 15 ')).toBe(15);
    expect(toId('')).toBeNull();
    expect(toId('0')).toBeNull();
    expect(toId('12a')).toBeNull();
    expect(toId('1234567890123456')).toBeNull();
  });

  it('take a three-letter currency code in any case', () => {
    expect(currencyCode(' usd ')).toBe('USD');
    expect(currencyCode('US$')).toBeNull();
    expect(currencyCode(undefined)).toBeNull();
  });

  it('map FreshBooks statuses to the enum, and an unknown one to UNKNOWN', () => {
    expect(invoiceStatusFromWire('auto-paid')).toBe('AUTO_PAID');
    expect(invoiceStatusFromWire(' Partial ')).toBe('PARTIAL');
    expect(invoiceStatusFromWire('archived')).toBe('UNKNOWN');
    expect(invoiceStatusFromWire(undefined)).toBe('UNKNOWN');
  });
});

describe('paymentFromWire', () => {
  const wire = {
    payment_id: '00000000008',
    client_id: '00000000001',
    invoice_id: '00000000003',
    date: '2026-03-11 00:00:00',
    amount: '45.6',
    type: 'PayPal',
    notes: '  PO "WH-7" & <urgent>\n',
    updated: '2026-03-11 10:15:00',
    from_credit: '0',
  };

  it('builds the payment at the currency\'s scale, with notes byte for byte', () => {
    expect(paymentFromWire(wire, 'ILS')).toMatchObject({
      freshbooksId: 8,
      clientId: 1,
      invoiceId: 3,
      date: '2026-03-11',
      amount: { amount: '45.60', currency: 'ILS' },
      type: 'PAYPAL',
      notes: '  PO "WH-7" & <urgent>\n',
      updatedAt: '2026-03-11T14:15:00Z',
      fromCredit: false,
      gateway: null,
    });
  });

  it('prefers the payment\'s own currency, and reads a credit, the default type and a gateway', () => {
    const credit = paymentFromWire(
      { payment_id: '9', client_id: '7', invoice_id: '', date: '2026-04-01', amount: '50', currency_code: 'GBP', type: '', from_credit: '1',
        updated: '0000-00-00 00:00:00', gateway_transaction: { reference_id: 'ch_1', gateway_name: 'Stripe' } },
      'USD',
    );
    expect(credit).toMatchObject({
      invoiceId: null, amount: { amount: '50.00', currency: 'GBP' }, type: 'CHECK', fromCredit: true, updatedAt: null,
      gateway: { referenceId: 'ch_1', gatewayName: 'Stripe' },
    });
  });

  it('reads a payment type paygraph does not know as OTHER instead of refusing the payment', () => {
    expect(paymentFromWire({ ...wire, type: 'Bitcoin' }, 'ILS').type).toBe('OTHER');
  });

  it('keeps an amount with more decimals than the currency has, rather than rounding it', () => {
    expect(paymentFromWire({ ...wire, amount: '45.605' }, 'ILS').amount.amount).toBe('45.605');
  });

  it.each([
    ['without an id', { payment_id: '' }, /payment_id/],
    ['with an amount that is not a number', { amount: 'lots' }, /amount is not a decimal/],
    ['with a date that is not a date', { date: 'soon' }, /date is not a date/],
    ['with an updated time that is not one', { updated: 'recently' }, /updated is not a date-time/],
  ])('refuses a payment %s', (_why, change, message) => {
    const build = () => paymentFromWire({ ...wire, ...change }, 'ILS');
    expect(build).toThrow(WireShapeError);
    expect(build).toThrow(message);
  });
});

describe('invoiceFromWire', () => {
  /** As in FreshBooks' documentation samples: no `paid`. */
  const documented = {
    invoice_id: '00000000012',
    number: '0000012',
    client_id: '00000000004',
    amount: '301.21',
    amount_outstanding: '0',
    status: 'paid',
    date: '2026-05-02 00:00:00',
    updated: '',
    po_number: '',
    notes: 'Thanks',
    lines: { line: [{ name: 'Beans', description: 'Arabica', unit_cost: '12.5', quantity: '10', amount: '125' }, { name: 'Cups', unit_cost: '176.21', quantity: '1', amount: '176.21' }] },
  };
  /** As in live replies, with `paid`. */
  const wire = { ...documented, paid: '301.21' };

  it('builds the invoice, keeping the display number and its lines', () => {
    expect(invoiceFromWire(wire, 'USD')).toMatchObject({
      freshbooksId: 12,
      number: '0000012',
      clientId: 4,
      amount: { amount: '301.21', currency: 'USD' },
      paid: { amount: '301.21', currency: 'USD' },
      outstanding: { amount: '0.00', currency: 'USD' },
      status: 'PAID',
      date: '2026-05-02',
      updatedAt: null,
      poNumber: null,
      notes: 'Thanks',
      lines: [
        { name: 'Beans', description: 'Arabica', unitCost: '12.50', quantity: '10', amount: '125.00' },
        { name: 'Cups', description: '', unitCost: '176.21', quantity: '1', amount: '176.21' },
      ],
    });
  });

  it('works out what was paid when FreshBooks leaves it out', () => {
    expect(invoiceFromWire({ ...documented, amount_outstanding: '100.21' }, 'USD').paid).toEqual({ amount: '201.00', currency: 'USD' });
  });

  it('reads an empty lines container as no lines', () => {
    expect(invoiceFromWire({ ...wire, lines: '' }, 'USD').lines).toEqual([]);
  });

  it('refuses an invoice without a client', () => {
    expect(() => invoiceFromWire({ ...wire, client_id: '' }, 'USD')).toThrow(WireShapeError);
  });
});

describe('clientFromWire', () => {
  it('reads one credit per currency, each at its currency\'s scale', () => {
    const client = clientFromWire(
      {
        client_id: '00000000006', first_name: 'Avi', last_name: 'Ben-David', organization: 'Ben-David Consulting', email: ' avi@example.test ',
        currency_code: 'EUR', updated: '2026-02-01 08:00:00',
        credits: { credit: [{ '#text': '75.5', '@_currency': 'EUR' }, { '#text': '20', '@_currency': 'USD' }, '5'] },
      },
      'ILS',
    );
    expect(client).toMatchObject({
      freshbooksId: 6,
      firstName: 'Avi',
      lastName: 'Ben-David',
      organization: 'Ben-David Consulting',
      email: 'avi@example.test',
      currency: 'EUR',
      credits: [{ amount: '75.50', currency: 'EUR' }, { amount: '20.00', currency: 'USD' }, { amount: '5.00', currency: 'EUR' }],
      updatedAt: '2026-02-01T13:00:00Z',
    });
  });

  it('falls back to the base currency for a credit when the client has none', () => {
    expect(clientFromWire({ client_id: '2', credits: { credit: ['12'] } }, 'ILS')).toMatchObject({ currency: null, email: null, credits: [{ amount: '12.00', currency: 'ILS' }] });
  });
});

describe('pageInfoFromWire', () => {
  it('reads the paging attributes', () => {
    expect(pageInfoFromWire({ '@_page': '2', '@_per_page': '10', '@_pages': '3', '@_total': '25' }, { page: 1, perPage: 25 }, 10)).toEqual({
      page: 2, perPage: 10, totalPages: 3, totalCount: 25,
    });
  });

  it('falls back to the request and the items when the attributes are missing', () => {
    expect(pageInfoFromWire('', { page: 1, perPage: 10 }, 7)).toEqual({ page: 1, perPage: 10, totalPages: 1, totalCount: 7 });
    expect(pageInfoFromWire({ '@_total': '25' }, { page: 2, perPage: 10 }, 10)).toEqual({ page: 2, perPage: 10, totalPages: 3, totalCount: 25 });
  });
});
