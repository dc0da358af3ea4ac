import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * Schema-driven fuzzing of every write route: bodies, queries and path parameters built from the
 * route's own OpenAPI schema, with hostile values mixed in (NUL bytes, impossible and year-0000
 * dates, huge strings, wrong types, numbers past 2⁵³ and fractions where integers go, inherited
 * names — `__proto__`, `constructor`, `toString` … — as keys and as values). Whatever arrives, the answer is never a 500,
 * and every refusal carries a code and a message in Chinese and English.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};
type Operation = {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '0000-00-00',
  '0000-01-01',
  '2026-02-30',
  '9999-12-31',
  '2026-13-01',
  '-1',
  '1e309',
  'NaN',
  '',
  ' ',
  'x'.repeat(100_000),
  '=HYPERLINK("http://x")',
  '../../etc/passwd',
  "'; DROP TABLE persons; --",
  '320311199409187319',
  '__proto__',
  '{"a":1}',
  '\ud800',
  '😀'.repeat(50),
  '2026-01-01T25:61:00+08:00',
  '320100',
  'P000001',
  // Numbers as text: what a form field or a CSV cell may hold.
  '9e15',
  '9007199254740993',
  '1e21',
  '-0',
  '0x10',
  '1.5',
  'Infinity',
  '-Infinity',
  'undefined',
  'null',
];
/**
 * Names every object inherits: as a value looked up in a code table (`key in TABLE` admitted them:
 * session 12 probe) and as an object key.
 */
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
];
/** Numbers at and past the edges: 2⁵³ and beyond, a Date's limit (8.64e15), int32, negative zero, fractions. */
const EDGE_NUMBERS = [
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER,
  8.64e15 + 1,
  9e15,
  1e21,
  -1e21,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  -0,
  0.5,
  -0.5,
  1.000001,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
];
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    ...HOSTILE_STRINGS,
    ...PROTOTYPE_NAMES,
    ...EDGE_NUMBERS,
    -1,
    0,
    2 ** 53,
    -(2 ** 53),
    1e308,
    0.1,
    true,
    null,
    [],
    {},
    [[[]]],
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

function valid(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  if (!s) return hostile;
  if (s.enum) return fc.constantFrom(...s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return fc.oneof(...alt.map((a) => value(a)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return fc.oneof(
        fc.constantFrom(
          '2026-12-07',
          '2026-12-07T09:00:00+08:00',
          'P000001',
          '320100',
          '谢磊',
          'JS-0020',
          '6-18-02-04',
        ),
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...PROTOTYPE_NAMES),
      );
    case 'integer':
      // Mostly ordinary; sometimes the schema's own bounds, or (without one) as large as JSON carries.
      return fc.oneof(
        { arbitrary: fc.integer({ min: s.minimum ?? -10, max: Math.min(s.maximum ?? 3000, 1e6) }), weight: 4 },
        {
          arbitrary: fc.constantFrom(
            s.minimum ?? -Number.MAX_SAFE_INTEGER,
            s.maximum ?? Number.MAX_SAFE_INTEGER,
            s.maximum ?? 9e15,
            s.maximum ?? 2 ** 31,
          ),
          weight: 1,
        },
        { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 1 },
      );
    case 'number':
      return fc.oneof(
        { arbitrary: fc.double({ noNaN: true, min: s.minimum ?? -10, max: s.maximum ?? 3000 }), weight: 4 },
        { arbitrary: fc.constantFrom(s.minimum ?? -1e308, s.maximum ?? 1e308, ...EDGE_NUMBERS), weight: 1 },
      );
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(value(s.items), { maxLength: 3 });
    case 'object':
      return object(s);
    default:
      return hostile;
  }
}

/** A value for a schema: mostly well-typed, sometimes hostile. */
function value(s: JsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: valid(s), weight: 6 }, { arbitrary: hostile, weight: 1 });
}

function object(s: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const base = fc.record(Object.fromEntries(props.map(([k, v]) => [k, value(v)])), {
    requiredKeys: (s.required ?? []).filter((k) => s.properties?.[k]),
  });
  return fc.tuple(base, fc.constantFrom(0, 1, 2, 3), fc.constantFrom(...PROTOTYPE_NAMES)).map(([o, extra, name]) => {
    const out: Record<string, unknown> = { ...o };
    if (extra === 1) Object.defineProperty(out, '__proto__', { value: { isAdmin: true }, enumerable: true });
    if (extra === 2) out.constructor = JSON.parse('{"prototype":{"polluted":true}}');
    // An inherited name as an own key, with a value a lookup would call or read.
    if (extra === 3) Object.defineProperty(out, name, { value: name, enumerable: true, writable: true });
    return out;
  });
}

/** The demo user who may call a route: the province where it may, else the first role listed. */
const USER_OF_ROLE: Record<string, string> = {
  province_admin: 'province',
  city_officer: 'nanjing',
  department_officer: 'gongxin',
  institution_staff: 'jigou',
  enterprise_staff: 'qiye',
  worker: 'xielei',
};

describe('every write route under hostile input', () => {
  let d: DemoApp;
  const routes: { method: string; url: string; access: unknown }[] = [];
  let spec: { paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    d = await demoApp(Object.values(USER_OF_ROLE));
    spec = d.app.swagger() as unknown as typeof spec;
    for (const [url, ops] of Object.entries(spec.paths)) {
      for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase(), url, access: null });
    }
  });
  afterAll(async () => {
    await d.close();
  });

  it('answers no write with a 500, and every refusal in both languages with a code', { timeout: 600_000 }, async () => {
    const writes = routes.filter((r) => r.method !== 'GET' && r.url.startsWith('/api') && r.url !== '/api/auth/logout');
    expect(writes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    for (const route of writes) {
      const op = spec.paths[route.url][route.method.toLowerCase()];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
      const access = routeAccess(d, route.method, route.url);
      // The widest role the route admits, and a city officer where one may call it (scope checks run on real rows).
      const roles: string[] = Array.isArray(access) ? access : [];
      const users =
        access === 'public'
          ? ['']
          : roles.length
            ? [
                ...new Set([
                  USER_OF_ROLE[roles.includes('province_admin') ? 'province_admin' : roles[0]],
                  ...(roles.includes('city_officer') ? ['nanjing'] : []),
                ]),
              ]
            : ['province'];
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            body: bodySchema ? value(bodySchema) : hostile,
            path: fc.tuple(
              ...(pathParams.length
                ? pathParams.map(() =>
                    fc.oneof(
                      fc.constantFrom(
                        'P000001',
                        '1',
                        'x',
                        '%00',
                        '..%2F..',
                        'A0000001',
                        '00000000-0000-0000-0000-000000000000',
                        ...PROTOTYPE_NAMES,
                        '9007199254740993',
                        '1e21',
                        '-1',
                        '1.5',
                      ),
                      fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
                    ),
                  )
                : [fc.constant('')]),
            ),
            query: fc.tuple(...(queryParams.length ? queryParams.map((p) => value(p.schema)) : [fc.constant('')])),
          }),
          async ({ body, path, query }) => {
            let url = route.url;
            pathParams.forEach((p, i) => {
              url = url.replace(`{${p.name}}`, String(path[i]) || 'x');
            });
            const qs = queryParams.map((p, i) => `${p.name}=${encodeURIComponent(String(query[i]))}`).join('&');
            for (const user of users) {
              const res = await d.app.inject({
                method: route.method as 'POST',
                url: qs ? `${url}?${qs}` : url,
                payload: JSON.stringify(body ?? null),
                headers: {
                  'content-type': 'application/json',
                  ...(user ? { authorization: `Bearer ${d.token(user)}` } : {}),
                },
              });
              statuses[`${res.statusCode}`] = (statuses[`${res.statusCode}`] ?? 0) + 1;
              if (res.statusCode >= 500)
                failures.push(
                  `${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)} for ${JSON.stringify(body)?.slice(0, 200)}`,
                );
              else if (res.statusCode < 300 && String(res.headers['content-type']).includes('json')) {
                // Garbled: a JavaScript artefact in an accepted answer that the request did not send.
                const sent = `${JSON.stringify(body)} ${url} ${qs}`;
                const garbled = ['undefined', '[object Object]', 'NaN', 'function ', 'Infinity'].find(
                  (g) => res.body.includes(g) && !sent.includes(g),
                );
                if (garbled)
                  failures.push(
                    `${route.method} ${route.url} → ${res.statusCode} garbled (${garbled}): ${res.body.slice(0, 200)} for ${sent.slice(0, 200)}`,
                  );
              } else if (res.statusCode >= 400) {
                const b = res.json();
                if (!b.code || !b.message || !b.message_en)
                  failures.push(
                    `${route.method} ${route.url} → ${res.statusCode} without a bilingual coded body: ${res.body.slice(0, 200)}`,
                  );
              }
            }
          },
        ),
        { numRuns: 20, seed: 20261129 },
      );
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // The fuzz reaches the handlers, not only the validators: some requests are accepted.
    expect((statuses['200'] ?? 0) + (statuses['201'] ?? 0) + (statuses['202'] ?? 0)).toBeGreaterThan(10);
  });
});

describe('an unknown API path', () => {
  it('is a bilingual 404 with a code, also when a dot segment removes a path parameter', async () => {
    const d = await demoApp(['province']);
    try {
      for (const [method, url] of [
        ['POST', '/api/projects/./enrolments'],
        ['POST', '/api/appeals/%2E/decide'],
        ['GET', '/api/no-such-thing'],
        ['PATCH', '/api/users'],
      ] as const) {
        const res = await d.app.inject({ method, url, headers: { authorization: `Bearer ${d.token('province')}` } });
        expect(res.statusCode, url).toBe(404);
        expect(res.json(), url).toEqual({ code: 'NOT_FOUND', message: '接口不存在', message_en: 'no such endpoint' });
      }
    } finally {
      await d.close();
    }
  });
});

/** The access a route declared, as recorded when the app registered it. */
function routeAccess(d: DemoApp, method: string, url: string): unknown {
  const fastifyUrl = url.replace(/\{(\w+)\}/g, ':$1');
  return d.app.hasRoute({ method: method as 'POST', url: fastifyUrl }) ? d.accessOf(method, fastifyUrl) : undefined;
}
