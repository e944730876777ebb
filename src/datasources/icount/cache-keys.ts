import type { IcountMethod } from './methods.js';

/**
 * The read cache's keys for iCount records (src/cache/read-cache.ts): the upstream, the record
 * and an id — a token id or a client id, never card data.
 */
export const icountKeys = {
  card: (tokenId: number) => `icount:card:${tokenId}`,
  clientCards: (icountClientId: number) => `icount:client-cards:${icountClientId}`,
  client: (icountClientId: number) => `icount:client:${icountClientId}`,
  /** The iCount twin of a FreshBooks client (or none). */
  twin: (freshbooksClientId: number) => `icount:twin:${freshbooksClientId}`,
  cardTypes: () => 'icount:card-types',
};

/** Every key starting with the text before `*`. */
const ALL_CLIENT_CARDS = 'icount:client-cards:*';
const ALL_TWINS = 'icount:twin:*';
const ALL_CLIENTS = 'icount:client:*';

/**
 * What a write may have changed, dropped after it whatever its outcome. A stored, updated or
 * deleted card drops the card and the card lists (its client is not in the request: iCount's token
 * record names none); a write that names its client by identity rather than id may create or
 * change an iCount client, so clients and twins go too. Charges, refunds and J5s change no cached
 * record.
 */
export function droppedBy(method: IcountMethod, params: Record<string, unknown>): string[] {
  const byIdentity = params.client_id === undefined && ['client_name', 'email', 'custom_client_id', 'vat_id'].some((p) => params[p] !== undefined);
  const clients = byIdentity ? [ALL_TWINS, ALL_CLIENTS] : [];
  switch (method) {
    case 'cc_storage/store':
      return typeof params.client_id === 'number' ? [icountKeys.clientCards(params.client_id)] : [ALL_CLIENT_CARDS, ...clients];
    case 'cc_storage/update':
    case 'cc_storage/delete':
      return [icountKeys.card(Number(params.cc_token_id)), ALL_CLIENT_CARDS];
    case 'cc/bill':
      return clients;
    default:
      return [];
  }
}
