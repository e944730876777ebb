import type { MutationResolvers } from '../../generated/resolvers-types.js';
import * as services from '../../services/index.js';
import { idempotentPayload } from '../payloads.js';

export const deletePayment: MutationResolvers['deletePayment'] = (_, { input }, ctx) =>
  idempotentPayload(ctx, 'deletePayment', input, 'deletedPaymentId', () => services.deletePayment(ctx, input));
