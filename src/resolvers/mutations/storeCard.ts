import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const storeCard: MutationResolvers['storeCard'] = async (_, { input }, ctx) => payload('card', await services.storeCard(ctx, input));
