/**
 * The ledger's marker in an upstream record: ` [paygraph:<ledger id>]` at the end of an iCount
 * charge's `payment_description` or a FreshBooks payment's `notes`. It lets an unknown write be
 * found in the upstream's own records (docs/ledger.md). Mappings split it off, so what users
 * typed reads back unchanged.
 */
const MARKER = /\s?\[paygraph:([a-z2-7]{20})\]$/;

export function withMarker(text: string | null | undefined, entryId: string): string {
  const tag = `[paygraph:${entryId}]`;
  return text ? `${text} ${tag}` : tag;
}

/** The text without its marker, and the ledger id the marker names (null when there is none). */
export function splitMarker(text: string): { text: string; entryId: string | null } {
  const match = MARKER.exec(text);
  return match ? { text: text.slice(0, match.index), entryId: match[1]! } : { text, entryId: null };
}
