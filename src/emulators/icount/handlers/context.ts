import type { AuthResult, Authenticator } from '../auth.js';
import type { HandlerData } from '../envelope.js';
import type { IcountConfig } from '../options.js';
import type { Params } from '../params.js';
import type { IcountState } from '../state.js';

/** Returned by a handler whose (scripted) provider never answers: the request is held open. */
export const HOLD = Symbol('hold-request');

export interface HandlerContext {
  p: Params;
  state: IcountState;
  config: IcountConfig;
  /** Emulator clock, epoch ms. */
  now: number;
  /** How the call authenticated; undefined for the public method `auth/login`. */
  auth: AuthResult | undefined;
  authenticator: Authenticator;
  /** The raw `Authorization` header. */
  authorization: string | undefined;
  /** `http://<Host header>` of the call: where the emulator's own pages are (PayPage `sale_url`). */
  origin?: string;
}

export type Handler = (ctx: HandlerContext) => HandlerData | typeof HOLD;

export interface Route {
  handler: Handler;
  /** Callable without authentication (only `auth/login`). */
  public?: boolean;
}

/** iCount's dates and times are Israel time (docs/upstreams/icount.md §12 I5). */
export const ISRAEL_ZONE = 'Asia/Jerusalem';

const israel = new Intl.DateTimeFormat('en-CA', {
  timeZone: ISRAEL_ZONE,
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM:SS` in Israel time (Asia/Jerusalem, with DST). */
export function formatIsraelDateTime(ms: number): string {
  const parts = Object.fromEntries(israel.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `YYYY-MM-DD` in Israel time. */
export function formatIsraelDate(ms: number): string {
  return formatIsraelDateTime(ms).slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `YYYY-MM-DD` in UTC. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A real calendar date `YYYY-MM-DD` → its UTC midnight in ms; anything else → undefined. */
export function parseDate(value: string): number | undefined {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatDate(ms) === value ? ms : undefined;
}

/** `list_type`: `array` → the list; otherwise (default `object` unless `defaultType` says so) a map by key. */
export function shapeList<T>(p: Params, items: T[], key: (item: T) => string | number, defaultType: 'array' | 'object'): T[] | Record<string, T> {
  const type = p.str('list_type') ?? defaultType;
  if (type === 'array') return items;
  return Object.fromEntries(items.map((item) => [String(key(item)), item]));
}
