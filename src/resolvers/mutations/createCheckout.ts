import type { MutationResolvers } from '../../generated/resolvers-types.js';
import { createCheckout as create } from '../../services/checkout.js';
import { inInput } from '../payloads.js';

export const createCheckout: MutationResolvers['createCheckout'] = async (_, { input }, ctx) => {
  const result = await create(ctx, input);
  return { ...result, userErrors: result.userErrors.map(inInput) };
};
