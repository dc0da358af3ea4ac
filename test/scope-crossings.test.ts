import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/composition/demo.ts';
import type { Role } from '../src/kernel/auth.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * The permanent adversarial suite (docs/security.md): every route × every role, and for each
 * record-bearing route the roles that may call it reaching for a record outside their scope — reads
 * and writes, import rows and service calls. Zero crossings: a refusal every time, nothing written.
 *
 * The insiders (Nanjing: `nanjing`, `jigou`, `qiye`, `xielei`) make records; the outsiders (`wuxi`,
 * the evaluator `pingjia`, a Wuxi enterprise `qiye2`, another worker `worker2`, `gongxin` outside
 * its sector) try to read and change them.
 */

const USERS: Record<string, Role> = {
  province: 'province_admin',
  nanjing: 'city_officer',
  wuxi: 'city_officer',
  gongxin: 'department_officer',
  jigou: 'institution_staff',
  pingjia: 'institution_staff',
  qiye: 'enterprise_staff',
  xielei: 'worker',
  hangxie: 'holder_officer',
};
const NANJING_PROJECT = 'P000001'; // 南京, 焊工 (manufacturing, key task 1), jigou's
const WUXI_PROJECT = 'P000002'; // 无锡, 中式烹调师 (life services, key task 6)
const XIELEI_ID = '320311199409187319';
const PASSWORD = 'Crossing-Test-9!';

describe('no role crosses its scope', () => {
  let d: DemoApp;
  const tokens: Record<string, string> = {};
  const as = (user: string, method: string, url: string, payload?: unknown) =>
    d.app.inject({
      method: method as 'POST',
      url,
      payload: payload as object,
      headers: user ? { authorization: `Bearer ${tokens[user]}` } : {},
    });
  const made: Record<string, string> = {};

  beforeAll(async () => {
    d = await demoApp([]);
    const db = d.ctx.db;
    const [worker2] = await db.query<{ person_key: string }>(
      `SELECT person_key FROM persons WHERE city_code = '320100' AND person_key <> $1 LIMIT 1`,
      [d.ctx.vault.blindIndex(XIELEI_ID)],
    );
    await createUser(db, 'test', {
      username: 'qiye2',
      displayName: '无锡企业',
      password: PASSWORD,
      role: 'enterprise_staff',
      enterpriseCode: '913202008038790040',
    });
    await createUser(db, 'test', {
      username: 'worker2',
      displayName: '另一劳动者',
      password: PASSWORD,
      role: 'worker',
      personKey: worker2.person_key,
    });
    // An evaluator in Wuxi that P000001 did not choose (it chose pingjia).
    await createUser(db, 'test', {
      username: 'pingjia2',
      displayName: '无锡评价',
      password: PASSWORD,
      role: 'institution_staff',
      institutionCode: '523202009435189993',
    });
    for (const u of [...Object.keys(USERS), 'qiye2', 'worker2', 'pingjia2']) {
      const res = await d.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u, password: u in USERS ? DEMO_PASSWORD : PASSWORD, bearer: true },
      });
      tokens[u] = res.json().token;
    }
    // Records of the insiders.
    const xielei = d.ctx.vault.blindIndex(XIELEI_ID);
    made.person = xielei;
    made.request = (
      await as('xielei', 'POST', '/api/training-requests', { occupationCode: '6-18-02-04', level: 'L5' })
    ).json().requestId;
    made.complaint = (
      await as('xielei', 'POST', '/api/complaints', { projectCode: NANJING_PROJECT, text: '课时不足，老师经常缺席' })
    ).json().id;
    const [order] = await db.query<{ id: string }>(
      `SELECT order_id AS id FROM job_orders WHERE enterprise_code = '913201001736662571' LIMIT 1`,
    );
    made.order = order.id;
    const [cert] = await db.query<{ certificate_no: string }>(
      'SELECT certificate_no FROM certificates WHERE person_key = $1 LIMIT 1',
      [xielei],
    );
    made.certificate = cert.certificate_no;
    const [app] = await db.query<{ application_id: string }>(
      'SELECT application_id FROM applications WHERE person_key = $1 LIMIT 1',
      [xielei],
    );
    made.application = app.application_id;
    const [nanjingDecision] = await db.query<{ application_id: string }>(
      `SELECT application_id FROM decisions WHERE city_code = '320100' ORDER BY application_id LIMIT 1`,
    );
    made.decision = nanjingDecision.application_id;
    // A Nanjing receivable on it, for the recovery routes to protect.
    await db.query(
      `INSERT INTO clawbacks (id, application_id, amount_fen, reason, status, trail, created_at, due_on)
       VALUES (gen_random_uuid(), $1, 100000, '考核舞弊', 'open', '[]'::jsonb, now(), CURRENT_DATE + 30)`,
      [made.decision],
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crossings-'));
    fs.writeFileSync(
      path.join(dir, 'persons.csv'),
      `id_number,name,phone,city_code,groups,insured_months,insured_as_of\n${XIELEI_ID},谢磊,13360018785,320100,G2,18,2026-06-30\n`,
    );
    made.importRun = (await importBundle(db, dir, { actor: 'city_officer:nanjing', vault: d.ctx.vault })).runId;
    const [outsider] = await db.query<{ id_enc: string }>(
      `SELECT p.id_enc FROM persons p WHERE NOT EXISTS (SELECT 1 FROM certificates x JOIN occupations o ON o.code = x.occupation_code
                                                       WHERE x.person_key = p.person_key AND o.sector = 'manufacturing') LIMIT 1`,
    );
    made.nonManufacturingId = d.ctx.vault.decrypt(outsider.id_enc);
    // 申诉: one of 谢磊's on a decision of his (the demo leaves him none to contest, so stored as filing would).
    made.appeal = '7a1e0c3e-0d7b-4c1a-9e55-000000000017';
    await db.query(
      `INSERT INTO appeals (id, person_key, city_code, subject_kind, subject_ref, subject_title, reason, filed_at, due_on)
       VALUES ($1, $2, '320100', 'decision', $3, '补贴决定', '我对这一结果有异议，请复核。', now(), CURRENT_DATE + 15)`,
      [made.appeal, xielei, made.application],
    );
    made.notice = String((await as('xielei', 'GET', '/api/me/notices')).json().items[0]?.id ?? '');
    // 自助注册 awaiting Nanjing's confirmation.
    made.pending = 'crossings-pending-person';
    await db.query(
      `INSERT INTO persons (person_key, id_enc, id_masked, name, city_code, groups, insured_months, birth_date, status)
       VALUES ($1, $2, '3201**********0015', '待确认人员', '320100', '{}', 0, '1990-01-01', 'pending')`,
      [made.pending, d.ctx.vault.encrypt('320102199001010015')],
    );
    // An "N" holder of another sector than hangxie's (机械行业协会) and gongxin's.
    made.careHolder = (
      await as('province', 'POST', '/api/holders', {
        kind: 'industry_org',
        name: '省养老服务协会',
        sector: 'life_services',
      })
    ).json().id;
    made.assessment = (
      await as('pingjia', 'POST', '/api/assessments', {
        occupationCode: '6-18-02-04',
        kind: 'skill_level',
        level: 'L5',
        scheduledOn: '2027-01-10',
        projectCode: NANJING_PROJECT,
      })
    ).json().id;
  });
  afterAll(async () => {
    await d.close();
  });

  it('refuses every role a route does not admit: 401 without a session, 403 with one', async () => {
    const spec = d.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    let checked = 0;
    for (const [openapiUrl, ops] of Object.entries(spec.paths)) {
      if (!openapiUrl.startsWith('/api')) continue;
      const url = openapiUrl.replace(/\{(\w+)\}/g, ':$1');
      for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
        const access = d.accessOf(method, url);
        const concrete = url.replace(/:(\w+)/g, 'x');
        for (const user of ['', ...Object.keys(USERS)]) {
          const role = USERS[user];
          const admitted =
            access === 'public' ||
            (access === 'authenticated' && user) ||
            (Array.isArray(access) && role && access.includes(role)) ||
            (access === 'metrics' && role === 'province_admin');
          if (admitted || access === 'device') continue;
          const res = await as(user, method, concrete, method === 'GET' ? undefined : {});
          expect([401, 403], `${user || 'anonymous'} ${method} ${url} → ${res.statusCode}`).toContain(res.statusCode);
          expect(res.json()).toMatchObject({
            code: expect.any(String),
            message: expect.any(String),
            message_en: expect.any(String),
          });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  /** Reads of a record outside the caller's scope: [outsider, url, an insider who may read it]. */
  const READS: [string, string, string][] = [
    ['wuxi', `/api/projects/${NANJING_PROJECT}`, 'nanjing'],
    ['wuxi', `/api/projects/${NANJING_PROJECT}/roster`, 'nanjing'],
    ['wuxi', `/api/projects/${NANJING_PROJECT}/employment`, 'nanjing'],
    ['wuxi', `/api/projects/${NANJING_PROJECT}/sessions/1/live`, 'nanjing'],
    ['pingjia', `/api/projects/${NANJING_PROJECT}`, 'jigou'],
    ['pingjia', `/api/projects/${NANJING_PROJECT}/roster`, 'jigou'],
    ['jigou', `/api/projects/${WUXI_PROJECT}`, 'wuxi'],
    ['jigou', `/api/projects/${WUXI_PROJECT}/roster`, 'wuxi'],
    ['gongxin', `/api/projects/${WUXI_PROJECT}`, 'province'],
    ['gongxin', `/api/projects/${WUXI_PROJECT}/employment`, 'province'],
    ['wuxi', '/api/persons/{person}', 'nanjing'],
    ['pingjia', '/api/persons/{person}', 'xielei'],
    ['worker2', '/api/persons/{person}', 'xielei'],
    ['wuxi', '/api/institutions/12320100914177769G', 'nanjing'],
    ['pingjia', '/api/institutions/12320100914177769G', 'jigou'],
    ['wuxi', '/api/certificates/{certificate}/token', 'nanjing'],
    ['worker2', '/api/certificates/{certificate}/token', 'xielei'],
    ['worker2', '/api/certificates/{certificate}/pdf', 'xielei'],
    ['wuxi', '/api/certificates/{certificate}/pdf', 'nanjing'],
    ['qiye2', '/api/job-orders/{order}/candidates', 'qiye'],
    ['wuxi', '/api/job-orders/{order}/candidates', 'nanjing'],
    ['wuxi', '/api/imports/{importRun}', 'province'],
    ['hangxie', '/api/holders/{careHolder}/board', 'province'],
    ['gongxin', '/api/holders/{careHolder}/board', 'province'],
    ['wuxi', '/api/imports/{importRun}/errors.csv', 'province'],
    ['gongxin', '/api/imports/{importRun}', 'province'],
    ['pingjia2', '/api/assessments/{assessment}', 'pingjia'],
    ['jigou', '/api/assessments/{assessment}', 'pingjia'],
    ['wuxi', '/api/sites?institution=12320100914177769G', 'nanjing'],
    ['pingjia', '/api/sites?institution=12320100914177769G', 'jigou'],
    ['wuxi', '/api/appeals/{appeal}', 'nanjing'],
    ['worker2', '/api/appeals/{appeal}', 'xielei'],
    ['wuxi', '/api/dispatch/candidates?city=320100', 'nanjing'],
  ];

  /** Writes to a record outside the caller's scope (or creating one there). */
  const WRITES: [string, string, string, unknown][] = [
    ['wuxi', 'POST', `/api/projects/${NANJING_PROJECT}/redispatch`, { institutionCode: '12320100706690744C' }],
    [
      'wuxi',
      'POST',
      `/api/projects/${NANJING_PROJECT}/evaluations`,
      { source: 'official', score: 10, findings: '不合格的评估' },
    ],
    [
      'wuxi',
      'POST',
      '/api/projects',
      {
        title: '越权项目',
        occupationCode: '6-18-02-04',
        level: 'L5',
        kind: 'employment_skills',
        keyTask: 1,
        cityCode: '320100',
        startDate: '2027-01-04',
        endDate: '2027-01-20',
        plannedHours: 40,
        plannedTrainees: 20,
        modules: [],
        price: '1500.00',
        institutionCode: '12320100914177769G',
      },
    ],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/accept`, {}],
    [
      'wuxi',
      'POST',
      '/api/receivables/{decision}/recoveries',
      { receiptRef: 'HD-CROSS-1', amountFen: 100, receivedOn: '2026-01-05' },
    ],
    ['wuxi', 'POST', '/api/receivables/{decision}/write-off', { reason: '越权核销' }],
    [
      'wuxi',
      'POST',
      '/api/referrals',
      { subjectKind: 'clawback', subjectId: '{decision}', referredOn: '2026-01-05', organ: '无锡市公安局' },
    ],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/decline`, { reason: '越权拒单' }],
    [
      'pingjia',
      'POST',
      `/api/projects/${NANJING_PROJECT}/sessions`,
      {
        startsAt: '2027-01-05T09:00:00+08:00',
        endsAt: '2027-01-05T12:00:00+08:00',
        siteName: '越权',
        siteLat: 32,
        siteLon: 118.8,
        teacher: '某',
        mode: 'theory',
      },
    ],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/enrolments`, { idNumber: XIELEI_ID }],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/enrolments`, { personKey: '{person}' }],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/enrolments/batch`, { idNumbers: [XIELEI_ID] }],
    [
      'wuxi',
      'POST',
      '/api/sites',
      { institutionCode: '12320100914177769G', name: '越权场所', address: '无锡', lat: 32.05, lon: 118.78 },
    ],
    [
      'pingjia',
      'POST',
      '/api/sites',
      { institutionCode: '12320100914177769G', name: '越权场所', address: '南京', lat: 32.05, lon: 118.78 },
    ],
    // 零工驿站 are a city's: Wuxi may not register one in Nanjing; no institution, enterprise or department registers one.
    ['wuxi', 'POST', '/api/gig-stations', { cityCode: '320100', name: '越权驿站', lat: 32.05, lon: 118.78 }],
    ['jigou', 'POST', '/api/gig-stations', { cityCode: '320100', name: '越权驿站', lat: 32.05, lon: 118.78 }],
    ['gongxin', 'POST', '/api/gig-stations', { cityCode: '320100', name: '越权驿站', lat: 32.05, lon: 118.78 }],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/open`, {}],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/close`, {}],
    ['pingjia', 'POST', `/api/projects/${NANJING_PROJECT}/claims`, { kind: 'completion' }],
    [
      'jigou',
      'POST',
      `/api/projects/${WUXI_PROJECT}/evaluations`,
      { source: 'self', score: 100, findings: '自评满分' },
    ],
    ['wuxi', 'POST', '/api/complaints/{complaint}', { status: 'upheld', finding: '越权处理' }],
    ['wuxi', 'POST', '/api/reviews/{decision}', { outcome: 'approved', note: '越权复核' }],
    ['wuxi', 'POST', '/api/policies/city-factor', { cityCode: '320100', factor: '1.30', effectiveFrom: '2027-01-01' }],
    [
      'wuxi',
      'POST',
      '/api/craftsmen/nominations',
      { year: 2026, idNumber: XIELEI_ID, unit: '南京某单位', citation: '越权推荐' },
    ],
    [
      'gongxin',
      'POST',
      '/api/craftsmen/nominations',
      { year: 2026, idNumber: '{nonManufacturingId}', unit: '某单位', citation: '推荐一位与本领域无关的人员作为工匠' },
    ],
    // A department publishes only the directories its account names; gongxin names none.
    [
      'gongxin',
      'POST',
      '/api/directories/internship_units/publish',
      { effectiveFrom: '2027-01-01', entries: [{ code: 'X1', name: '越权发布', cityCode: '320100' }] },
    ],
    ['wuxi', 'POST', '/api/training-requests', { idNumber: XIELEI_ID, occupationCode: '6-18-02-04' }],
    ['qiye2', 'POST', '/api/job-orders/{order}/close', {}],
    [
      'qiye2',
      'POST',
      '/api/job-orders/{order}/hires',
      { idNumber: XIELEI_ID, startDate: '2027-01-04', contractMonths: 12 },
    ],
    ['qiye2', 'POST', '/api/employer/confirmations/{application}', { answer: 'denied', note: '越权否认' }],
    ['worker2', 'POST', '/api/training-requests/{request}/withdraw', {}],
    ['worker2', 'POST', '/api/me/confirmations/{application}', { answer: 'denied' }],
    ['worker2', 'POST', '/api/applications', { type: 'training', certificateNo: '{certificate}' }],
    [
      'pingjia2',
      'POST',
      '/api/assessments',
      {
        occupationCode: '6-18-02-04',
        kind: 'skill_level',
        level: 'L5',
        scheduledOn: '2027-01-10',
        projectCode: NANJING_PROJECT,
      },
    ],
    [
      'pingjia2',
      'POST',
      '/api/assessments/{assessment}/results',
      { results: [{ personKey: '{person}', theoryScore: 90, practicalScore: 90, passed: true }] },
    ],
    ['wuxi', 'POST', `/api/projects/${NANJING_PROJECT}/evaluator`, { evaluatorCode: '523202009435189993' }],
    ['pingjia2', 'POST', `/api/projects/${NANJING_PROJECT}/evaluator`, { evaluatorCode: '523202009435189993' }],
    [
      'wuxi',
      'POST',
      '/api/devices',
      {
        deviceId: 'X-WUXI-IN-NANJING',
        kind: 'face_terminal',
        institutionCode: '12320100914177769G',
        siteName: '越权',
        siteLat: 32.05,
        siteLon: 118.78,
      },
    ],
    [
      'jigou',
      'POST',
      '/api/devices',
      {
        deviceId: 'X-JIGOU-OWN',
        kind: 'face_terminal',
        institutionCode: '12320100914177769G',
        siteName: '自建',
        siteLat: 32.05,
        siteLon: 118.78,
      },
    ],
    ['wuxi', 'POST', '/api/appeals/{appeal}/decide', { outcome: 'upheld', answer: '越权处理他市的申诉' }],
    ['jigou', 'POST', '/api/me/notices/{notice}/read', {}],
    ['worker2', 'POST', '/api/me/notices/{notice}/read', {}],
    ['wuxi', 'POST', '/api/persons/{pending}/confirm', { groups: [], cityCode: '320200' }],
    ['wuxi', 'POST', '/api/persons/{pending}/reject', { reason: '越权驳回' }],
    ['wuxi', 'POST', '/api/institutions/12320100914177769G/capacity', { capacity: 1 }],
    ['pingjia', 'POST', '/api/institutions/12320100914177769G/capacity', { capacity: 1 }],
  ];

  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_m, k: string) => made[k]);

  it('made the insiders’ records it tries to reach', () => {
    for (const k of [
      'person',
      'request',
      'complaint',
      'order',
      'certificate',
      'application',
      'decision',
      'importRun',
      'assessment',
      'appeal',
      'notice',
      'pending',
    ])
      expect(made[k], k).toBeTruthy();
  });

  it('refuses every read of a record outside the caller’s scope, which an insider may read', async () => {
    const crossings: string[] = [];
    for (const [user, url, insider] of READS) {
      const res = await as(user, 'GET', fill(url));
      if (res.statusCode < 400 || res.statusCode >= 500) crossings.push(`${user} GET ${url} → ${res.statusCode}`);
      const control = await as(insider, 'GET', fill(url));
      if (control.statusCode !== 200)
        crossings.push(`control: ${insider} GET ${url} → ${control.statusCode} (the record is not there to protect)`);
    }
    expect(crossings).toEqual([]);
  });

  it('refuses every write to a record outside the caller’s scope, and writes nothing', async () => {
    const seqBefore = await lastAuditSeq(d);
    const crossings: string[] = [];
    for (const [user, method, url, body] of WRITES) {
      const res = await as(user, method, fill(url), JSON.parse(fill(JSON.stringify(body))));
      if (res.statusCode < 400 || res.statusCode >= 500)
        crossings.push(`${user} ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(crossings).toEqual([]);
    expect(await lastAuditSeq(d)).toBe(seqBefore); // every change is audited: no entry, no change
  });

  it('keeps each official’s lists to their own city', async () => {
    for (const url of [
      '/api/projects',
      '/api/decisions?limit=1000',
      '/api/persons?limit=500',
      '/api/reviews',
      '/api/complaints',
      '/api/training-requests',
      '/api/job-orders',
      '/api/project-claims',
      '/api/integrity/cases',
      '/api/receivables',
      '/api/referrals',
      '/api/sanctions',
      '/api/appeals',
      '/api/persons/pending',
    ]) {
      const res = await as('wuxi', 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('"320100"');
      expect(res.body, url).not.toContain(NANJING_PROJECT);
    }
  });

  it('finds no one outside the caller’s scope in the person picker', async () => {
    const [insider] = await d.ctx.db.query<{ name: string }>('SELECT name FROM persons WHERE person_key = $1', [
      made.person,
    ]);
    const found = async (user: string) =>
      (await as(user, 'GET', `/api/persons/search?q=${encodeURIComponent(insider!.name)}`)).json() as {
        personKey: string;
      }[];
    expect((await found('nanjing')).map((p) => p.personKey)).toContain(made.person);
    expect((await found('wuxi')).map((p) => p.personKey)).not.toContain(made.person);
    expect((await found('pingjia2')).map((p) => p.personKey)).not.toContain(made.person);
  });

  it('refuses a device’s events for another institution’s class, and stores none', async () => {
    const reg = await as('wuxi', 'POST', '/api/devices', {
      deviceId: 'CARD-WX-CROSS',
      kind: 'card',
      institutionCode: '91320200374068122R',
      siteName: '无锡实训室',
      siteLat: 31.57,
      siteLon: 120.3,
    });
    expect(reg.statusCode).toBe(201);
    const [session] = await d.ctx.db.query<{ starts_at: Date }>(
      `SELECT starts_at FROM sessions WHERE project_code = $1 AND session_no = 1`,
      [NANJING_PROJECT],
    );
    const at = new Date(session.starts_at).toISOString();
    const res = await d.app.inject({
      method: 'POST',
      url: '/api/attendance/events',
      headers: { authorization: `Device ${reg.json().deviceId}:${reg.json().secret}` },
      payload: {
        events: [
          {
            project_code: NANJING_PROJECT,
            session_no: 1,
            id_number: XIELEI_ID,
            method: 'card',
            check_in_at: at,
            check_out_at: at,
          },
        ],
      },
    });
    expect(res.json().accepted).toBe(0);
    expect(res.json().rejected).toHaveLength(1);
  });

  it('shows a department its own sectors and key tasks only (also in the XLSX and monthly report), a city its own what-if and ledger', async () => {
    const kpi = (await as('gongxin', 'GET', '/api/kpi')).json() as { dimension: string; key: string }[];
    expect(kpi.length).toBeGreaterThan(0);
    expect(
      kpi.every(
        (r) => (r.dimension === 'sector' && r.key === 'manufacturing') || (r.dimension === 'key_task' && r.key === '1'),
      ),
    ).toBe(true);
    const market = (await as('gongxin', 'GET', '/api/labour-market')).json().rows as { sector: string }[];
    expect(market.length).toBeGreaterThan(0);
    expect(new Set(market.map((r) => r.sector))).toEqual(new Set(['manufacturing']));
    const sheet = await as('gongxin', 'GET', '/api/kpi.xlsx');
    expect(sheet.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const dims = new Set<string>();
    wb.worksheets[0].eachRow((row, n) => {
      if (n > 1) dims.add(`${row.getCell(2).text}:${row.getCell(3).text}`);
    });
    expect([...dims].every((k) => k === 'sector:manufacturing' || k === 'key_task:1')).toBe(true);
    expect((await as('gongxin', 'GET', '/api/reports/monthly?month=2026-11&city=320200')).json().cityCode).toBeNull();
    const whatIf = (
      await as('nanjing', 'POST', '/api/policies/what-if', {
        from: '2025-01-01',
        to: '2025-12-31',
        cityFactors: { '320100': '1.10' },
      })
    ).json();
    expect(whatIf.length).toBeGreaterThan(0);
    expect(whatIf.every((r: { cityCode: string }) => r.cityCode === '320100')).toBe(true);
    expect(
      (await as('province', 'POST', '/api/policies/what-if', { from: '2020-01-01', to: '2027-12-31' })).json().code,
    ).toBe('PERIOD_TOO_LONG');
    const ledger = (await as('wuxi', 'GET', '/api/ledger')).json();
    const [{ debit }] = await d.ctx.db.query<{ debit: number }>(
      `SELECT COALESCE(sum(debit_fen), 0)::bigint AS debit FROM ledger_entries WHERE city_code = '320200'`,
    );
    expect(ledger.balance.totalDebitFen).toBe(Number(debit));
    expect(ledger.lines.every((l: { cityCode: string }) => l.cityCode === '320200')).toBe(true);
  });
});

async function lastAuditSeq(d: DemoApp): Promise<number> {
  const [{ seq }] = await d.ctx.db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int AS seq FROM audit_log');
  return seq;
}
