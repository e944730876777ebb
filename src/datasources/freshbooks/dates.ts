/**
 * FreshBooks Classic date-times are US/Eastern wall-clock time without a zone (docs/upstreams/freshbooks.md §2, §9.6):
 * EST (UTC−5) in winter, EDT (UTC−4) in summer. Conversions use the platform's time-zone data
 * through Intl, so the DST rules are not hand-coded.
 */
const ZONE = 'America/New_York';
const NEVER_SET = /^0000-00-00/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/;

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Eastern wall-clock fields of an instant. */
function wallOf(epochMs: number): [number, number, number, number, number, number] {
  const parts: Record<string, number> = {};
  for (const p of wallClock.formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return [parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!];
}

/** Eastern's offset from UTC at an instant, in ms (−5 h or −4 h). */
function computeOffsetAt(epochMs: number): number {
  const [y, mo, d, h, mi, s] = wallOf(epochMs);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(epochMs / 1000) * 1000;
}

const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 10_000;
/** UTC hour → offset, for hours with one offset throughout. */
const offsetByHour = new Map<number, number>();

/**
 * `computeOffsetAt`, remembered per UTC hour: formatToParts costs some 5 µs and every
 * `updated` of a page of 100 needs it twice. America/New_York changes offset only on the hour,
 * so an hour whose first and last second have the same offset has it throughout; an hour that
 * does not (the 1883 switch from local mean time) is never cached, and is computed every time.
 */
function offsetAt(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  const cached = offsetByHour.get(hour);
  if (cached !== undefined) return cached;
  const offset = computeOffsetAt(epochMs);
  const start = hour * HOUR_MS;
  if (computeOffsetAt(start) === offset && computeOffsetAt(start + HOUR_MS - 1000) === offset) {
    if (offsetByHour.size >= MAX_CACHED_HOURS) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `2026-07-01 12:00:00` (Eastern) → `2026-07-01T16:00:00Z`. null for empty text and for the
 * never-set sentinel `0000-00-00 00:00:00`; undefined when the text is not a date-time at all.
 * An hour repeated at the end of DST resolves to its first (EDT) occurrence.
 */
export function easternToIso(text: string | undefined): string | null | undefined {
  const value = text?.trim() ?? '';
  if (value === '' || NEVER_SET.test(value)) return null;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  // The offset depends on the instant we are looking for: guess with the wall time, then correct.
  const guess = asUtc - offsetAt(asUtc);
  const instant = asUtc - offsetAt(guess);
  return new Date(instant).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * An ISO-8601 instant → Eastern `YYYY-MM-DD HH:MM:SS`, for `updated_from` / `updated_to`.
 * FreshBooks keeps whole seconds: a lower bound rounds up and an upper bound rounds down, so an
 * inclusive bound never lets in a change from outside the asked-for range.
 */
export function isoToEastern(iso: string, bound: 'from' | 'to'): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const whole = bound === 'from' ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000;
  const [y, mo, d, h, mi, s] = wallOf(whole);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` → `YYYY-MM-DD`; null when it is neither (or never set). */
export function dateOnly(text: string | undefined): string | null {
  const value = text?.trim() ?? '';
  if (NEVER_SET.test(value)) return null;
  const m = DATE_TIME.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
