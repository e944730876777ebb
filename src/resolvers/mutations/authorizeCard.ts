import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { payload } from '../payloads.js';

export const authorizeCard: MutationResolvers['authorizeCard'] = async (_, { input }, ctx) => payload('authorization', await services.authorizeCard(ctx, input));
