import type { Formatter } from '../format.js';
import type { Store } from '../state.js';
import type { ResolvedOptions } from '../types.js';
import type { Params } from '../xml-parse.js';
import type { XNode } from '../xml-writer.js';

export interface HandlerContext {
  store: Store;
  fmt: Formatter;
  options: ResolvedOptions;
  /** Emulator clock, US/Eastern `YYYY-MM-DD HH:MM:SS`. */
  now: string;
  /** Served on `/api/xml-in` (2.0): list containers carry no paging attributes. */
  v20: boolean;
}

/** Children of `<response status="ok">`, or null for the empty (self-closing) ok answer. */
export type Handler = (params: Params, ctx: HandlerContext) => XNode[] | null;
