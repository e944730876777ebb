import type { NodeResolvers } from '../generated/resolvers-types.js';

/** Records carry no type tag; each has a field no other record has. */
export const Node: NodeResolvers = {
  __resolveType: (record) => {
    if ('tokenId' in record) return 'Card';
    if ('confirmationCode' in record) return 'Charge';
    if ('fromCredit' in record) return 'Payment';
    if ('outstanding' in record) return 'Invoice';
    return 'Client';
  },
};
