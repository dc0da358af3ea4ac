import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { ROLES } from '../src/kernel/auth.ts';
import { seedCatalogs } from '../src/modules/catalog/index.ts';
import { FUNDS, REASONS } from '../src/modules/subsidy/index.ts';
import type { Labels } from '../src/workflows/labels.ts';
import { nameOf, type Dictionary } from '../web/src/labels.ts';
import { testContext } from './support/context.ts';
import { undeclaredFields, type JsonSchema } from './support/json-shape.ts';

/**
 * Issue 16: the names of codes come from one dictionary the server builds from its own facts, and
 * the web shows a name wherever one exists — never `G3`, `320100` or `approved`.
 */
describe('the labels dictionary', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  let labels: Labels;
  let cacheControl: unknown;
  beforeAll(async () => {
    ctx = await testContext();
    await seedCatalogs(ctx.db);
    app = await buildApp(ctx, { webDist: '/nonexistent' });
    const res = await app.inject({ method: 'GET', url: '/api/labels' }); // no session: public
    expect(res.statusCode).toBe(200);
    labels = res.json();
    cacheControl = res.headers['cache-control'];
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.drop();
  });

  const named = (dictionary: Dictionary, code: string) => {
    const n = labels[dictionary][code];
    return !!n && n.zh.trim() !== '' && n.en.trim() !== '' && n.zh !== code && n.en !== code;
  };

  it('names every role, fund and reason code in Chinese and English', () => {
    expect(ROLES.filter((r) => !named('role', r))).toEqual([]);
    expect(Object.keys(FUNDS).filter((f) => !named('fund', f))).toEqual([]);
    expect(Object.keys(REASONS).filter((r) => !named('reason', r))).toEqual([]);
  });

  it('names every city of the catalog, and the other catalogs’ codes', async () => {
    const cities = await ctx.db.query<{ code: string }>('SELECT code FROM cities');
    expect(cities.length).toBe(13);
    expect(cities.filter((c) => !named('city', c.code))).toEqual([]);
    for (const [dictionary, sql] of [
      ['sector', 'SELECT code FROM sectors'],
      ['group', 'SELECT code FROM target_groups'],
      ['keyTask', 'SELECT no::text AS code FROM key_tasks'],
      ['level', 'SELECT code FROM levels'],
      ['occupation', 'SELECT code FROM occupations'],
    ] as const) {
      const codes = await ctx.db.query<{ code: string }>(sql);
      expect(codes.length, dictionary).toBeGreaterThan(0);
      expect(
        codes.filter((c) => !named(dictionary, c.code)),
        dictionary,
      ).toEqual([]);
    }
  });

  it('names the occupations’ categories and code sources, and the evidence of every detector it knows', async () => {
    const occupations = await ctx.db.query<{ category: string; code_source: string }>(
      'SELECT DISTINCT category, code_source FROM occupations',
    );
    expect(occupations.length).toBeGreaterThan(0);
    expect(occupations.filter((o) => !named('occupationCategory', o.category))).toEqual([]);
    expect(occupations.filter((o) => !named('codeSource', o.code_source))).toEqual([]);
    // The fields the detectors write into a case's evidence (their SQL and statistics, read from the source).
    const source = ['detectors.ts', 'statistical.ts']
      .map((f) => fs.readFileSync(path.join(import.meta.dirname, '../src/modules/integrity', f), 'utf8'))
      .join('\n');
    const fields = new Set<string>();
    for (const m of source.matchAll(/json_build_object\(([^)]*)\)/g))
      for (const k of m[1].matchAll(/'([a-z_]+)',/g)) fields.add(k[1]);
    for (const block of source.matchAll(/evidence: \{([\s\S]*?)\n {6}\},/g))
      for (const k of block[1].matchAll(/^ {8}([a-z_]+):/gm)) fields.add(k[1]);
    expect(fields.size).toBeGreaterThan(20);
    expect([...fields].filter((f) => !named('evidenceField', f))).toEqual([]);
  });

  it('answers exactly what its published schema declares', async () => {
    await app.ready();
    const doc = app.swagger() as unknown as {
      paths: Record<
        string,
        { get: { responses: { 200: { content: { 'application/json': { schema: JsonSchema } } } } } }
      >;
      components: { schemas: Record<string, JsonSchema> };
    };
    const schema = doc.paths['/api/labels'].get.responses[200].content['application/json'].schema;
    expect(undeclaredFields(schema, labels, doc.components.schemas)).toEqual([]);
    expect(Object.keys(doc.components.schemas.Labels.properties ?? {})).toEqual(Object.keys(labels));
  });

  it('may be kept by the browser for five minutes', () => {
    expect(cacheControl).toBe('public, max-age=300');
  });

  it('gives the web a name, not the code, for sample values', () => {
    const samples: [Dictionary, string, string, string][] = [
      ['group', 'G3', '农民工', 'Migrant workers'],
      ['city', '320100', '南京市', 'Nanjing'],
      ['applicationStatus', 'approved', '通过', 'Approved'],
      ['decision', 'review', '待复核', 'Under review'],
      ['projectStatus', 'dispatched', '已派单', 'Dispatched'],
      ['fund', 'employment_fund', '就业补助资金', 'Employment subsidy fund'],
      ['level', 'L3', '高级工（三级）', 'Senior worker (level 3)'],
      ['keyTask', '9', '农民工群体专项培训行动', 'Migrant workers training'],
      ['indicator', 'new_high_skill', '新增高技能人才', 'New high-skill talents'],
    ];
    for (const [dictionary, code, zh, en] of samples) {
      expect(nameOf(labels, 'zh', dictionary, code)).toBe(zh);
      expect(nameOf(labels, 'en', dictionary, code)).toBe(en);
    }
    // A code the server has no name for is shown as it is, rather than nothing.
    expect(nameOf(labels, 'zh', 'group', 'G99')).toBe('G99');
  });
});
