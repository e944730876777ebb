/**
 * Wall-clock times of a named IANA zone ↔ UTC instants. Both upstreams write local times without
 * an offset: iCount in Israel time (Asia/Jerusalem), FreshBooks Classic in the account's zone
 * (US/Eastern by default). The platform's time-zone data (Intl) supplies the DST rules.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 10_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the platform knows the zone (`Asia/Jerusalem`, `US/Eastern`, …). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall-clock fields of an instant. */
export function wallOf(epochMs: number, zone: string): [number, number, number, number, number, number] {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return [parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!];
}

function computeOffsetAt(epochMs: number, zone: string): number {
  const [y, mo, d, h, mi, s] = wallOf(epochMs, zone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(epochMs / 1000) * 1000;
}

/** The zone's offset from UTC at an instant, in ms, remembered per UTC hour that has one offset throughout. */
export function offsetAt(epochMs: number, zone: string): number {
  let cache = offsetCaches.get(zone);
  if (!cache) offsetCaches.set(zone, (cache = new Map()));
  const hour = Math.floor(epochMs / HOUR_MS);
  const cached = cache.get(hour);
  if (cached !== undefined) return cached;
  const offset = computeOffsetAt(epochMs, zone);
  const start = hour * HOUR_MS;
  if (computeOffsetAt(start, zone) === offset && computeOffsetAt(start + HOUR_MS - 1000, zone) === offset) {
    if (cache.size >= MAX_CACHED_HOURS) cache.clear();
    cache.set(hour, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DD` (midnight) in `zone` → ISO-8601 UTC (`…Z`); undefined
 * when the text is neither. A time skipped by a DST change moves forward; an hour repeated at the
 * end of DST resolves to its first occurrence.
 */
export function zonedWallToIso(text: string, zone: string): string | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return undefined;
  // The offset depends on the instant sought: guess with the wall time, then correct.
  const guess = asUtc - offsetAt(asUtc, zone);
  const instant = asUtc - offsetAt(guess, zone);
  return new Date(instant).toISOString().replace(/\.000Z$/, 'Z');
}

/** An instant → `YYYY-MM-DD HH:MM:SS` wall-clock time in `zone`. */
export function isoToZonedWall(epochMs: number, zone: string): string {
  const [y, mo, d, h, mi, s] = wallOf(epochMs, zone);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

/** An instant → the calendar date (`YYYY-MM-DD`) in `zone`. */
export function zonedDate(epochMs: number, zone: string): string {
  return isoToZonedWall(epochMs, zone).slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` (negative to go back), on the calendar. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
