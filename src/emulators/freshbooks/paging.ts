/** List paging, as in API 2.1: `page`/`per_page` in, `page`/`per_page`/`pages`/`total` out. */
import { value } from './params.js';
import type { Params } from './xml-parse.js';
import type { XNode } from './xml-writer.js';

export const DEFAULT_PER_PAGE = 25;

export interface PagingOptions {
  perPageMax: number;
  emptyListPages: 0 | 1;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  pages: number;
  total: number;
}

function positive(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

/** `page` < 1 or not a number → 1; `per_page` < 1 or not a number → 25; `per_page` capped silently. */
export function paginate<T>(all: readonly T[], p: Params, options: PagingOptions): Page<T> {
  const page = positive(value(p, 'page')) ?? 1;
  const per_page = Math.min(positive(value(p, 'per_page')) ?? DEFAULT_PER_PAGE, options.perPageMax);
  const total = all.length;
  const pages = total === 0 ? options.emptyListPages : Math.ceil(total / per_page);
  const start = (page - 1) * per_page;
  return { items: all.slice(start, start + per_page), page, per_page, pages, total };
}

/** The list container; the 2.0 endpoint (`/api/xml-in`) has no paging attributes. */
export function listContainer(tag: string, page: Page<unknown>, children: XNode[], withAttributes: boolean): XNode {
  const attrs = withAttributes
    ? { page: String(page.page), per_page: String(page.per_page), pages: String(page.pages), total: String(page.total) }
    : undefined;
  return { tag, attrs, children, selfClose: true };
}
