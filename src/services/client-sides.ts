import type { GatewayContext } from '../context.js';
import { clientGlobalId, parseClientId } from '../domain/ids.js';
import type { ClientRecord, FreshbooksClientRecord, IcountClientRecord } from '../domain/records.js';

/**
 * One customer across both systems. A `ClientRecord` starts with the side it was found on; the
 * other side is loaded only when a field needs it, through the request's DataLoaders:
 * FreshBooks → iCount by `custom_client_id` (then e-mail); iCount → FreshBooks by the id held in
 * `custom_client_id`. `undefined` means "not looked up yet", `null` "there is none".
 */
export async function freshbooksSide(ctx: GatewayContext, client: ClientRecord): Promise<FreshbooksClientRecord | null> {
  if (client.freshbooks !== undefined) return client.freshbooks;
  const linkedId = freshbooksIdOf(client.icount ?? null);
  return linkedId === null ? null : ctx.freshbooks.clientById.load(linkedId);
}

export async function icountSide(ctx: GatewayContext, client: ClientRecord): Promise<IcountClientRecord | null> {
  if (client.icount !== undefined) return client.icount;
  const fb = client.freshbooks;
  return fb ? ctx.icount.twinOf.load({ freshbooksId: fb.freshbooksId, email: fb.email }) : null;
}

/** The FreshBooks client id an iCount client is linked to, if its external id is one. */
export function freshbooksIdOf(icount: IcountClientRecord | null): number | null {
  const external = icount?.externalId;
  return external && /^[1-9]\d{0,15}$/.test(external) ? Number(external) : null;
}

/** Stable whichever side the client was found on: the FreshBooks id when the client has one. */
export function clientId(client: ClientRecord): string {
  if (client.freshbooks) return clientGlobalId('freshbooks', client.freshbooks.freshbooksId);
  const linked = freshbooksIdOf(client.icount ?? null);
  if (linked !== null) return clientGlobalId('freshbooks', linked);
  if (!client.icount) throw new Error('A client record without either side');
  return clientGlobalId('icount', client.icount.icountId);
}

/**
 * Starts loading, for FreshBooks client ids a page names, the clients and as much of their iCount
 * side as `want` says, all at once: the iCount twin is looked up by the linked id while the
 * FreshBooks client (whose e-mail the fallback needs) is still on its way, and the twin's cards as
 * soon as it is known. Fields then find everything in the request's loaders; a failure surfaces
 * where a field asks for the same key.
 */
export function warmClients(ctx: GatewayContext, freshbooksIds: number[], want: { icount: boolean; cards: boolean }): void {
  for (const freshbooksId of freshbooksIds) {
    const freshbooks = ctx.freshbooks.clientById.load(freshbooksId);
    ignoreFailure(freshbooks);
    if (!want.icount) continue;
    const twin = ctx.icount.twinOf.load({ freshbooksId, email: freshbooks.then((fb) => fb?.email ?? null, () => null) });
    ignoreFailure(twin);
    if (want.cards) ignoreFailure(twin.then((found) => (found ? ctx.icount.cardsByClient.load(found.icountId) : [])));
  }
}

function ignoreFailure(loading: Promise<unknown>): void {
  loading.catch(() => undefined);
}

/** A client by global ID, starting from the system the ID names. */
export async function loadClient(ctx: GatewayContext, id: string): Promise<ClientRecord | null> {
  const ref = parseClientId(id);
  if (!ref) return null;
  if (ref.system === 'freshbooks') {
    const freshbooks = await ctx.freshbooks.clientById.load(ref.id);
    return freshbooks ? { freshbooks } : null;
  }
  const icount = await ctx.icount.clientById.load(ref.id);
  return icount ? { icount } : null;
}

/** The client of an iCount record (card, charge), or null. */
export async function clientOfIcountId(ctx: GatewayContext, icountId: number | null): Promise<ClientRecord | null> {
  if (icountId === null) return null;
  const icount = await ctx.icount.clientById.load(icountId);
  return icount ? { icount } : null;
}

/** The client of a FreshBooks record (payment, invoice), or null. */
export async function clientOfFreshbooksId(ctx: GatewayContext, freshbooksId: number | null): Promise<ClientRecord | null> {
  if (freshbooksId === null) return null;
  const freshbooks = await ctx.freshbooks.clientById.load(freshbooksId);
  return freshbooks ? { freshbooks } : null;
}
