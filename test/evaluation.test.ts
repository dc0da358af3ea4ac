import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/app/demo.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { verifyToken } from '../src/modules/evaluation/index.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

describe('assessments and certificates', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, user?: string, payload?: object) => app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
  const schedule = (user: string) => call('POST', '/api/assessments', user, { occupationCode: '6-18-02-04', kind: 'skill_level', level: 'L3', scheduledOn: '2026-11-20', idNumbers: ['320311199409187319', '320211198811034548'] });

  beforeAll(async () => {
    process.env.JINENG_VERIFY_PER_MINUTE = '20';
    ctx = await testContext();
    await loadDemo(ctx);
    // An evaluator listed later than today, and a blacklisted one.
    await ctx.db.query(`INSERT INTO institutions (credit_code, name, roles, type, city_code, listed_from, blacklisted_from) VALUES
      ('52320100MA0000001B', '未入目录评价机构', '{evaluation}', 'private', '320100', '2099-01-01', NULL),
      ('52320100MA0000002C', '黑名单评价机构', '{evaluation}', 'private', '320100', '2024-01-01', '2025-06-01')`);
    await createUser(ctx.db, 'test', { username: 'unlisted', displayName: 'x', password: DEMO_PASSWORD, role: 'institution_staff', institutionCode: '52320100MA0000001B' });
    await createUser(ctx.db, 'test', { username: 'blacklisted', displayName: 'x', password: DEMO_PASSWORD, role: 'institution_staff', institutionCode: '52320100MA0000002C' });
    app = await buildApp(ctx);
    for (const u of ['pingjia', 'jigou', 'unlisted', 'blacklisted', 'xielei', 'province', 'wuxi']) tokens[u] = await bearerToken(app, u);
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('only listed, non-blacklisted evaluation institutions may assess and issue', async () => {
    expect((await schedule('jigou')).json().code).toBe('NOT_AN_EVALUATOR');
    expect((await schedule('unlisted')).json().code).toBe('EVALUATOR_NOT_LISTED');
    expect((await schedule('blacklisted')).json().code).toBe('EVALUATOR_BLACKLISTED');
    expect((await schedule('xielei')).statusCode).toBe(403);
  });

  it('refuses candidates outside the real-name registry', async () => {
    const res = await call('POST', '/api/assessments', 'pingjia', { occupationCode: '6-18-02-04', kind: 'skill_level', level: 'L3', scheduledOn: '2026-11-20', idNumbers: ['11010519491231002X'] });
    expect(res.json().code).toBe('UNKNOWN_PERSON');
  });

  let certNos: string[] = [];
  it('issues unique certificates in the national number format to passes only', async () => {
    const { id } = (await schedule('pingjia')).json();
    const a = (await call('GET', `/api/assessments/${id}`, 'pingjia')).json();
    const [pass, fail] = a.candidates;
    const res = await call('POST', `/api/assessments/${id}/results`, 'pingjia', { results: [
      { personKey: pass.person_key, theoryScore: 80, practicalScore: 75, passed: true },
      { personKey: fail.person_key, theoryScore: 40, practicalScore: 50, passed: false },
    ] });
    certNos = res.json().issued;
    expect(certNos).toHaveLength(1);
    expect(certNos[0]).toMatch(/^[A-Z]\d{21}$/);
    const second = (await schedule('pingjia')).json();
    const b = (await call('GET', `/api/assessments/${second.id}`, 'pingjia')).json();
    const more = (await call('POST', `/api/assessments/${second.id}/results`, 'pingjia', { results: b.candidates.map((c: { person_key: string }) => ({ personKey: c.person_key, theoryScore: 90, practicalScore: 90, passed: true })) })).json().issued;
    certNos.push(...more);
    expect(new Set(certNos).size).toBe(3);
    expect(certNos.map((n) => n.slice(0, 14))).toEqual(Array(3).fill(certNos[0].slice(0, 14)));
    expect((await call('POST', `/api/assessments/${id}/results`, 'pingjia', { results: [{ personKey: pass.person_key, theoryScore: 101, practicalScore: 0, passed: true }] })).json().code).toBe('BAD_SCORE');
  });

  it('renders a Chinese PDF: the CJK font is embedded and the text maps back to Chinese', async () => {
    const res = await call('GET', `/api/certificates/${certNos[0]}/pdf`, 'province');
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    // The ToUnicode map of the embedded font lists the Chinese characters written (职 U+804C, 业 U+4E1A).
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => { try { return zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1'); } catch { return ''; } });
    const cmap = streams.find((s) => s.includes('beginbfchar') || s.includes('beginbfrange')) ?? '';
    expect(cmap.toUpperCase()).toContain('804C');
    expect(cmap.toUpperCase()).toContain('4E1A');
    expect((await call('GET', `/api/certificates/${certNos[0]}/pdf`, 'wuxi')).statusCode).toBe(403);
  });

  it('verifies publicly with a masked holder name; revoked verifies as revoked; a forged token fails', async () => {
    const { token } = (await call('GET', `/api/certificates/${certNos[0]}/token`, 'province')).json();
    const ok = (await call('GET', `/api/verify?t=${encodeURIComponent(token)}`)).json();
    expect(ok).toMatchObject({ valid: true, status: 'valid', certificate: { certificateNo: certNos[0], holder: expect.stringMatching(/^.\*+.?$/) } });
    for (const id of ['320311199409187319', '320211198811034548']) expect(JSON.stringify(ok)).not.toContain(id);
    const pem = (await call('GET', '/api/verify/public-key')).body;
    expect(verifyToken(token, pem)?.n).toBe(certNos[0]);
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await call('GET', `/api/verify?t=${encodeURIComponent(forged)}`)).json().status).toBe('invalid');
    await call('POST', `/api/certificates/${certNos[0]}/revoke`, 'province', { reason: '考核舞弊' });
    expect((await call('GET', `/api/verify?t=${encodeURIComponent(token)}`)).json()).toMatchObject({ valid: false, status: 'revoked', certificate: { revokedOn: expect.any(String) } });
  });

  it('rate-limits the public verification page', async () => {
    let limited = 0;
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 25; i++) {
      const res = await call('GET', '/api/verify?t=x');
      if (res.statusCode === 429) { limited++; body = res.json(); }
    }
    expect(limited).toBeGreaterThan(0);
    expect(body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/[\u4e00-\u9fa5]/), message_en: expect.any(String) });
  });
});

describe('worker profile, credential mapping and craftsmen', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, user?: string, payload?: object) => app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    app = await buildApp(ctx);
    for (const u of ['xielei', 'province', 'nanjing', 'wuxi']) tokens[u] = await bearerToken(app, u);
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('shows a worker their trainings and certificates with the title/education mapping the province edits', async () => {
    await call('PUT', '/api/credential-mappings/L5', 'province', { titleLevel: '员级（示例）', education: '初级工' });
    expect((await call('PUT', '/api/credential-mappings/L5', 'nanjing', { titleLevel: 'x', education: 'y' })).statusCode).toBe(403);
    const p = (await call('GET', '/api/me/profile', 'xielei')).json();
    expect(p.person.id_number).toBe('320311199409187319');
    expect(p.trainings.map((t: { project_code: string }) => t.project_code)).toEqual(['P000001']);
    expect(p.certificates[0]).toMatchObject({ certificate_no: 'Y252832550087255000001', title_level: '员级（示例）' });
    expect((await call('GET', '/api/credential-mappings')).json().find((m: { level: string }) => m.level === 'L2').title_level).toBe('中级职称');
  });

  it('cities nominate their residents; the province selects; the public list shows the selected without ID numbers', async () => {
    expect((await call('POST', '/api/craftsmen/nominations', 'wuxi', { year: 2026, idNumber: '320311199409187319', unit: '某企业', citation: '长期从事焊接工作，技艺精湛，带徒多人。' })).json().code).toBe('OUT_OF_SCOPE');
    const n = await call('POST', '/api/craftsmen/nominations', 'nanjing', { year: 2026, idNumber: '320311199409187319', unit: '南京某装备公司', citation: '长期从事焊接工作，技艺精湛，带徒多人。' });
    expect(n.statusCode).toBe(201);
    expect((await call('POST', '/api/craftsmen/nominations', 'nanjing', { year: 2026, idNumber: '320311199409187319', unit: '另一单位', citation: '长期从事焊接工作，技艺精湛，带徒多人。' })).json().code).toBe('ALREADY_NOMINATED');
    const list = (await call('GET', '/api/craftsmen/nominations?year=2026', 'province')).json();
    expect(list[0].certificates[0].certificate_no).toBe('Y252832550087255000001');
    expect((await call('GET', '/api/craftsmen/2026')).json()).toEqual([]);
    await call('POST', `/api/craftsmen/nominations/${n.json().id}/review`, 'province', { decision: 'selected', note: '评审通过' });
    const pub = (await call('GET', '/api/craftsmen/2026')).json();
    expect(pub).toEqual([expect.objectContaining({ name: '谢磊', city_name: '南京市', unit: '南京某装备公司' })]);
    expect(JSON.stringify(pub)).not.toContain('320311199409187319');
  });
});
