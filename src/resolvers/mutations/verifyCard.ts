import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

/** Its payload has `verified` besides the card and the userErrors. */
export const verifyCard: MutationResolvers['verifyCard'] = async (_, { input }, ctx) => {
  const outcome = await services.verifyCard(ctx, input);
  return { verified: outcome.ok, ...payload('card', outcome) };
};
