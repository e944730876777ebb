import { GraphQLError } from 'graphql';
import type { FbClient, FbInvoice, FbPayment, FreshbooksAPI } from './freshbooks.js';
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

/** What Payment.amount hands to Money: the currency is looked up only when it is asked for. */
interface MoneyParent {
  amount: string;
  currency?: string;
  invoiceId?: string;
}

const int = (value: number | string | undefined) => (value === undefined || value === '' ? null : Number(value));

/**
 * One resolver per field, each calling its data source (Apollo's "Fetching from REST" pattern):
 * nothing is batched or cached across fields, so a list of payments costs a `client.get`, an
 * `invoice.get` and the client's two iCount calls per payment.
 */
export function resolvers(baseCurrency: string) {
  return {
    Query: {
      card: (_: unknown, { id }: { id: string }, { dataSources }: ContextValue) => dataSources.icount.getCard(Number(keyOf(id, 'Card'))),
      payment: (_: unknown, { id }: { id: string }, { dataSources }: ContextValue) => dataSources.freshbooks.getPayment(keyOf(id, 'Payment')),
      payments: async (_: unknown, { page, perPage }: { page: number; perPage: number }, { dataSources }: ContextValue) => {
        if (perPage < 1 || perPage > 100) throw new GraphQLError('perPage must be 1–100', { extensions: { code: 'BAD_USER_INPUT' } });
        return { nodes: await dataSources.freshbooks.listPayments(page, perPage) };
      },
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
      amount: (payment: FbPayment): MoneyParent => ({ amount: payment.amount, currency: payment.currency_code, invoiceId: payment.invoice_id }),
      date: (payment: FbPayment) => payment.date.slice(0, 10),
      type: (payment: FbPayment) => PAYMENT_TYPES[payment.type || 'Check'] ?? 'OTHER',
      notes: (payment: FbPayment) => payment.notes ?? '',
      client: (payment: FbPayment, _: unknown, { dataSources }: ContextValue) => (payment.client_id ? dataSources.freshbooks.getClient(payment.client_id) : null),
      invoice: (payment: FbPayment, _: unknown, { dataSources }: ContextValue) => (payment.invoice_id ? dataSources.freshbooks.getInvoice(payment.invoice_id) : null),
    },
    Money: {
      // FreshBooks sends currency_code on payments only for credits: otherwise it is the invoice's.
      currency: async (money: MoneyParent, _: unknown, { dataSources }: ContextValue) => {
        let currency = money.currency;
        if (!currency && money.invoiceId) currency = (await dataSources.freshbooks.getInvoice(money.invoiceId))?.currency_code;
        return currency || baseCurrency;
      },
    },
    Client: {
      id: (client: FbClient) => toId('Client', `freshbooks-${Number(client.client_id)}`),
      name: (client: FbClient) => client.organization || `${client.first_name ?? ''} ${client.last_name ?? ''}`.trim(),
      // iCount's custom_client_id holds the FreshBooks client id: find the twin, then its stored cards.
      cards: async (client: FbClient, _: unknown, { dataSources }: ContextValue) => {
        const twin = await dataSources.icount.findClientByExternalId(String(Number(client.client_id)));
        return twin ? dataSources.icount.getClientCards(twin.client_id) : [];
      },
    },
    Invoice: {
      id: (invoice: FbInvoice) => toId('Invoice', Number(invoice.invoice_id)),
      number: (invoice: FbInvoice) => invoice.number,
    },
  };
}
