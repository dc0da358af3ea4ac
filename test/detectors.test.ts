import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { importBundle } from '../src/modules/interchange/index.ts';
import { runDetectors } from '../src/modules/integrity/index.ts';
import { creditCheckChar, idCheckChar } from '../src/modules/registry/index.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import { buildApp } from '../src/composition/app.ts';
import { Rng } from '../src/synthetic/rng.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

const id = (n: number) => {
  const f = `32010219900101${String(n).padStart(3, '0')}`;
  return f + idCheckChar(f);
};
const credit = (n: number) => {
  const f = `52320100MA00000${String(n).padStart(2, '0')}`;
  return f + creditCheckChar(f);
};
const T = (day: number, h: number, m: number, s = 0) =>
  `2025-06-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}+08:00`;
const NJ = [32.06, 118.79];
const XZ = [34.2, 117.28]; // ≈ 280 km from Nanjing
const ZJ = [32.19, 119.42]; // ≈ 60 km from Nanjing

/** A small hand-made world: each detector gets one planted case and one near miss. */
function world(dir: string) {
  const w = (f: string, rows: (string | number | null)[][]) =>
    fs.writeFileSync(path.join(dir, f), rows.map((r) => r.map((c) => c ?? '').join(',')).join('\n') + '\n');
  w('institutions.csv', [
    ['credit_code', 'name', 'roles', 'type', 'city_code', 'listed_from', 'blacklisted_from'],
    [credit(1), '甲培训学校', 'training', 'private', '320100', '2024-01-01', null],
    [credit(2), '乙培训学校', 'training', 'private', '320100', '2024-01-01', null],
    [credit(3), '丙评价中心', 'evaluation', 'private', '320100', '2024-01-01', null],
    [credit(4), '丁评价中心', 'evaluation', 'private', '320100', '2024-01-01', null],
  ]);
  w('persons.csv', [
    ['id_number', 'name', 'phone', 'city_code', 'groups', 'insured_months', 'insured_as_of'],
    ...Array.from({ length: 16 }, (_, i) => [
      id(i),
      `学员${i}`,
      `1390000${String(i).padStart(4, '0')}`,
      '320100',
      'G3',
      0,
      '2026-06-30',
    ]),
    [id(16), '学员15', '13900000015', '320100', 'G3', 0, '2026-06-30'], // same name, birth date and phone as 15: planted duplicate
    [id(17), '学员15', '13900000099', '320100', 'G3', 0, '2026-06-30'],
  ]); // same name and birth date, other phone: near miss
  w('enterprises.csv', [
    ['credit_code', 'name', 'city_code', 'sector', 'chain_leader'],
    [credit(2), '乙培训学校', '320100', 'manufacturing', 'false'],
  ]);
  w('employment.csv', [
    ['id_number', 'employer_credit_code', 'start_date', 'end_date', 'contract_months'],
    [id(8), credit(2), '2025-01-01', null, 36], // staff of PB's institution while in PB: planted
    [id(9), credit(2), '2025-01-01', '2025-06-10', 6],
  ]); // left before PC started: near miss
  const project = (code: string, inst: number, start: string, end: string) => [
    code,
    `${code}班`,
    credit(inst),
    '6-18-02-04',
    'L4',
    'employment_skills',
    1,
    '320100',
    start,
    end,
    '1000.00',
  ];
  w('projects.csv', [
    [
      'project_code',
      'title',
      'institution_credit_code',
      'occupation_code',
      'level',
      'kind',
      'key_task',
      'city_code',
      'start_date',
      'end_date',
      'fee_per_person',
    ],
    project('PA', 1, '2025-06-01', '2025-06-10'),
    project('PB', 2, '2025-06-05', '2025-06-15'),
    project('PC', 2, '2025-06-20', '2025-06-30'),
    project('PX', 1, '2025-06-01', '2025-06-10'),
  ]);
  const sessions: (string | number)[][] = [
    ['project_code', 'session_no', 'starts_at', 'ends_at', 'site_lat', 'site_lon'],
  ];
  for (let d = 1; d <= 10; d++) sessions.push(['PA', d, T(d, 9, 0), T(d, 12, 0), NJ[0], NJ[1]]);
  sessions.push(['PX', 1, T(1, 13, 0), T(1, 16, 0), XZ[0], XZ[1]], ['PX', 2, T(2, 13, 0), T(2, 16, 0), ZJ[0], ZJ[1]]);
  w('sessions.csv', sessions);
  w('enrolments.csv', [
    ['project_code', 'id_number', 'enrolled_on'],
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => ['PA', id(i), '2025-05-20']),
    ['PB', id(8), '2025-05-20'],
    ['PA', id(8), '2025-05-20'], // overlapping at two institutions: planted
    ['PC', id(9), '2025-06-15'],
    ['PA', id(9), '2025-05-20'],
  ]); // sequential: near miss
  const att: (string | number | null)[][] = [
    [
      'project_code',
      'session_no',
      'id_number',
      'check_in_at',
      'check_out_at',
      'method',
      'face_score',
      'lat',
      'lon',
      'device_id',
    ],
  ];
  for (let d = 1; d <= 10; d++) {
    const at = (seconds: number) => T(d, Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60);
    const natural = (k: number, h: number, m: number) =>
      h * 3600 + m * 60 + Math.round(new Rng(d * 1000 + k).uniform(-540, 540)); // honest: −9…+9 min, any second
    const card = (n: number, inAt: number, outAt: number) =>
      att.push(['PA', d, id(n), at(inAt), at(outAt), 'card', null, null, null, 'C1']);
    att.push([
      'PA',
      d,
      id(0),
      at(natural(0, 8, 50)),
      at(natural(100, 12, 5)),
      'face_terminal',
      0.912,
      null,
      null,
      'T1',
    ]); // ghost: planted
    att.push([
      'PA',
      d,
      id(1),
      at(natural(1, 8, 50)),
      at(natural(101, 12, 5)),
      'face_terminal',
      [0.91, 0.88, 0.93, 0.9, 0.95, 0.89, 0.92, 0.87, 0.94, 0.9][d - 1],
      null,
      null,
      'T1',
    ]); // a natural face: near miss
    card(2, natural(2, 8, 50), natural(102, 12, 5)); // synchronized pair: planted (4–13 s apart every session)
    card(3, natural(2, 8, 50) + 3 + d, natural(103, 12, 5));
    card(4, natural(4, 8, 50), natural(104, 12, 5)); // together in 4 of 10 sessions: near miss
    card(5, d <= 4 ? natural(4, 8, 50) + 5 : natural(5, 8, 50), natural(105, 12, 5));
    card(12, 8 * 3600 + 57 * 60 + 30, 12 * 3600 + 30); // too perfect: planted
    card(13, 8 * 3600 + 30 * 60 + ((d * 97) % 360) - 180, 12 * 3600 + ((d * 53) % 240) - 120); // steady but human (±3 min): near miss
  }
  att.push(
    ['PA', 1, id(6), T(1, 8, 58), T(1, 12, 0), 'card', null, null, null, 'C1'],
    ['PX', 1, id(6), T(1, 12, 59), T(1, 16, 0), 'card', null, null, null, 'C9'],
  ); // Nanjing → Xuzhou in 1 h: planted
  att.push(
    ['PA', 2, id(7), T(2, 8, 58), T(2, 12, 0), 'card', null, null, null, 'C1'],
    ['PX', 2, id(7), T(2, 12, 59), T(2, 16, 0), 'card', null, null, null, 'C9'],
  ); // Nanjing → Zhenjiang in 1 h: near miss
  att.push(
    ['PA', 1, id(14), T(1, 8, 58), T(1, 12, 0), 'mobile_app', 0.9, NJ[0], NJ[1], 'PH1'],
    ['PA', 2, id(15), T(2, 8, 58), T(2, 12, 0), 'mobile_app', 0.88, NJ[0], NJ[1], 'PH1'],
  ); // one phone, two people: planted
  att.push(
    ['PA', 3, id(14), T(3, 8, 58), T(3, 12, 0), 'mobile_app', 0.9, NJ[0], NJ[1], 'PH2'],
    ['PA', 4, id(14), T(4, 8, 58), T(4, 12, 0), 'mobile_app', 0.91, NJ[0], NJ[1], 'PH2'],
  ); // one phone, one person: near miss
  w('attendance.csv', att);
  const certs: (string | number | null)[][] = [
    [
      'certificate_no',
      'id_number',
      'occupation_code',
      'kind',
      'level',
      'issued_on',
      'evaluator_credit_code',
      'project_code',
    ],
  ];
  for (let i = 0; i < 40; i++)
    certs.push([
      `Y1${String(i).padStart(21, '0')}`,
      id(i % 12),
      '6-18-02-04',
      'training',
      null,
      '2025-07-01',
      credit(3),
      null,
    ]); // mill: planted
  for (let d = 0; d < 20; d++)
    certs.push([
      `Y2${String(d).padStart(21, '0')}`,
      id(d % 12),
      '6-18-02-04',
      'training',
      null,
      `2025-07-${String(d + 1).padStart(2, '0')}`,
      credit(4),
      null,
    ]);
  for (let i = 0; i < 25; i++)
    certs.push([
      `Y3${String(i).padStart(21, '0')}`,
      id(i % 12),
      '6-18-02-04',
      'training',
      null,
      '2025-08-01',
      credit(4),
      null,
    ]); // busy day under the floor: near miss
  w('certificates.csv', certs);
}

describe('integrity detectors: one planted case caught, one near miss left alone', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let cases: {
    detector: string;
    subject_kind: string;
    subject_key: string;
    project_code: string;
    evidence: Record<string, unknown>;
  }[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-detect-'));
  const key = (n: number) => ctx.vault.blindIndex(id(n));
  beforeAll(async () => {
    ctx = await testContext();
    world(dir);
    const r = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
    expect(r.errors).toEqual([]);
    // Assessment results: credit(3) passes 25 of 25 (planted: 3.4 standard deviations above the peers' median 68 %),
    // E6 passes 24 of 25 = 96 % (near miss); peers pass 60–68 %.
    const results: [string, number][] = [
      [credit(3), 25],
      [credit(4), 17],
      ['E5', 16],
      ['E6', 24],
      ['E7', 15],
    ];
    for (const [evaluator, passed] of results) {
      for (let a = 0; a < 3; a++) {
        const aid = `00000000-0000-4000-8000-${String(results.findIndex(([e]) => e === evaluator) * 10 + a).padStart(12, '0')}`;
        await ctx.db.query(
          `INSERT INTO assessments (id, evaluator_code, occupation_code, kind, level, scheduled_on, status, created_by, created_at) VALUES ($1,$2,'6-18-02-04','skill_level','L4','2025-07-01','done','test',now())`,
          [aid, evaluator],
        );
        for (let k = 0; k < (a < 2 ? 12 : 1); k++) {
          const idx = a * 12 + k;
          await ctx.db.query(
            'INSERT INTO assessment_candidates (assessment_id, person_key, passed) VALUES ($1,$2,$3)',
            [aid, key(k), idx < passed],
          );
        }
      }
    }
    // Face templates come from devices only (not the standard): FT-SHARED matched for two trainees (planted); FT-OWN for one, twice (near miss).
    for (const [n, session, template] of [
      [10, 1, 'FT-SHARED'],
      [11, 2, 'FT-SHARED'],
      [10, 3, 'FT-OWN'],
      [10, 4, 'FT-OWN'],
    ] as const) {
      await ctx.db.query(
        `INSERT INTO attendance (project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, device_id, face_template)
        VALUES ('PA', $1, $2, $3, $4, 'face_terminal', 0.9, 'T1', $5)`,
        [session, key(n), T(session, 8, 59), T(session, 12, 0), template],
      );
    }
    await runDetectors(ctx.db);
    expect(await runDetectors(ctx.db)).toEqual({
      GHOST_CONSTANT_FACE: 0,
      SYNCHRONIZED_CHECKINS: 0,
      IMPOSSIBLE_TRAVEL: 0,
      MULTI_INSTITUTION_CLAIM: 0,
      CERTIFICATE_MILL: 0,
      EVALUATOR_PASS_RATE: 0,
      SHARED_DEVICE: 0,
      SHARED_FACE_TEMPLATE: 0,
      TOO_PERFECT_ATTENDANCE: 0,
      FABRICATED_CLASS: 0,
      STAFF_AS_TRAINEE: 0,
      DUPLICATE_PERSON: 0,
      TRAINEE_DENIED: 0,
      EMPLOYER_DENIED: 0,
      NOT_CONFIRMED: 0,
      PUBLIC_OBJECTION: 0,
      ONLINE_SHARED_FACE_DEVICE: 0,
      ONLINE_NO_SLEEP: 0,
      ONLINE_DURING_CLASS: 0,
      ONLINE_ROBOTIC_HEARTBEATS: 0,
      ONLINE_COPIED_QUIZ: 0,
    });
    cases = await ctx.db.query(
      'SELECT detector, subject_kind, subject_key, project_code, evidence FROM integrity_cases',
    );
  });
  afterAll(async () => {
    await ctx.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const of = (d: string) => cases.filter((c) => c.detector === d);

  it('GHOST_CONSTANT_FACE', () => {
    expect(of('GHOST_CONSTANT_FACE').map((c) => c.subject_key)).toEqual([key(0)]);
    expect(of('GHOST_CONSTANT_FACE')[0].evidence).toMatchObject({
      records: 10,
      face_score_sd: 0,
      p_value: 0,
      false_positive_risk: 0,
    });
  });
  it('SYNCHRONIZED_CHECKINS', () =>
    expect(of('SYNCHRONIZED_CHECKINS').map((c) => c.subject_key)).toEqual([[key(2), key(3)].sort().join('|')]));
  it('IMPOSSIBLE_TRAVEL', () => {
    expect(of('IMPOSSIBLE_TRAVEL').map((c) => c.subject_key)).toEqual([key(6)]);
    expect(Number(of('IMPOSSIBLE_TRAVEL')[0].evidence.km)).toBeGreaterThan(200);
  });
  it('MULTI_INSTITUTION_CLAIM', () =>
    expect(of('MULTI_INSTITUTION_CLAIM').map((c) => c.subject_key)).toEqual([key(8)]));
  it('CERTIFICATE_MILL', () => expect(of('CERTIFICATE_MILL').map((c) => c.subject_key)).toEqual([credit(3)]));
  it('EVALUATOR_PASS_RATE', () =>
    expect(of('EVALUATOR_PASS_RATE').map((c) => [c.subject_key, c.evidence.candidates, c.evidence.passed])).toEqual([
      [credit(3), 25, 25],
    ]));
  it('SHARED_FACE_TEMPLATE', () =>
    expect(of('SHARED_FACE_TEMPLATE').map((c) => [c.subject_key, c.evidence.persons])).toEqual([['FT-SHARED', 2]]));
  it('SHARED_DEVICE', () =>
    expect(of('SHARED_DEVICE').map((c) => [c.subject_key, c.evidence.persons])).toEqual([['PH1', 2]]));
  it('TOO_PERFECT_ATTENDANCE', () => expect(of('TOO_PERFECT_ATTENDANCE').map((c) => c.subject_key)).toEqual([key(12)]));
  it('STAFF_AS_TRAINEE', () =>
    expect(of('STAFF_AS_TRAINEE').map((c) => [c.subject_key, c.project_code])).toEqual([[key(8), 'PB']]));
  it('DUPLICATE_PERSON', () =>
    expect(of('DUPLICATE_PERSON').map((c) => c.subject_key)).toEqual([[key(15), key(16)].sort().join('|')]));

  it('officials confirm or dismiss with a finding; precision per detector follows', async () => {
    await createUser(ctx.db, 'test', {
      username: 'prov',
      displayName: 'p',
      password: 'Jineng@2025',
      role: 'province_admin',
    });
    const app: FastifyInstance = await buildApp(ctx);
    const token = await bearerToken(app, 'prov', 'Jineng@2025');
    const h = { authorization: `Bearer ${token}` };
    const list = (await app.inject({ method: 'GET', url: '/api/integrity/cases?status=open', headers: h })).json()
      .items;
    expect(list.length).toBe(11);
    // The list pages on the server, and narrows by detector: the total always counts every match.
    const get = async (q: string) =>
      (await app.inject({ method: 'GET', url: `/api/integrity/cases?${q}`, headers: h })).json();
    expect(await get('status=open&limit=2')).toMatchObject({ total: 11, items: [list[0], list[1]] });
    expect((await get('status=open&limit=2&offset=10')).items).toEqual([list[10]]);
    const ghosts = await get('detector=GHOST_CONSTANT_FACE&limit=100');
    expect(ghosts.items.every((c: { detector: string }) => c.detector === 'GHOST_CONSTANT_FACE')).toBe(true);
    expect(ghosts.total).toBe(list.filter((c: { detector: string }) => c.detector === 'GHOST_CONSTANT_FACE').length);
    expect(list[0].explanation.zh).toBeTruthy();
    const ghost = list.find((c: { detector: string }) => c.detector === 'GHOST_CONSTANT_FACE');
    const mill = list.find((c: { detector: string }) => c.detector === 'CERTIFICATE_MILL');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/integrity/cases/${ghost.id}`,
          headers: h,
          payload: { status: 'confirmed', finding: '' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/integrity/cases/${ghost.id}`,
          headers: h,
          payload: { status: 'confirmed', finding: '现场核查：照片打卡' },
        })
      ).json().status,
    ).toBe('confirmed');
    await app.inject({
      method: 'POST',
      url: `/api/integrity/cases/${mill.id}`,
      headers: h,
      payload: { status: 'dismissed', finding: '集中考核日，属正常' },
    });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/integrity/cases/${ghost.id}`,
          headers: h,
          payload: { status: 'dismissed', finding: '再次' },
        })
      ).json().code,
    ).toBe('CASE_CLOSED');
    const precision = (await app.inject({ method: 'GET', url: '/api/integrity/precision', headers: h })).json();
    expect(precision.find((p: { detector: string }) => p.detector === 'GHOST_CONSTANT_FACE')).toMatchObject({
      confirmed: 1,
      precision: 1,
    });
    expect(precision.find((p: { detector: string }) => p.detector === 'CERTIFICATE_MILL')).toMatchObject({
      dismissed: 1,
      precision: 0,
    });
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(precision.find((p: { detector: string }) => p.detector === 'GHOST_CONSTANT_FACE').months).toEqual([
      { month, confirmed: 1, dismissed: 0, precision: 1 },
    ]);

    // Credit falls by the confirmed cases in the institution's projects; the sanction follows.
    const sync = list.find((c: { detector: string }) => c.detector === 'SYNCHRONIZED_CHECKINS');
    const rating = async () =>
      (await app.inject({ method: 'GET', url: '/api/institutions-ratings', headers: h }))
        .json()
        .find((r: { creditCode: string }) => r.creditCode === credit(1));
    expect(await rating()).toMatchObject({ credit: 90, confirmedCases: 1, recommendedSanction: 'none' });
    await app.inject({
      method: 'POST',
      url: `/api/integrity/cases/${sync.id}`,
      headers: h,
      payload: { status: 'confirmed', finding: '监控显示一人刷两卡' },
    });
    const r = await rating();
    expect(r).toMatchObject({ credit: 80, recommendedSanction: 'warning' });
    expect(r.stars).toBeGreaterThanOrEqual(1);
    expect(r.stars).toBeLessThanOrEqual(5);
    expect(r.components.integrity).toBeGreaterThan(0);
    const removal = await app.inject({
      method: 'POST',
      url: `/api/institutions/${credit(1)}/sanction`,
      headers: h,
      payload: { sanction: 'removal', reason: '信用分低于要求' },
    });
    expect(removal.statusCode).toBe(200);
    const [inst] = await ctx.db.query('SELECT listed_from FROM institutions WHERE credit_code = $1', [credit(1)]);
    expect(inst).toEqual({ listed_from: null });
    const [audit] = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'institution' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
      [credit(1)],
    );
    expect(audit.action).toBe('institution.sanction.removal');
    await app.close();
  });
});
