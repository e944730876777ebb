import { GraphQLError } from 'graphql';
import type { FbPayment, FreshbooksAPI } from './freshbooks.js';
import type { IcountAPI, TokenInfo } from './icount.js';

export interface ContextValue {
  dataSources: {
    icount: IcountAPI;
    freshbooks: FreshbooksAPI;
  };
}

/** Relay-style global ids: base64url of `Type:key`. */
const toId = (type: string, key: string | number) => Buffer.from(`${type}:${key}`).toString('base64url');

function keyOf(id: string, type: string): string {
  const [kind, key] = Buffer.from(id, 'base64url').toString('utf8').split(':');
  if (kind !== type || !key || !/^\d{1,15}$/.test(key)) {
    throw new GraphQLError(`Not a ${type} id: ${id}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return key;
}

const BRANDS: Record<string, string> = {
  VISA: 'VISA', MASTERCARD: 'MASTERCARD', MC: 'MASTERCARD', AMEX: 'AMEX', DINERS: 'DINERS', JCB: 'JCB',
  DISCOVER: 'DISCOVER', MAESTRO: 'MAESTRO', ISRACARD: 'ISRACARD', LEUMICARD: 'LEUMICARD', UNIONPAY: 'UNIONPAY', MIR: 'MIR',
};

const PAYMENT_TYPES: Record<string, string> = {
  Cash: 'CASH', Check: 'CHECK', Credit: 'CREDIT', 'Credit Card': 'CREDIT_CARD', 'Bank Transfer': 'BANK_TRANSFER',
  Debit: 'DEBIT', PayPal: 'PAYPAL', '2Checkout': 'TWO_CHECKOUT', VISA: 'VISA', MASTERCARD: 'MASTERCARD',
  DISCOVER: 'DISCOVER', NOVA: 'NOVA', AMEX: 'AMEX', DINERS: 'DINERS', EUROCARD: 'EUROCARD', JCB: 'JCB', ACH: 'ACH',
};

const int = (value: number | string | undefined) => (value === undefined || value === '' ? null : Number(value));

export function resolvers(baseCurrency: string) {
  return {
    Query: {
      card: (_: unknown, { id }: { id: string }, { dataSources }: ContextValue) => dataSources.icount.getCard(Number(keyOf(id, 'Card'))),
      payment: (_: unknown, { id }: { id: string }, { dataSources }: ContextValue) => dataSources.freshbooks.getPayment(keyOf(id, 'Payment')),
    },
    Card: {
      id: (card: TokenInfo) => toId('Card', card.token_id),
      tokenId: (card: TokenInfo) => card.token_id,
      brand: (card: TokenInfo) => BRANDS[(card.cc_type ?? '').toUpperCase()] ?? 'UNKNOWN',
      last4: (card: TokenInfo) => card.cc_last4 ?? '',
      expiryMonth: (card: TokenInfo) => int(card.cc_exp_month),
      expiryYear: (card: TokenInfo) => int(card.cc_exp_year),
      holderName: (card: TokenInfo) => card.cc_holder_name || null,
    },
    Payment: {
      id: (payment: FbPayment) => toId('Payment', Number(payment.payment_id)),
      // FreshBooks sends currency_code on payments only for credits: otherwise it is the invoice's.
      amount: async (payment: FbPayment, _: unknown, { dataSources }: ContextValue) => {
        let currency = payment.currency_code;
        if (!currency && payment.invoice_id) currency = (await dataSources.freshbooks.getInvoice(payment.invoice_id))?.currency_code;
        return { amount: payment.amount, currency: currency || baseCurrency };
      },
      date: (payment: FbPayment) => payment.date.slice(0, 10),
      type: (payment: FbPayment) => PAYMENT_TYPES[payment.type || 'Check'] ?? 'OTHER',
      notes: (payment: FbPayment) => payment.notes ?? '',
    },
  };
}
