import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const deletePayment: MutationResolvers['deletePayment'] = async (_, { input }, ctx) => payload('deletedPaymentId', await services.deletePayment(ctx, input));
