import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { idempotentPayload } from '../payloads.js';

export const recordPayment: MutationResolvers['recordPayment'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'recordPayment', input, 'payment', () => services.recordPayment(ctx, input));
