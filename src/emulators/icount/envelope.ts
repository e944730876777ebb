import type { EmulatorReply } from '../shared/server.js';

/** Thrown by handlers to answer `status: false` with this `reason`. */
export class IcountError extends Error {
  constructor(
    readonly reason: string,
    readonly description: string = reason.replace(/_/g, ' '),
    readonly details: string[] = [],
  ) {
    super(`${reason}: ${description}`);
  }
}

/** What a handler returns: top-level method fields, optionally with a specific success `reason`. */
export type HandlerData = Record<string, unknown> & { reason?: string };

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface ApiBlock {
  version: 3;
  tz: number;
  ts: number;
  lang: 'he';
  rid: number;
  module: string;
  method: string;
}

/** `cc/bill` → `['cc', 'bill']`; anything without a slash keeps the whole name as module. */
export function splitMethod(name: string): [string, string] {
  const slash = name.indexOf('/');
  return slash < 0 ? [name, ''] : [name.slice(0, slash), name.slice(slash + 1)];
}

export function apiBlock(name: string, nowMs: number, rid: number): ApiBlock {
  const [module, method] = splitMethod(name);
  return { version: 3, tz: 2, ts: nowMs / 1000, lang: 'he', rid, module, method };
}

export function successReply(api: ApiBlock, data: HandlerData): EmulatorReply {
  const { reason = 'OK', ...fields } = data;
  const body = { api, status: true, reason, ...fields };
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(body), outcome: 'OK' };
}

export function failureReply(api: ApiBlock, error: IcountError, httpStatus: number): EmulatorReply {
  const body = {
    api,
    status: false,
    reason: error.reason,
    error_description: error.description,
    error_details: error.details,
  };
  return { status: httpStatus, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(body), outcome: error.reason };
}
