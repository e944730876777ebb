import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import { warmClients } from '../services/client-sides.js';

/**
 * The names of the fields selected under `path` of the field being resolved (e.g.
 * `['nodes', 'client']` of `payments`), through fragments; empty when `path` is not selected.
 * `@skip`/`@include` are not evaluated: a skipped field only costs a look-ahead its calls.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((field) => field.selectionSet ?? []);
  for (const name of path) {
    sets = fieldsOf(sets, info)
      .filter((field) => field.name.value === name)
      .flatMap((field) => field.selectionSet ?? []);
  }
  return new Set(fieldsOf(sets, info).map((field) => field.name.value));
}

function fieldsOf(sets: SelectionSetNode[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

/** Client fields read from the iCount side of a FreshBooks client (resolvers/Client.ts). */
const ICOUNT_SIDE = ['cards', 'icountId', 'externalId', 'charges'];

/**
 * For a list of FreshBooks records whose `client` (at `path`) is selected: what to start loading
 * as soon as the list's client ids are known, so the clients, their iCount twins and their cards
 * take one round trip each at most instead of one after another (docs/performance.md).
 */
export function clientWarmer(ctx: GatewayContext, info: GraphQLResolveInfo, path: readonly string[]): ((freshbooksIds: number[]) => void) | undefined {
  const client = selectedFields(info, path);
  if (client.size === 0) return undefined;
  const cards = client.has('cards');
  const icount = ICOUNT_SIDE.some((field) => client.has(field));
  return (freshbooksIds) => warmClients(ctx, freshbooksIds, { icount, cards });
}
