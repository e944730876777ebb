import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const reconcile: MutationResolvers['reconcile'] = async (_, { input }, ctx) => payload('payment', await services.reconcile(ctx, input));
