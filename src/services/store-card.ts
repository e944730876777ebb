import type { GatewayContext } from '../context.js';
import { failure, type CardRecord, type Outcome } from '../domain/records.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import type { WriteAhead } from './exactly-once.js';
import { resolveIcountClient, type ClientIdentityShape } from './icount-client-ref.js';
import { moneyMutation, singleWriteRecovery } from './money-mutation.js';
import { findStoredCard, type StoredCardLookupData } from './write-lookups.js';

export interface StoreCardArgs {
  card: CardInputShape;
  clientId?: string | null;
  client?: ClientIdentityShape | null;
  failIfExists?: boolean | null;
}

/** storeCard rows: a cc_storage/store of unknown outcome is found among the client's cards. */
export const STORE_CARD_RECOVERY = singleWriteRecovery<CardRecord>('storeCard', findStoredCard);

/** Stores a card in iCount (a token), exactly once per idempotency key. */
export function storeCard(ctx: GatewayContext, input: StoreCardArgs & { idempotencyKey: string }): Promise<Outcome<CardRecord>> {
  return moneyMutation(ctx, STORE_CARD_RECOVERY, input, (writes) => storeWithin(ctx, input, writes));
}

/**
 * For a client named by id or identity. The client is resolved with reads first, so
 * `cc_storage/store` is only sent for an existing (or creatable) client.
 */
async function storeWithin(ctx: GatewayContext, args: StoreCardArgs, writes: WriteAhead): Promise<Outcome<CardRecord>> {
  const parsed = parseCardInput(args.card, { allowToken: false, now: ctx.now() });
  if (parsed.source?.kind !== 'details') return failure(parsed.errors);
  const client = await resolveIcountClient(ctx, args.clientId, args.client);
  if (!client.ok) return failure(client.errors);
  const card = parsed.source;
  const lookup: StoredCardLookupData = {
    icountClientId: client.value && 'icountId' in client.value ? client.value.icountId : null,
    last4: card.number.slice(-4),
    expiryMonth: card.expiry.month,
    expiryYear: card.expiry.year,
  };
  return writes.send('write', 'ICOUNT', { ...lookup }, () => ctx.icount.storeCard(card, client.value, args.failIfExists ?? false));
}
