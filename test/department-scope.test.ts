import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOfUser, createUser } from '../src/modules/accounts/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * A department officer (`gongxin`: 先进制造业, key task 1) imports and reads only projects of its
 * sectors or key tasks (kernel/scope.ts): a project is its by the occupation's sector or by the
 * project's key task — on import rows, in the project list and its export, and on a project's page.
 */
const PROJECTS =
  'project_code,title,institution_credit_code,occupation_code,level,kind,key_task,city_code,start_date,end_date,fee_per_person';
const NANJING_INSTITUTION = '12320100914177769G';

function bundle(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dept-scope-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.csv`), text);
  return dir;
}

describe('a department imports and reads its sectors and key tasks only', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['gongxin', 'province', 'jiuye']);
    const gongxin = (await actorOfUser(d.ctx.db, 'gongxin'))!;
    const dir = bundle({
      projects: [
        PROJECTS,
        // welding (manufacturing): in by sector
        `PD-SECTOR,焊工培训班（工信）,${NANJING_INSTITUTION},6-18-02-04,L5,employment_skills,1,320100,2026-12-01,2026-12-20,1500.00`,
        // cooking (life services) under key task 1: in by key task
        `PD-TASK,中式烹调师培训班（先进制造业配套）,${NANJING_INSTITUTION},JS-0020,L5,employment_skills,1,320100,2026-12-01,2026-12-20,1200.00`,
        // cooking under key task 6: neither the sector nor the key task is gongxin's
        `PD-OUT,中式烹调师培训班（越权）,${NANJING_INSTITUTION},JS-0020,L5,employment_skills,6,320100,2026-12-01,2026-12-20,1200.00`,
        // an existing life-services project (key task 6), pulled into key task 1: a change outside its scope
        `P000002,中式烹调师培训班,91320200374068122R,JS-0020,L5,project_based,1,320200,2025-09-23,2025-10-08,0.00`,
      ].join('\n'),
      sessions: [
        'project_code,session_no,starts_at,ends_at,site_lat,site_lon',
        'PD-TASK,1,2026-12-01T09:00:00+08:00,2026-12-01T12:00:00+08:00,,',
        'P000002,9,2025-09-30T09:00:00+08:00,2025-09-30T12:00:00+08:00,,',
      ].join('\n'),
    });
    result = await importBundle(d.ctx.db, dir, {
      actor: 'department_officer:gongxin',
      vault: d.ctx.vault,
      importer: gongxin,
    });
  });
  afterAll(async () => {
    await d?.close();
  });
  let result: Awaited<ReturnType<typeof importBundle>>;

  it('imports the rows of its sector and of its key task, and refuses the others per row with the sector and key task in words', async () => {
    expect(result.errors.map((e) => [e.file, e.line, e.column, e.reason])).toEqual([
      ['projects.csv', 4, 'occupation_code', 'OUT_OF_SCOPE'],
      ['projects.csv', 5, 'occupation_code', 'OUT_OF_SCOPE'],
      ['sessions.csv', 3, 'project_code', 'OUT_OF_SCOPE'],
    ]);
    const [out, moved] = result.errors;
    expect(out.messageZh).toContain('生活服务');
    expect(out.messageZh).toContain('先进制造业');
    expect(out.messageZh).toContain('未导入');
    expect(out.messageEn).toContain('outside your scope');
    expect(out.messageZh).not.toMatch(/life_services|manufacturing/); // names, not codes
    expect(moved.messageZh).toContain('不能通过导入修改');
    expect(result.files.map((f) => [f.file, f.inserted, f.errors])).toEqual([
      ['projects.csv', 2, 2],
      ['sessions.csv', 1, 1],
    ]);
    const rows = await d.ctx.db.query<{ project_code: string; key_task: number }>(
      `SELECT project_code, key_task FROM projects WHERE project_code IN ('PD-SECTOR','PD-TASK','PD-OUT','P000002') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { project_code: 'P000002', key_task: 6 },
      { project_code: 'PD-SECTOR', key_task: 1 },
      { project_code: 'PD-TASK', key_task: 1 },
    ]);
  });

  it('lists and exports its sector’s and its key task’s projects, not the others', async () => {
    const codes = async (q: string) =>
      (
        (await d.call('gongxin', 'GET', `/api/projects?q=${encodeURIComponent(q)}&pageSize=200`)).json().items as {
          project_code: string;
        }[]
      ).map((p) => p.project_code);
    expect(await codes('PD-')).toEqual(expect.arrayContaining(['PD-SECTOR', 'PD-TASK']));
    expect(await codes('中式烹调师')).toEqual(['PD-TASK']);
    const all = (await d.call('gongxin', 'GET', '/api/projects?pageSize=200')).json();
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM projects p JOIN occupations o ON o.code = p.occupation_code
       WHERE o.sector = 'manufacturing' OR p.key_task = 1`,
    );
    expect(all.total).toBe(n);
    const xlsx = await d.call('gongxin', 'GET', '/api/projects.xlsx?q=PD-');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.includes(Buffer.from('PD-OUT'))).toBe(false);
  });

  it('opens a project of its key task, and refuses one of neither with OUT_OF_SCOPE', async () => {
    expect((await d.call('gongxin', 'GET', '/api/projects/PD-TASK')).statusCode).toBe(200);
    expect((await d.call('gongxin', 'GET', '/api/projects/PD-TASK/employment')).statusCode).toBe(200);
    const refused = await d.call('gongxin', 'GET', '/api/projects/P000002');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('OUT_OF_SCOPE');
    expect((await d.call('province', 'GET', '/api/projects/P000002')).statusCode).toBe(200);
  });
});

describe('a department publishes the directories it owns, and only those', () => {
  let d: DemoApp;
  const versions = async (name: string) =>
    ((await d.call('', 'GET', `/api/directories/${name}`)).json().versions as unknown[]).length;
  const publish = (
    user: string,
    name: string,
    entries: object[] = [{ code: 'U1', name: '某单位', cityCode: '320100' }],
  ) => d.call(user, 'POST', `/api/directories/${name}/publish`, { effectiveFrom: '2027-01-01', entries });
  beforeAll(async () => {
    d = await demoApp(['gongxin', 'jiuye', 'province']);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('lets 就业促进处 publish its internship-unit directory, audited under its name', async () => {
    const before = await versions('internship_units');
    const res = await publish('jiuye', 'internship_units', [
      { code: 'JX-1', name: '南京某就业见习基地', cityCode: '320100' },
      { code: 'JX-2', name: '无锡某就业见习基地', cityCode: '320200' },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ directory: 'internship_units', version: before + 1, entries: 2 });
    const [audit] = await d.ctx.db.query<{ actor: string; entity_id: string }>(
      `SELECT actor, entity_id FROM audit_log WHERE action = 'directory.publish' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit).toEqual({ actor: 'department_officer:jiuye', entity_id: `internship_units#${before + 1}` });
  });

  it('refuses it another department’s directory, a derived one and the shortage list; gongxin owns none; nothing is published', async () => {
    const counts = async () =>
      Promise.all(['technical_school_enrolment', 'training_institutions', 'internship_units'].map(versions));
    const was = await counts();
    for (const [user, name] of [
      ['jiuye', 'technical_school_enrolment'],
      ['jiuye', 'training_institutions'],
      ['gongxin', 'internship_units'],
    ]) {
      const res = await publish(user, name);
      expect(res.statusCode, `${user} ${name}`).toBe(403);
      expect(res.json()).toMatchObject({ code: 'NOT_YOUR_DIRECTORY', message: expect.stringContaining('本部门负责') });
      expect(res.json().message_en).toContain('own');
      expect(res.json().message).not.toContain(name); // the directory by its name, not its code
    }
    expect(
      (await d.call('jiuye', 'POST', '/api/shortage-list', { effectiveFrom: '2027-01-01', occupations: [] }))
        .statusCode,
    ).toBe(403);
    expect(await counts()).toEqual(was);
  });

  it('gives directories to department accounts only, and only the departments’ own', async () => {
    const base = { displayName: '某部门', password: 'Dept-Test-Password-9!' };
    await expect(
      createUser(d.ctx.db, 'test', {
        ...base,
        username: 'bad1',
        role: 'department_officer',
        directories: ['training_institutions'],
      }),
    ).rejects.toMatchObject({ code: 'NOT_A_DEPARTMENT_DIRECTORY' });
    await expect(
      createUser(d.ctx.db, 'test', {
        ...base,
        username: 'bad2',
        role: 'city_officer',
        cityCode: '320100',
        directories: ['internship_units'],
      }),
    ).rejects.toMatchObject({ code: 'NOT_A_DEPARTMENT_DIRECTORY' });
    const me = (await d.call('jiuye', 'GET', '/api/me')).json();
    expect(me.directories).toEqual(['internship_units', 'hr_service_agencies']);
  });
});
