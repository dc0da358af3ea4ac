import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The typed API client, generated from the server's route schemas (scripts/api-client.ts writes
 * schema.d.ts; CI fails when it is stale). Pages type every answer from here, never by hand.
 */

/** A refusal from the server: its bilingual message and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(zh);
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  const text = typeof body === 'string' ? body : String(body?.message ?? res.statusText);
  return new ApiError(res.status, body?.code ?? 'ERROR', body?.message ?? text, body?.message_en ?? text);
}

const throwOnRefusal: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await errorOf(response.clone());
    return undefined;
  },
};

/**
 * Raised on `window` after each API call: `detail` false when the fetch failed for network reasons
 * (no answer at all), true when the server answered. The offline banner (phone.tsx) listens.
 */
export const NETWORK_EVENT = 'jineng:network';

const tell = (reached: boolean) => window.dispatchEvent(new CustomEvent(NETWORK_EVENT, { detail: reached }));

/** `fetch`, telling the page whether the server could be reached. */
async function netFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    const res = await fetch(input, init);
    tell(true);
    return res;
  } catch (e) {
    if (!(e instanceof DOMException && e.name === 'AbortError')) tell(false);
    throw e;
  }
}

/** `client.GET('/api/projects/{code}', { params: { path: { code } } })`: paths, parameters and answers checked. */
export const client = createClient<paths>({ credentials: 'same-origin', fetch: (r: Request) => netFetch(r) });
client.use(throwOnRefusal);

/** Calls the API by a path string (with its query) when the path is built at run time; the answer typed by the caller from ApiGet. */
export async function api<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await netFetch(path, {
    ...init,
    credentials: 'same-origin',
    headers:
      init.body && !(init.body instanceof FormData)
        ? { 'content-type': 'application/json', ...init.headers }
        : init.headers,
  });
  if (!res.ok) throw await errorOf(res);
  return (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as T;
}

/** The named DTOs of the API (`Schemas['PersonListItem']`). */
export type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<O> = O extends { responses: infer Rs }
  ? Rs extends { 200: infer R }
    ? JsonOf<R>
    : Rs extends { 201: infer R }
      ? JsonOf<R>
      : Rs extends { 202: infer R }
        ? JsonOf<R>
        : never
  : never;

/** The JSON answer of `GET path` (`ApiGet<'/api/persons'>`). */
export type ApiGet<P extends keyof paths> = paths[P] extends { get: infer O } ? SuccessOf<O> : never;
/** The JSON answer of `POST path`. */
export type ApiPost<P extends keyof paths> = paths[P] extends { post: infer O } ? SuccessOf<O> : never;
/** The JSON body `POST path` takes. */
export type ApiPostBody<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
/** One element of an answer that is a list (`Item<ApiGet<'/api/payments/batches'>>`). */
export type Item<T> = T extends readonly (infer E)[] ? E : T extends { items: readonly (infer E)[] } ? E : never;
