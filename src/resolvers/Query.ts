import type { QueryResolvers } from '../generated/resolvers-types.js';
import { fromGlobalId, intKeyOf, parseClientId } from '../domain/ids.js';
import { badUserInput } from '../errors.js';
import { isValidCardNumber, parseExpiry, formatValidity } from '../lib/cards.js';
import { parseCardLookup } from '../validation/card-input.js';
import { invoiceFilter, invoiceKey, paymentFilter, transactionFilter } from '../validation/filters.js';
import type { UserErrorRecord } from '../domain/records.js';
import { loadClient } from '../services/client-sides.js';
import { pageArgs } from './paging.js';
import { userErrorFromReply } from '../datasources/icount/errors.js';

export const Query: QueryResolvers = {
  node: async (_, { id }, ctx) => {
    const parsed = fromGlobalId(id);
    if (!parsed) throw badUserInput('Not a paygraph ID.', ['id']);
    switch (parsed.type) {
      case 'Card': {
        const tokenId = intKeyOf(id, 'Card');
        return tokenId === null ? null : ctx.icount.cardByToken.load(tokenId);
      }
      case 'Charge': {
        const [charge] = await ctx.icount.transactions({ confirmationCode: parsed.key });
        return charge ?? null;
      }
      case 'Client':
        return loadClient(ctx, id);
      case 'Payment': {
        const paymentId = intKeyOf(id, 'Payment');
        return paymentId === null ? null : ctx.freshbooks.paymentById.load(paymentId);
      }
      case 'Invoice': {
        const invoiceId = intKeyOf(id, 'Invoice');
        return invoiceId === null ? null : ctx.freshbooks.invoiceById.load(invoiceId);
      }
    }
  },

  card: async (_, { id }, ctx) => {
    const tokenId = intKeyOf(id, 'Card');
    if (tokenId === null) throw badUserInput('Not a Card ID.', ['id']);
    return ctx.icount.cardByToken.load(tokenId);
  },

  client: async (_, { id }, ctx) => {
    if (!parseClientId(id)) throw badUserInput('Not a Client ID.', ['id']);
    return loadClient(ctx, id);
  },

  clients: async (_, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    const email = args.filter?.email ?? undefined;
    if (email !== undefined && email.length > 254) throw badUserInput('Not an e-mail address.', ['filter', 'email']);
    const result = await ctx.freshbooks.listClients(email ? { email } : {}, page, perPage);
    return { nodes: result.nodes.map((freshbooks) => ({ freshbooks })), pageInfo: result.pageInfo };
  },

  payment: async (_, { id }, ctx) => {
    const paymentId = intKeyOf(id, 'Payment');
    if (paymentId === null) throw badUserInput('Not a Payment ID.', ['id']);
    return ctx.freshbooks.paymentById.load(paymentId);
  },

  payments: async (_, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    return ctx.freshbooks.listPayments(paymentFilter(args.filter ?? {}, ['filter']), page, perPage);
  },

  invoice: async (_, { id }, ctx) => ctx.freshbooks.invoiceById.load(invoiceKey(id, ['id'])),

  invoices: async (_, args, ctx) => {
    const { page, perPage } = pageArgs(args.page, args.perPage);
    return ctx.freshbooks.listInvoices(invoiceFilter(args.filter ?? {}, ['filter']), page, perPage);
  },

  charges: async (_, { filter }, ctx) => ctx.icount.transactions(transactionFilter(filter ?? {}, ['filter'])),

  cardTypes: (_, __, ctx) => ctx.icount.cardTypes(),

  detectCardBrand: (_, { number }, ctx) => ctx.icount.detectBrand(cardNumberArg(number)),

  detectCardIssuer: (_, { number }, ctx) => ctx.icount.detectIssuer(cardNumberArg(number)),

  cardProvider: (_, __, ctx) => ctx.icount.provider(),

  currencies: (_, __, ctx) => ctx.icount.currencies(),

  validateCard: async (_, { input }, ctx) => {
    const number = input.number?.replace(/[\s-]/g, '') ?? null;
    if (number === null && (input.expiry === undefined || input.expiry === null)) {
      throw badUserInput('Give a card number, an expiry, or both.', ['input']);
    }
    // Checked here first: garbage is answered without asking iCount.
    const local: UserErrorRecord[] = [];
    if (number !== null && (number.length > 19 || !isValidCardNumber(number))) {
      local.push({ code: 'INVALID_CARD_NUMBER', field: ['input', 'number'], message: 'The card number is not valid (digits only, correct length, Luhn check).' });
    }
    const expiry = input.expiry ? parseExpiry(input.expiry.slice(0, 10), { lenient: true }) : null;
    if (input.expiry && !expiry) {
      local.push({ code: 'INVALID_EXPIRY', field: ['input', 'expiry'], message: 'The card expiry must be MM/YY, MMYY or YYYY-MM.' });
    }
    const last4 = number && /^\d{4,}$/.test(number) ? number.slice(-4) : null;
    if (local.length) return { valid: false, brand: null, last4, expiryMonth: null, expiryYear: null, errors: local };

    const check = await ctx.icount.validate(number, expiry ? formatValidity(expiry) : null);
    // The reason mapping names fields under `card`; here they sit directly under `input`.
    const errors = check.rejection
      ? [userErrorFromReply('cc/validate_card_info', check.rejection)].map((e) => ({ ...e, field: e.field ? ['input', ...e.field.slice(1)] : null }))
      : [];
    return {
      valid: check.valid && errors.length === 0,
      brand: check.brand,
      last4,
      expiryMonth: check.expiryMonth ?? expiry?.month ?? null,
      expiryYear: check.expiryYear ?? expiry?.year ?? null,
      errors,
    };
  },

  cardAuthorization: async (_, { card }, ctx) => {
    const lookup = parseCardLookup(card);
    if (!lookup.ok) throw badUserInput(lookup.errors[0]!.message, lookup.errors[0]!.field ?? ['card']);
    const outcome = await ctx.icount.authorizationStatus(lookup.value);
    if (!outcome.ok) throw badUserInput(outcome.errors[0]!.message, ['card', ...(outcome.errors[0]!.field?.slice(1) ?? [])]);
    return outcome.value;
  },
};

/** Card numbers in query arguments: digits only, so nothing odd is forwarded. */
function cardNumberArg(number: string): string {
  const digits = number.replace(/[\s-]/g, '');
  if (!/^\d{6,19}$/.test(digits)) throw badUserInput('A card number is 6 to 19 digits.', ['number']);
  return digits;
}
