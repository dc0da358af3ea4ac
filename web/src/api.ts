import type { ApiGet } from './api/client.ts';

/** The calls and refusals live in api/client.ts; re-exported here for pages that import them from '../api.ts'. */
export { ApiError, api, client } from './api/client.ts';
export type { ApiGet, ApiPost, ApiPostBody, Item, Schemas } from './api/client.ts';

/** The signed-in user, as GET /api/me answers. */
export type Me = ApiGet<'/api/me'>;

/** 1950.00 元 → ¥1,950.00 */
export function yuan(fen: number): string {
  const [i, d] = (fen / 100).toFixed(2).split('.');
  return `¥${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${d}`;
}
