import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { inInput } from '../payloads.js';

export const refundCharge: MutationResolvers['refundCharge'] = async (_, { input }, ctx) => {
  const outcome = await services.refundCharge(ctx, input);
  return outcome.ok ? { ...outcome.value, userErrors: [] } : { refund: null, charge: null, userErrors: outcome.errors.map(inInput) };
};
