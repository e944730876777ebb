import { isoToZonedWall, zonedWallToIso } from '../../domain/zoned-time.js';

/**
 * FreshBooks Classic date-times are wall-clock time without a zone (docs/upstreams/freshbooks.md
 * §2, §9.6), in the account's zone: `FRESHBOOKS_TIMEZONE`, default US/Eastern (EST, UTC−5, in
 * winter; EDT, UTC−4, in summer). Conversions use the platform's time-zone data
 * (src/domain/zoned-time.ts), so the DST rules are not hand-coded.
 */
export const DEFAULT_FRESHBOOKS_ZONE = 'America/New_York';
const NEVER_SET = /^0000-00-00/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * `2026-07-01 12:00:00` (account zone) → `2026-07-01T16:00:00Z`. null for empty text and for the
 * never-set sentinel `0000-00-00 00:00:00`; undefined when the text is not a date-time at all.
 * An hour repeated at the end of DST resolves to its first occurrence.
 */
export function easternToIso(text: string | undefined, zone: string = DEFAULT_FRESHBOOKS_ZONE): string | null | undefined {
  const value = text?.trim() ?? '';
  if (value === '' || NEVER_SET.test(value)) return null;
  if (!DATE_TIME.test(value)) return undefined;
  return zonedWallToIso(value, zone);
}

/**
 * An ISO-8601 instant → account-zone `YYYY-MM-DD HH:MM:SS`, for `updated_from` / `updated_to`.
 * FreshBooks keeps whole seconds: a lower bound rounds up and an upper bound rounds down, so a
 * bound never lets in a change from outside the asked-for range.
 */
export function isoToEastern(iso: string, bound: 'from' | 'to', zone: string = DEFAULT_FRESHBOOKS_ZONE): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const whole = bound === 'from' ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000;
  return isoToZonedWall(whole, zone);
}

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` → `YYYY-MM-DD`; null when it is neither (or never set). */
export function dateOnly(text: string | undefined): string | null {
  const value = text?.trim() ?? '';
  if (NEVER_SET.test(value)) return null;
  const m = DATE_TIME.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
