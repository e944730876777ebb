import type { ClientResolvers } from '../generated/resolvers-types.js';
import { clientGlobalId } from '../domain/ids.js';
import { transactionFilter } from './Query.js';

export const Client: ClientResolvers = {
  id: (client) => clientGlobalId('icount', client.icount.icountId),
  name: (client) => client.icount.name,
  email: (client) => client.icount.email,
  icountId: (client) => client.icount.icountId,
  externalId: (client) => client.icount.externalId,
  cards: (client, _, ctx) => ctx.icount.cardsByClient.load(client.icount.icountId),
  charges: (client, { filter }, ctx) =>
    ctx.icount.transactions({ ...transactionFilter({ ...filter, clientId: null }, ['filter']), icountClientId: client.icount.icountId }),
};
