import { GraphQLError } from 'graphql';
import type { PaymentEventRecord } from '../domain/payment-events.js';
import type { SubscriptionResolvers } from '../generated/resolvers-types.js';
import type { SubscriptionContext } from '../events/websocket.js';

/** Subscriptions: served over WebSocket only (src/events/websocket.ts puts the dispatcher on the context). */
export const Subscription: SubscriptionResolvers = {
  paymentEvents: {
    subscribe: (_, { filter }, ctx) => {
      const { paymentEvents } = ctx as Partial<SubscriptionContext>;
      if (!paymentEvents) throw new GraphQLError('Subscriptions are served over WebSocket at /graphql (graphql-transport-ws).', { extensions: { code: 'BAD_REQUEST' } });
      return paymentEvents.subscribe(ctx.principal.id, filter ?? null);
    },
    resolve: (event: PaymentEventRecord, _args: unknown, ctx: Partial<SubscriptionContext>) => {
      ctx.renew?.();
      return event;
    },
  },
};
