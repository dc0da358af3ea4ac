import { z } from 'zod';

/**
 * Server-side paging and sorting of a list (tables over 50 rows): `offset`/`limit` pick the page,
 * `sort` names a column the route allows and `order` its direction. The page comes back as
 * `{ items, total }` so the table knows how many pages there are.
 */
export const ZPageQuery = {
  offset: z.coerce.number().int().min(0).max(100_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  sort: z.string().max(40).optional(),
  order: z.enum(['asc', 'desc']).optional(),
};

export interface PageQuery {
  offset?: number;
  limit?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

/**
 * `ORDER BY` for a sort the caller asked for. Only the route's own sort keys map to SQL (never the
 * caller's text), and `tiebreak` (a unique column) keeps pages stable: no row on two pages.
 */
export function orderBy(query: PageQuery, columns: Record<string, string>, fallback: string, tiebreak: string): string {
  const column = query.sort !== undefined ? columns[query.sort] : undefined;
  if (!column) return `ORDER BY ${fallback}, ${tiebreak}`;
  return `ORDER BY ${column} ${query.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, ${tiebreak}`;
}

/** `LIMIT … OFFSET …` of a page; the export asks for everything up to `cap`. */
export function pageBounds(query: PageQuery, defaultLimit = 50): { limit: number; offset: number } {
  return { limit: query.limit ?? defaultLimit, offset: query.offset ?? 0 };
}

/** A caller's search text for `ILIKE '%' || $n || '%'`: trimmed, its wildcards escaped, null when empty. */
export function likeText(q: string | undefined): string | null {
  return q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`) || null;
}
