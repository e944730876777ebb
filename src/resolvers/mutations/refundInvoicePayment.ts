import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { inInput } from '../payloads.js';

export const refundInvoicePayment: MutationResolvers['refundInvoicePayment'] = async (_, { input }, ctx) => {
  const result = await services.refundInvoicePayment(ctx, input);
  return { ...result, userErrors: result.userErrors.map(inInput) };
};
