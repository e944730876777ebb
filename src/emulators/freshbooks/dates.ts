/** Dates as FreshBooks Classic writes them: US/Eastern wall-clock time, no zone designator. */
export const ZERO_DATETIME = '0000-00-00 00:00:00';

const eastern = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM:SS` in US/Eastern for an epoch-ms instant. */
export function easternDateTime(ms: number): string {
  const parts = Object.fromEntries(eastern.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function easternDate(ms: number): string {
  return easternDateTime(ms).slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` → `YYYY-MM-DD HH:MM:SS` (a date alone means midnight);
 * undefined when it is not a real calendar date/time.
 */
export function parseDateTime(raw: string, endOfDay = false): string | undefined {
  const d = DATE_RE.exec(raw);
  if (d) return validDate(Number(d[1]), Number(d[2]), Number(d[3])) ? `${raw} ${endOfDay ? '23:59:59' : '00:00:00'}` : undefined;
  const dt = DATETIME_RE.exec(raw);
  if (!dt) return undefined;
  const ok = validDate(Number(dt[1]), Number(dt[2]), Number(dt[3])) && Number(dt[4]) < 24 && Number(dt[5]) < 60 && Number(dt[6]) < 60;
  return ok ? raw : undefined;
}
