import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const updatePayment: MutationResolvers['updatePayment'] = async (_, { input }, ctx) =>
  payload('payment', await services.updatePayment(ctx, input));
