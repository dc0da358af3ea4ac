/** Calls the API with the session cookie; errors carry the server's bilingual message. */
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

export async function api<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    headers:
      init.body && !(init.body instanceof FormData)
        ? { 'content-type': 'application/json', ...init.headers }
        : init.headers,
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.code ?? 'ERROR',
      body?.message ?? String(body),
      body?.message_en ?? String(body),
    );
  return body as T;
}

export interface Me {
  username: string;
  displayName: string;
  role: 'province_admin' | 'city_officer' | 'department_officer' | 'institution_staff' | 'enterprise_staff' | 'worker';
  roleName: { zh: string; en: string };
  cityCode: string | null;
  cityName: string | null;
  institutionName: string | null;
  enterpriseName: string | null;
  sectors: string[];
  keyTasks: number[];
}

/** 1950.00 元 → ¥1,950.00 */
export function yuan(fen: number): string {
  const [i, d] = (fen / 100).toFixed(2).split('.');
  return `¥${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${d}`;
}
