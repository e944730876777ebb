import type { CardResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';

export const Card: CardResolvers = {
  id: (card) => toGlobalId('Card', card.tokenId),
  client: async (card, _, ctx) => {
    if (card.icountClientId === null) return null;
    const icount = await ctx.icount.clientById.load(card.icountClientId);
    return icount ? { icount } : null;
  },
};
