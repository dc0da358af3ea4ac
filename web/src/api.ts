import type { ApiGet } from './api/client.ts';

/** The calls and refusals live in api/client.ts; re-exported here for pages that import them from '../api.ts'. */
export { ApiError, api, client } from './api/client.ts';
export type { ApiGet, ApiPost, ApiPostBody, Item, Schemas } from './api/client.ts';

/** The signed-in user, as GET /api/me answers. */
export type Me = ApiGet<'/api/me'>;

/** Money reads as ¥1,950.00 (format.ts holds every formatter; re-exported for the pages that import it from here). */
export { yuan } from './format.ts';
