import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { inInput } from '../payloads.js';

export const payInvoice: MutationResolvers['payInvoice'] = async (_, { input }, ctx) => {
  const result = await services.payInvoice(ctx, input);
  return { ...result, userErrors: result.userErrors.map(inInput) };
};
