import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/kernel/auth.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const actor = (a: Partial<Actor> & Pick<Actor, 'role' | 'username'>): Actor => ({
  userId: a.username,
  displayName: a.username,
  cityCode: null,
  institutionCode: null,
  enterpriseCode: null,
  personKey: null,
  sectors: [],
  keyTasks: [],
  ...a,
});
const NANJING = actor({ role: 'city_officer', username: 'nanjing', cityCode: '320100' });
const GONGXIN = actor({ role: 'department_officer', username: 'gongxin', sectors: ['manufacturing'], keyTasks: [1] });

const WUXI_ID = '320102199501159217'; // 董明轩, registered in Wuxi (320200)
const PERSONS = 'id_number,name,phone,city_code,groups,insured_months,insured_as_of';
const PROJECTS =
  'project_code,title,institution_credit_code,occupation_code,level,kind,key_task,city_code,start_date,end_date,fee_per_person';

function bundle(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.csv`), text);
  return dir;
}

describe('imports stay inside the importer’s scope, before and after each change', () => {
  let d: DemoApp;
  const one = async <T>(sql: string, params: unknown[] = []) => (await d.ctx.db.query<T>(sql, params))[0];
  beforeAll(async () => {
    d = await demoApp(['nanjing', 'province']);
  });
  afterAll(async () => {
    await d.close();
  });

  it('refuses a city officer’s row that moves another city’s person into their city; the good row of the file is imported', async () => {
    const dir = bundle({
      persons: `${PERSONS}\n${WUXI_ID},董明轩,13900000001,320100,G1,36,2026-06-30\n320311199409187319,谢磊,13900000002,320100,G2,18,2026-06-30\n`,
    });
    const r = await importBundle(d.ctx.db, dir, {
      actor: 'city_officer:nanjing',
      vault: d.ctx.vault,
      importer: NANJING,
    });
    expect(r.errors).toEqual([
      expect.objectContaining({
        line: 2,
        reason: 'OUT_OF_SCOPE',
        value: '320200',
        messageZh: expect.stringContaining('权限范围以外'),
        messageEn: expect.stringContaining('outside your scope'),
      }),
    ]);
    expect(r.files[0]).toMatchObject({ updated: 1, errors: 1 });
    const moved = await one<{ city_code: string; phone: string }>(
      'SELECT city_code, phone FROM persons WHERE person_key = $1',
      [d.ctx.vault.blindIndex(WUXI_ID)],
    );
    expect(moved).toEqual({ city_code: '320200', phone: '19575671752' });
  });

  it('refuses a city officer’s row for another city’s project, whatever city the row names, and leaves its fee alone', async () => {
    const dir = bundle({
      projects: `${PROJECTS}\nP000002,中式烹调师培训班,91320200374068122R,JS-0020,L5,project_based,6,320100,2025-09-23,2025-10-08,9999.00\nP000002,中式烹调师培训班,91320200374068122R,JS-0020,L5,project_based,6,320200,2025-09-23,2025-10-08,9999.00\n`,
    });
    const r = await importBundle(d.ctx.db, dir, {
      actor: 'city_officer:nanjing',
      vault: d.ctx.vault,
      importer: NANJING,
    });
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'OUT_OF_SCOPE'],
      [3, 'OUT_OF_SCOPE'],
    ]);
    expect(
      await one('SELECT city_code, fee_fen::int AS fee FROM projects WHERE project_code = $1', ['P000002']),
    ).toEqual({ city_code: '320200', fee: 0 });
  });

  it('keeps the catalogs the province’s: a city officer’s occupations and shortage files are refused whole', async () => {
    const dir = bundle({
      occupations: 'code,name,sector,category,has_levels\n6-18-02-04,焊工（被改）,manufacturing,C,true\n',
      shortage: 'occupation_code,valid_from,valid_to\n6-18-02-04,2020-01-01,\n',
    });
    const r = await importBundle(d.ctx.db, dir, {
      actor: 'city_officer:nanjing',
      vault: d.ctx.vault,
      importer: NANJING,
    });
    expect(r.errors.map((e) => [e.file, e.line, e.reason])).toEqual([
      ['occupations.csv', 1, 'OUT_OF_SCOPE'],
      ['shortage.csv', 1, 'OUT_OF_SCOPE'],
    ]);
    expect(await one('SELECT name, category FROM occupations WHERE code = $1', ['6-18-02-04'])).toEqual({
      name: '焊工',
      category: 'A',
    });
    expect(
      await one<{ n: number }>(`SELECT count(*)::int AS n FROM shortage_list WHERE valid_from = '2020-01-01'`),
    ).toEqual({ n: 0 });
  });

  it('lets a city register its institutions but not list, blacklist or make them evaluators', async () => {
    const header = 'credit_code,name,roles,type,city_code,listed_from,blacklisted_from';
    const dir = bundle({
      institutions: `${header}\n12320100914177769G,南京市第1职业技术学院,training,vocational_college,320100,2024-01-01,\n12320100706690744C,南京市第2职业技术学院,training,vocational_college,320100,2020-01-01,\n12320100914177769G,南京市第1职业技术学院,training,vocational_college,320100,2024-01-01,2026-01-01\n12320100914177769G,南京市第1职业技术学院,training;evaluation,vocational_college,320100,2024-01-01,\n`,
    });
    const r = await importBundle(d.ctx.db, dir, {
      actor: 'city_officer:nanjing',
      vault: d.ctx.vault,
      importer: NANJING,
    });
    expect(r.errors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, 'listed_from', 'OUT_OF_SCOPE'],
      [4, 'blacklisted_from', 'OUT_OF_SCOPE'],
      [5, 'roles', 'OUT_OF_SCOPE'],
    ]);
    expect(await one('SELECT roles FROM institutions WHERE credit_code = $1', ['12320100914177769G'])).toEqual({
      roles: ['training'],
    });
    expect(
      await one('SELECT listed_from::text AS l FROM institutions WHERE credit_code = $1', ['12320100706690744C']),
    ).toEqual({ l: '2024-01-01' });
  });

  it('lets a department import only its own sector’s projects, and no person file', async () => {
    const dir = bundle({
      persons: `${PERSONS}\n320311199409187319,谢磊,13900000003,320100,G2,18,2026-06-30\n`,
      // P000001 welding (manufacturing, key task 1): ours. P000002 cooking (life services, key task 6): not ours.
      projects: `${PROJECTS}\nP000001,焊工培训班（部门）,12320100914177769G,6-18-02-04,L5,employment_skills,1,320100,2025-10-07,2025-10-22,1500.00\nP000002,中式烹调师培训班,91320200374068122R,JS-0020,L5,project_based,6,320200,2025-09-23,2025-10-08,9999.00\n`,
    });
    const r = await importBundle(d.ctx.db, dir, {
      actor: 'department_officer:gongxin',
      vault: d.ctx.vault,
      importer: GONGXIN,
    });
    expect(r.errors.map((e) => [e.file, e.line, e.reason])).toEqual([
      ['persons.csv', 1, 'OUT_OF_SCOPE'],
      ['projects.csv', 3, 'OUT_OF_SCOPE'],
    ]);
    expect(await one('SELECT title FROM projects WHERE project_code = $1', ['P000001'])).toEqual({
      title: '焊工培训班（部门）',
    });
  });

  it('refuses session and attendance rows of another city’s project, and certificates or applications of another city’s person', async () => {
    const dir = bundle({
      sessions:
        'project_code,session_no,starts_at,ends_at,site_lat,site_lon\nP000002,1,2025-09-23T09:00:00+08:00,2025-09-23T17:00:00+08:00,,\n',
      certificates: `certificate_no,id_number,occupation_code,kind,level,issued_on,evaluator_credit_code,project_code\nC-SCOPE-1,${WUXI_ID},JS-0020,skill_level,L5,2025-10-20,12320100914177769G,\n`,
      applications: `application_id,id_number,type,certificate_no,project_code,applied_on\nA-SCOPE-1,${WUXI_ID},training,C-SCOPE-1,,2025-10-21\n`,
    });
    const r = await importBundle(d.ctx.db, dir, {
      actor: 'city_officer:nanjing',
      vault: d.ctx.vault,
      importer: NANJING,
    });
    expect(r.errors.map((e) => [e.file, e.reason])).toEqual([
      ['sessions.csv', 'OUT_OF_SCOPE'],
      ['certificates.csv', 'OUT_OF_SCOPE'],
      ['applications.csv', 'OUT_OF_SCOPE'],
    ]);
    expect(
      await one<{ n: number }>(`SELECT count(*)::int AS n FROM certificates WHERE certificate_no = 'C-SCOPE-1'`),
    ).toEqual({ n: 0 });
  });

  it('goes through the same policy when a city officer uploads through the web', async () => {
    const boundary = 'x-scope-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="persons.csv"\r\nContent-Type: text/csv\r\n\r\n${PERSONS}\n${WUXI_ID},董明轩,13900000009,320100,G1,36,2026-06-30\n\r\n--${boundary}--\r\n`;
    const token = d.token('nanjing');
    const res = await d.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(202);
    const { runId } = res.json();
    for (let i = 0; i < 100; i++) {
      if ((await d.call('nanjing', 'GET', `/api/imports/${runId}`)).json().status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const errors = await d.ctx.db.query<{ reason: string }>('SELECT reason FROM import_errors WHERE run_id = $1', [
      runId,
    ]);
    expect(errors).toEqual([{ reason: 'OUT_OF_SCOPE' }]);
    expect(await one('SELECT city_code FROM persons WHERE person_key = $1', [d.ctx.vault.blindIndex(WUXI_ID)])).toEqual(
      { city_code: '320200' },
    );
  });
});
