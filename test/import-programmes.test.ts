import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUNDLE } from '../src/composition/demo.ts';
import { actorOfUser } from '../src/modules/accounts/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * The projects file's optional `programmes` column (Jineng's extension, docs/import-files.md):
 * programme codes or names tag the project; an unknown programme refuses its row only; without
 * the column a projects file imports as before and leaves the tags alone.
 */
const HEADER =
  'project_code,title,institution_credit_code,occupation_code,level,kind,key_task,city_code,start_date,end_date,fee_per_person';
const P1 =
  'P000001,焊工培训班,12320100914177769G,6-18-02-04,L5,employment_skills,1,320100,2025-10-07,2025-10-22,1500.00';
const P2 = 'P000002,中式烹调师培训班,91320200374068122R,JS-0020,L5,project_based,6,320200,2025-09-23,2025-10-08,0.00';
const P3 = 'P000003,养老护理员培训班,91320300690736620Y,JS-0016,L4,project_based,6,320300,2025-02-17,2025-03-07,0.00';

describe('projects.csv programmes column', () => {
  let d: DemoApp;
  const bundle = (csv: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programmes-import-'));
    fs.writeFileSync(path.join(dir, 'projects.csv'), csv);
    return dir;
  };
  const tags = async (project: string) =>
    (
      await d.ctx.db.query<{ programme_code: string }>(
        'SELECT programme_code FROM project_programmes WHERE project_code = $1 ORDER BY 1',
        [project],
      )
    ).map((r) => r.programme_code);
  const audits = async () =>
    (await d.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'project.tags'`))[0]!
      .n;

  beforeAll(async () => {
    d = await demoApp([]);
  }, 180_000);
  afterAll(() => d.close());

  it('tags the good rows by code or name, refuses an unknown programme in both languages, keeps the rest', async () => {
    const before = await audits();
    const result = await importBundle(
      d.ctx.db,
      bundle(
        `${HEADER},programmes\n${P1},million_youth;以工代训\n${P2},million_youth;no_such_programme\n${P3},elderly_care\n`,
      ),
      { actor: 'test', vault: d.ctx.vault },
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: 'projects.csv',
        line: 3,
        column: 'programmes',
        reason: 'UNKNOWN_PROGRAMME',
        value: 'million_youth;no_such_programme',
        messageZh: 'programmes：没有专项计划 no_such_programme',
        messageEn: 'programmes: no programme no_such_programme',
      }),
    ]);
    expect(await tags('P000001')).toEqual(['million_youth', 'work_for_training']);
    expect(await tags('P000002')).toEqual([]);
    expect(await tags('P000003')).toEqual(['elderly_care']);
    expect(await audits()).toBe(before + 2);
    const [entry] = await d.ctx.db.query<{ actor: string; before: unknown; after: unknown }>(
      `SELECT actor, before, after FROM audit_log WHERE action = 'project.tags' AND entity_id = 'P000001' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry).toEqual({
      actor: 'test',
      before: { programmes: [], carriers: [] },
      after: { programmes: ['million_youth', 'work_for_training'], carriers: [] },
    });
    // The same file again changes nothing and audits nothing.
    await importBundle(d.ctx.db, bundle(`${HEADER},programmes\n${P1},work_for_training;million_youth\n`), {
      actor: 'test',
      vault: d.ctx.vault,
    });
    expect(await audits()).toBe(before + 2);
  });

  it('the example bundle’s projects file, without the column, imports exactly as before and leaves the tags alone', async () => {
    const tagged = await tags('P000001');
    const before = await audits();
    const example = bundle(fs.readFileSync(path.join(DEMO_BUNDLE, 'projects.csv'), 'utf8'));
    const result = await importBundle(d.ctx.db, example, { actor: 'test', vault: d.ctx.vault });
    expect(result.errorCount).toBe(0);
    const projects = result.files.find((f) => f.file === 'projects.csv')!;
    expect(projects).toMatchObject({ errors: 0, inserted: 0, updated: 0, warnings: [] });
    expect(projects.unchanged).toBe(projects.rows);
    expect(await tags('P000001')).toEqual(tagged);
    // An empty cell leaves the tags too.
    await importBundle(d.ctx.db, bundle(`${HEADER},programmes\n${P1},\n`), { actor: 'test', vault: d.ctx.vault });
    expect(await tags('P000001')).toEqual(tagged);
    expect(await audits()).toBe(before);
  });

  it('a department’s import may not tag: the row is refused, saying who tags', async () => {
    const gongxin = (await actorOfUser(d.ctx.db, 'gongxin'))!;
    const result = await importBundle(d.ctx.db, bundle(`${HEADER},programmes\n${P1},elderly_care\n`), {
      actor: 'department_officer:gongxin',
      vault: d.ctx.vault,
      importer: gongxin,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'programmes',
        reason: 'TAGS_BY_DISPATCHER',
        messageZh: 'programmes：项目的专项计划由派单的设区市或省人社厅标注，行业部门导入时请留空此列',
        messageEn:
          'programmes: a project’s programmes are set by the city that dispatches it or the province: leave this column empty',
      }),
    ]);
    expect(await tags('P000001')).toEqual(['million_youth', 'work_for_training']);
  });
});
