import type { GatewayContext } from '../context.js';
import { parseClientId } from '../domain/ids.js';
import { failure, success, type Outcome, type UserErrorRecord } from '../domain/records.js';
import type { IcountClientRef } from '../domain/requests.js';
import { maxLength, problem } from '../validation/common.js';

export interface ClientIdentityShape {
  name?: string | null;
  email?: string | null;
  externalId?: string | null;
  vatId?: string | null;
}

/**
 * Turns a mutation's `clientId` / `client` into an iCount client reference. A `clientId` must
 * name an existing client (checked with a read, so an unknown id never reaches a write); a
 * FreshBooks client is charged as its iCount twin.
 */
export async function resolveIcountClient(
  ctx: GatewayContext,
  clientId: string | null | undefined,
  identity: ClientIdentityShape | null | undefined,
): Promise<Outcome<IcountClientRef | null>> {
  // `!= null`, not truthiness: an empty string is a bad id, not a missing one.
  if (clientId != null && identity != null) return failure(problem('INVALID_INPUT', ['client'], 'Give either `clientId` or `client`, not both.'));
  if (clientId != null) {
    const parsed = parseClientId(clientId);
    if (!parsed) return failure(problem('INVALID_INPUT', ['clientId'], 'Not a Client ID.'));
    if (parsed.system === 'freshbooks') return freshbooksClientRef(ctx, parsed.id);
    const client = await ctx.icount.clientById.load(parsed.id);
    if (!client) return failure(problem('NOT_FOUND', ['clientId'], 'No client has this ID.'));
    return success({ icountId: client.icountId });
  }
  if (!identity) return success(null);
  const errors = identityProblems(identity);
  if (errors.length) return failure(errors);
  if (!identity.name && !identity.email && !identity.externalId && !identity.vatId) {
    return failure(problem('INVALID_INPUT', ['client'], 'Give at least one of name, email, externalId, vatId.'));
  }
  return success({ identity });
}

/**
 * A FreshBooks client in iCount: its twin when there is one; otherwise its identity, with the
 * FreshBooks id as `custom_client_id`, so iCount creates the twin and links it for next time.
 */
async function freshbooksClientRef(ctx: GatewayContext, freshbooksId: number): Promise<Outcome<IcountClientRef>> {
  const fb = await ctx.freshbooks.clientById.load(freshbooksId);
  if (!fb) return failure(problem('NOT_FOUND', ['clientId'], 'No client has this ID.'));
  const twin = await ctx.icount.twinOf.load({ freshbooksId, email: fb.email });
  if (twin) return success({ icountId: twin.icountId });
  const name = fb.organization || `${fb.firstName} ${fb.lastName}`.trim();
  return success({ identity: { name, email: fb.email, externalId: String(freshbooksId) } });
}

function identityProblems(identity: ClientIdentityShape): UserErrorRecord[] {
  const errors: UserErrorRecord[] = [];
  for (const [key, max] of [['name', 200], ['email', 254], ['externalId', 64], ['vatId', 20]] as const) {
    const p = maxLength(identity[key], max, ['client', key]);
    if (p) errors.push(p);
  }
  if (identity.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(identity.email)) {
    errors.push(problem('INVALID_INPUT', ['client', 'email'], 'Not an e-mail address.'));
  }
  if (identity.vatId && !/^\d{5,12}$/.test(identity.vatId)) {
    errors.push(problem('INVALID_INPUT', ['client', 'vatId'], 'A VAT or national id is 5 to 12 digits.'));
  }
  return errors;
}
