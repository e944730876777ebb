import type { GatewayContext } from '../context.js';
import { failure, type CardRecord, type Outcome } from '../domain/records.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import { resolveIcountClient, type ClientIdentityShape } from './icount-client-ref.js';

export interface StoreCardArgs {
  card: CardInputShape;
  clientId?: string | null;
  client?: ClientIdentityShape | null;
  failIfExists?: boolean | null;
}

/**
 * Stores a card in iCount (a token), for a client named by id or identity. The client is resolved
 * with reads first, so `cc_storage/store` is only sent for an existing (or creatable) client.
 */
export async function storeCard(ctx: GatewayContext, args: StoreCardArgs): Promise<Outcome<CardRecord>> {
  const parsed = parseCardInput(args.card, { allowToken: false, now: ctx.now() });
  if (parsed.source?.kind !== 'details') return failure(parsed.errors);
  const client = await resolveIcountClient(ctx, args.clientId, args.client);
  if (!client.ok) return failure(client.errors);
  return ctx.icount.storeCard(parsed.source, client.value, args.failIfExists ?? false);
}
