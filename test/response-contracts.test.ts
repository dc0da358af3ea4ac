import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { undeclaredFields, type JsonSchema } from './support/json-shape.ts';

/**
 * Response schemas decide what leaves the server (issue 16): every API route declares one, and no
 * route answers with a field its schema lacks. The sweep calls every GET route as each demo role and
 * checks each JSON answer against the route's published OpenAPI schema, key by key.
 */

const USERS = ['province', 'nanjing', 'gongxin', 'jigou', 'qiye', 'xielei', 'hangxie'];

/** Demo records for the path parameters of GET routes (the rest are called with nothing to fill). */
const PARAMS: Record<string, string> = {
  code: 'P000001',
  projectCode: 'P000001',
  name: 'occupations',
  no: '1',
  year: '2026',
};

/** Routes whose URL needs a record of the demo or a query: filled from answers the sweep reads first. */
async function urlsFor(d: DemoApp): Promise<Record<string, string>> {
  const first = async (user: string, url: string) => {
    const body = (await d.call(user, 'GET', url)).json();
    return (Array.isArray(body) ? body[0] : body.items?.[0]) ?? {};
  };
  const person = await first('province', '/api/persons');
  const institution = await first('province', '/api/institutions');
  const order = await first('province', '/api/job-orders');
  const assessment = await first('province', '/api/assessments');
  const certificate = await first('xielei', '/api/me/certificates');
  const course = await first('province', '/api/learning/courses');
  const holderId = (await d.call('hangxie', 'GET', '/api/me')).json().holderId;
  const token = certificate.certificate_no
    ? (await d.call('xielei', 'GET', `/api/certificates/${certificate.certificate_no}/token`)).json().token
    : '';
  // A field activity with a sign-up, and a contest with an entrant (the demo has none).
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const activity = (
    await d.call('province', 'POST', '/api/activities', {
      kind: 'job_fair',
      title: '契约检查招聘会',
      organiser: '省人社厅',
      city: '320100',
      place: '南京人力资源市场',
      start: `${today} 00:00`,
      end: `${today} 23:59`,
      capacity: '10',
    })
  ).json();
  await d.call('xielei', 'POST', `/api/activities/${activity.activityId}/signups`);
  const contest = (
    await d.call('province', 'POST', '/api/competitions', {
      name: '契约检查竞赛',
      organiser: '省人社厅',
      level: 'province',
      occupationCode: '6-18-02-04',
      startsOn: today,
      endsOn: today,
    })
  ).json();
  await d.call('province', 'POST', `/api/competitions/${contest.competitionId}/entries`, {
    idNumber: '320311199409187319',
    unit: '某制造企业',
  });
  return {
    '/api/activities/:id/roster': `/api/activities/${activity.activityId}/roster`,
    '/api/holders/:id/board': `/api/holders/${holderId}/board`,
    '/api/activities/hires': `/api/activities/hires?year=${today.slice(0, 4)}`,
    '/api/competitions/:id/entries': `/api/competitions/${contest.competitionId}/entries`,
    '/api/persons/:key': `/api/persons/${person.person_key}`,
    '/api/institutions/:code': `/api/institutions/${institution.credit_code}`,
    '/api/projects/:code/sessions/:no/live': '/api/projects/P000001/sessions/1/live',
    '/api/job-orders/:id/candidates': `/api/job-orders/${order.order_id ?? order.orderId}/candidates`,
    '/api/assessments/:id': `/api/assessments/${assessment.id}`,
    '/api/certificates/:no/token': `/api/certificates/${certificate.certificate_no}/token`,
    '/api/craftsmen/nominations': '/api/craftsmen/nominations?year=2026',
    '/api/verify': `/api/verify?t=${encodeURIComponent(token ?? '')}`,
    '/api/directories/:name': '/api/directories/shortage_occupations',
    '/api/learning/courses/:id/progress': `/api/learning/courses/${course.id}/progress`,
    '/api/me/learning/modules/:id': `/api/me/learning/modules/${course.modules?.[0]?.id}`,
    '/api/reports/monthly': '/api/reports/monthly?month=2026-10',
    '/api/targets/progress': '/api/targets/progress?dimension=city',
    '/api/colleges/workload': '/api/colleges/workload?year=2025',
    '/api/colleges/:code/workload': '/api/colleges/12320100914177769G/workload?year=2025',
    '/api/colleges/:code/sessions': '/api/colleges/12320100914177769G/sessions?year=2025',
    '/api/edufunds': '/api/edufunds?year=2025',
  };
}

interface RouteSeen {
  method: string;
  url: string;
  schema: { response?: Record<string, unknown> } | undefined;
}

describe('response contracts', () => {
  let d: DemoApp;
  let doc: {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>
    >;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const routes: RouteSeen[] = [];

  beforeAll(async () => {
    d = await demoApp(USERS, {
      onRoute: (r) => {
        for (const m of [r.method].flat())
          routes.push({ method: m, url: r.url, schema: r.schema as RouteSeen['schema'] });
      },
    });
    await d.app.ready();
    doc = d.app.swagger() as typeof doc;
  }, 120_000);
  afterAll(() => d?.close());

  it('every API route declares the response it sends', () => {
    const api = routes.filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(100);
    const missing = api.filter((r) => !Object.keys(r.schema?.response ?? {}).some((status) => /^2/.test(status)));
    expect(missing.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('no JSON response schema is an open object at the top (an open object lets any column through)', () => {
    const open: string[] = [];
    for (const [url, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, res] of Object.entries(op.responses ?? {})) {
          const schema = res.content?.['application/json']?.schema;
          if (schema && /^2/.test(status) && isOpen(schema, doc.components?.schemas ?? {}))
            open.push(`${method.toUpperCase()} ${url} ${status}`);
        }
      }
    }
    expect(open).toEqual([]);
  });

  it('no GET route answers any role with a field its schema lacks', async () => {
    const findings: string[] = [];
    let checked = 0;
    const reached = new Set<string>();
    const jsonGets: string[] = [];
    const urls = await urlsFor(d);
    for (const r of routes.filter((x) => x.method === 'GET' && x.url.startsWith('/api'))) {
      const url = urls[r.url] ?? r.url.replace(/:(\w+)/g, (_, p: string) => PARAMS[p] ?? 'unknown');
      const openApiUrl = r.url.replace(/:(\w+)/g, '{$1}');
      const schema = doc.paths[openApiUrl]?.get?.responses?.['200']?.content?.['application/json']?.schema;
      if (schema) jsonGets.push(r.url);
      for (const user of USERS) {
        const res = await d.call(user, 'GET', url);
        if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('json')) continue;
        checked++;
        reached.add(r.url);
        if (!schema) {
          findings.push(`${r.url} as ${user}: JSON answer without a declared JSON schema`);
          continue;
        }
        for (const f of undeclaredFields(schema, res.json(), doc.components?.schemas ?? {}))
          findings.push(`${r.url} as ${user}: ${f}`);
      }
    }
    console.log(
      `checked ${checked} answers of ${reached.size} of ${jsonGets.length} JSON GET routes; not reached: ${jsonGets.filter((u) => !reached.has(u)).join(' ')}`,
    );
    expect(findings).toEqual([]);
    expect(reached.size / jsonGets.length).toBeGreaterThan(0.9);
  }, 300_000);
});

function isOpen(schema: JsonSchema, components: Record<string, JsonSchema>): boolean {
  const s = schema.$ref ? (components[schema.$ref.replace('#/components/schemas/', '')] ?? {}) : schema;
  if (s.anyOf) return s.anyOf.some((x) => isOpen(x, components));
  if (s.type === 'array') return s.items ? isOpen(s.items, components) : true;
  return !s.type && !s.properties && !s.anyOf && !s.oneOf && !s.allOf && s.const === undefined && !s.enum;
}
