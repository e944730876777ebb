import type { PageRecord } from '../domain/records.js';
import { badUserInput } from '../errors.js';

/** FreshBooks pages from 1 and caps pages at 100 items; outside that is the caller's mistake. */
export function pageArgs(page: number | null | undefined, perPage: number | null | undefined): { page: number; perPage: number } {
  const p = page ?? 1;
  const pp = perPage ?? 25;
  if (!Number.isInteger(p) || p < 1 || p > 1_000_000) throw badUserInput('page must be 1 or more.', ['page']);
  if (!Number.isInteger(pp) || pp < 1 || pp > 100) throw badUserInput('perPage must be between 1 and 100.', ['perPage']);
  return { page: p, perPage: pp };
}

export function emptyPage<T>(page: number, perPage: number): PageRecord<T> {
  return { nodes: [], pageInfo: { page, perPage, totalPages: 0, totalCount: 0 } };
}

/** Every item of a paged list, 100 at a time (for lists that are small by nature, like one invoice's payments). */
export async function allPages<T>(fetch: (page: number, perPage: number) => Promise<PageRecord<T>>, maxPages = 10): Promise<T[]> {
  const first = await fetch(1, 100);
  const rest = await Promise.all(
    Array.from({ length: Math.min(first.pageInfo.totalPages, maxPages) - 1 }, (_, i) => fetch(i + 2, 100)),
  );
  return [first, ...rest].flatMap((p) => p.nodes);
}
