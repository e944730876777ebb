import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const chargeCard: MutationResolvers['chargeCard'] = async (_, { input }, ctx) => payload('charge', await services.chargeCard(ctx, input));
