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
}

export type Handler = (ctx: HandlerContext) => HandlerData | typeof HOLD;

export interface Route {
  handler: Handler;
  /** Callable without authentication (only `auth/login`). */
  public?: boolean;
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
