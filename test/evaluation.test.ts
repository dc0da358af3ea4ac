import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/composition/demo.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { verifyToken } from '../src/modules/evaluation/index.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

describe('assessments and certificates', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, user?: string, payload?: object) =>
    app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
  const schedule = (user: string) =>
    call('POST', '/api/assessments', user, {
      occupationCode: '6-18-02-04',
      kind: 'skill_level',
      level: 'L3',
      scheduledOn: '2026-11-20',
      idNumbers: ['320311199409187319', '320211198811034548'],
    });

  beforeAll(async () => {
    process.env.JINENG_VERIFY_PER_MINUTE = '20';
    ctx = await testContext();
    await loadDemo(ctx);
    // An evaluator listed later than today, and a blacklisted one.
    await ctx.db.query(`INSERT INTO institutions (credit_code, name, roles, type, city_code, listed_from, blacklisted_from) VALUES
      ('52320100MA0000001B', '未入目录评价机构', '{evaluation}', 'private', '320100', '2099-01-01', NULL),
      ('52320100MA0000002C', '黑名单评价机构', '{evaluation}', 'private', '320100', '2024-01-01', '2025-06-01')`);
    await createUser(ctx.db, 'test', {
      username: 'unlisted',
      displayName: 'x',
      password: DEMO_PASSWORD,
      role: 'institution_staff',
      institutionCode: '52320100MA0000001B',
    });
    await createUser(ctx.db, 'test', {
      username: 'blacklisted',
      displayName: 'x',
      password: DEMO_PASSWORD,
      role: 'institution_staff',
      institutionCode: '52320100MA0000002C',
    });
    app = await buildApp(ctx);
    for (const u of ['pingjia', 'jigou', 'unlisted', 'blacklisted', 'xielei', 'province', 'wuxi', 'nanjing'])
      tokens[u] = await bearerToken(app, u);
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
    const res = await call('POST', '/api/assessments', 'pingjia', {
      occupationCode: '6-18-02-04',
      kind: 'skill_level',
      level: 'L3',
      scheduledOn: '2026-11-20',
      idNumbers: ['11010519491231002X'],
    });
    expect(res.json().code).toBe('UNKNOWN_PERSON');
  });

  it('assesses a class only when its project chose this evaluator; another class and its roster stay closed', async () => {
    const forProject = (user: string, projectCode: string, idNumbers?: string[]) =>
      call('POST', '/api/assessments', user, {
        occupationCode: '6-18-02-04',
        kind: 'skill_level',
        level: 'L5',
        scheduledOn: '2026-11-20',
        projectCode,
        idNumbers,
      });
    // P000002 (无锡) chose 无锡市第41行业协会培训部: 南京市第40职业技术学院 may not assess it or read its trainees.
    const other = await forProject('pingjia', 'P000002');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({
      code: 'OUT_OF_SCOPE',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.any(String),
    });
    expect((await forProject('pingjia', 'P999999')).statusCode).toBe(404);
    // P000001 (南京) is assessed by it: the demo's evaluator keeps its class.
    const own = await forProject('pingjia', 'P000001');
    expect(own.statusCode).toBe(201);
    expect(own.json().candidates).toBeGreaterThan(0);
    // A new project chooses its evaluator: first none (refused), then the city picks pingjia.
    const project = (
      await call('POST', '/api/projects', 'nanjing', {
        title: '焊工班（待选评价机构）',
        occupationCode: '6-18-02-04',
        level: 'L5',
        kind: 'employment_skills',
        keyTask: 1,
        startDate: '2026-12-01',
        endDate: '2026-12-20',
        plannedHours: 40,
        plannedTrainees: 10,
        modules: ['焊接'],
        price: '1000.00',
        institutionCode: '12320100914177769G',
      })
    ).json().projectCode;
    expect((await forProject('pingjia', project, ['320311199409187319'])).json().code).toBe('OUT_OF_SCOPE');
    expect(
      (await call('POST', `/api/projects/${project}/evaluator`, 'wuxi', { evaluatorCode: '523201001953640571' })).json()
        .code,
    ).toBe('OUT_OF_SCOPE');
    expect(
      (
        await call('POST', `/api/projects/${project}/evaluator`, 'pingjia', { evaluatorCode: '523201001953640571' })
      ).json().code,
    ).toBe('OUT_OF_SCOPE');
    expect(
      (
        await call('POST', `/api/projects/${project}/evaluator`, 'nanjing', { evaluatorCode: '12320100914177769G' })
      ).json().code,
    ).toBe('NOT_AN_EVALUATOR');
    expect(
      (
        await call('POST', `/api/projects/${project}/evaluator`, 'nanjing', { evaluatorCode: '523201001953640571' })
      ).json(),
    ).toEqual({ projectCode: project, evaluatorCode: '523201001953640571' });
    expect((await forProject('pingjia', project, ['320311199409187319'])).statusCode).toBe(201);
    // Results are refused once the project has chosen another evaluator.
    const { id } = (await forProject('pingjia', project, ['320311199409187319'])).json();
    const [c] = (await call('GET', `/api/assessments/${id}`, 'pingjia')).json().candidates;
    expect(
      (await call('POST', `/api/projects/${project}/evaluator`, 'province', { evaluatorCode: '523202009435189993' }))
        .statusCode,
    ).toBe(200);
    const late = await call('POST', `/api/assessments/${id}/results`, 'pingjia', {
      results: [{ personKey: c.person_key, theoryScore: 90, practicalScore: 90, passed: true }],
    });
    expect(late.json().code).toBe('OUT_OF_SCOPE');
    expect((await call('GET', `/api/assessments/${id}`, 'pingjia')).json().code).toBe('OUT_OF_SCOPE');
  });

  let certNos: string[] = [];
  it('issues unique certificates in the national number format to passes only', async () => {
    const { id } = (await schedule('pingjia')).json();
    const a = (await call('GET', `/api/assessments/${id}`, 'pingjia')).json();
    const [pass, fail] = a.candidates;
    const res = await call('POST', `/api/assessments/${id}/results`, 'pingjia', {
      results: [
        { personKey: pass.person_key, theoryScore: 80, practicalScore: 75, passed: true },
        { personKey: fail.person_key, theoryScore: 40, practicalScore: 50, passed: false },
      ],
    });
    certNos = res.json().issued;
    expect(certNos).toHaveLength(1);
    expect(certNos[0]).toMatch(/^[A-Z]\d{21}$/);
    const second = (await schedule('pingjia')).json();
    const b = (await call('GET', `/api/assessments/${second.id}`, 'pingjia')).json();
    const more = (
      await call('POST', `/api/assessments/${second.id}/results`, 'pingjia', {
        results: b.candidates.map((c: { person_key: string }) => ({
          personKey: c.person_key,
          theoryScore: 90,
          practicalScore: 90,
          passed: true,
        })),
      })
    ).json().issued;
    certNos.push(...more);
    expect(new Set(certNos).size).toBe(3);
    expect(certNos.map((n) => n.slice(0, 14))).toEqual(Array(3).fill(certNos[0].slice(0, 14)));
    expect(
      (
        await call('POST', `/api/assessments/${id}/results`, 'pingjia', {
          results: [{ personKey: pass.person_key, theoryScore: 101, practicalScore: 0, passed: true }],
        })
      ).json().code,
    ).toBe('BAD_SCORE');
  });

  it('renders a Chinese PDF: the CJK font is embedded and the text maps back to Chinese', async () => {
    const res = await call('GET', `/api/certificates/${certNos[0]}/pdf`, 'province');
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    // The ToUnicode map of the embedded font lists the Chinese characters written (职 U+804C, 业 U+4E1A).
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return zlib.inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    const cmap = streams.find((s) => s.includes('beginbfchar') || s.includes('beginbfrange')) ?? '';
    expect(cmap.toUpperCase()).toContain('804C');
    expect(cmap.toUpperCase()).toContain('4E1A');
    expect((await call('GET', `/api/certificates/${certNos[0]}/pdf`, 'wuxi')).statusCode).toBe(403);
  });

  it('verifies publicly with a masked holder name; revoked verifies as revoked; a forged token fails', async () => {
    const { token } = (await call('GET', `/api/certificates/${certNos[0]}/token`, 'province')).json();
    const ok = (await call('GET', `/api/verify?t=${encodeURIComponent(token)}`)).json();
    expect(ok).toMatchObject({
      valid: true,
      status: 'valid',
      certificate: { certificateNo: certNos[0], holder: expect.stringMatching(/^.\*+.?$/) },
    });
    for (const id of ['320311199409187319', '320211198811034548']) expect(JSON.stringify(ok)).not.toContain(id);
    const pem = (await call('GET', '/api/verify/public-key')).body;
    expect(verifyToken(token, pem)?.n).toBe(certNos[0]);
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await call('GET', `/api/verify?t=${encodeURIComponent(forged)}`)).json().status).toBe('invalid');
    await call('POST', `/api/certificates/${certNos[0]}/revoke`, 'province', { reason: '考核舞弊' });
    expect((await call('GET', `/api/verify?t=${encodeURIComponent(token)}`)).json()).toMatchObject({
      valid: false,
      status: 'revoked',
      certificate: { revokedOn: expect.any(String) },
    });
  });

  it('rate-limits the public verification page', async () => {
    let limited = 0;
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 25; i++) {
      const res = await call('GET', '/api/verify?t=x');
      if (res.statusCode === 429) {
        limited++;
        body = res.json();
      }
    }
    expect(limited).toBeGreaterThan(0);
    expect(body).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.any(String),
    });
  });
});

describe('worker profile, credential mapping and craftsmen', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, user?: string, payload?: object) =>
    app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
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
    expect(
      (await call('PUT', '/api/credential-mappings/L5', 'nanjing', { titleLevel: 'x', education: 'y' })).statusCode,
    ).toBe(403);
    const p = (await call('GET', '/api/me/profile', 'xielei')).json();
    expect(p.person.id_number).toBe('320311199409187319');
    expect(p.trainings.map((t: { project_code: string }) => t.project_code)).toEqual(['P000001']);
    expect(p.certificates[0]).toMatchObject({ certificate_no: 'Y252832550087255000001', title_level: '员级（示例）' });
    expect(
      (await call('GET', '/api/credential-mappings')).json().find((m: { level: string }) => m.level === 'L2')
        .title_level,
    ).toBe('中级职称');
  });

  it('cities nominate their residents; the province selects; the public list shows the selected without ID numbers', async () => {
    expect(
      (
        await call('POST', '/api/craftsmen/nominations', 'wuxi', {
          year: 2026,
          idNumber: '320311199409187319',
          unit: '某企业',
          citation: '长期从事焊接工作，技艺精湛，带徒多人。',
        })
      ).json().code,
    ).toBe('OUT_OF_SCOPE');
    const n = await call('POST', '/api/craftsmen/nominations', 'nanjing', {
      year: 2026,
      idNumber: '320311199409187319',
      unit: '南京某装备公司',
      citation: '长期从事焊接工作，技艺精湛，带徒多人。',
    });
    expect(n.statusCode).toBe(201);
    expect(
      (
        await call('POST', '/api/craftsmen/nominations', 'nanjing', {
          year: 2026,
          idNumber: '320311199409187319',
          unit: '另一单位',
          citation: '长期从事焊接工作，技艺精湛，带徒多人。',
        })
      ).json().code,
    ).toBe('ALREADY_NOMINATED');
    const list = (await call('GET', '/api/craftsmen/nominations?year=2026', 'province')).json();
    expect(list[0].certificates[0].certificate_no).toBe('Y252832550087255000001');
    expect((await call('GET', '/api/craftsmen/2026')).json()).toEqual([]);
    await call('POST', `/api/craftsmen/nominations/${n.json().id}/review`, 'province', {
      decision: 'selected',
      note: '评审通过',
    });
    const pub = (await call('GET', '/api/craftsmen/2026')).json();
    expect(pub).toEqual([expect.objectContaining({ name: '谢磊', city_name: '南京市', unit: '南京某装备公司' })]);
    expect(JSON.stringify(pub)).not.toContain('320311199409187319');
  });
});
