import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const recordPayment: MutationResolvers['recordPayment'] = async (_, { input }, ctx) => payload('payment', await services.recordPayment(ctx, input));
