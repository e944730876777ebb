import type { CardResolvers } from '../generated/resolvers-types.js';
import { toGlobalId } from '../domain/ids.js';
import { clientOfIcountId } from '../services/client-sides.js';

export const Card: CardResolvers = {
  id: (card) => toGlobalId('Card', card.tokenId),
  client: (card, _, ctx) => clientOfIcountId(ctx, card.icountClientId),
};
