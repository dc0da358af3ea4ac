import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROVINCE } from '../src/kernel/auth.ts';
import { actorOfUser } from '../src/modules/accounts/index.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { registerCarrier } from '../src/modules/programmes/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * The projects file's optional `carriers` column (Jineng's extension, docs/import-files.md):
 * carrier ids or names tag the project as the project page does; an unknown carrier, another
 * city's carrier (for a city's import) or a department's naming any refuses its row only; the
 * programmes column and the carriers column each leave the other kind of tag alone.
 */
const HEADER =
  'project_code,title,institution_credit_code,occupation_code,level,kind,key_task,city_code,start_date,end_date,fee_per_person';
const P1 =
  'P000001,焊工培训班,12320100914177769G,6-18-02-04,L5,employment_skills,1,320100,2025-10-07,2025-10-22,1500.00';
const P2 = 'P000002,中式烹调师培训班,91320200374068122R,JS-0020,L5,project_based,6,320200,2025-09-23,2025-10-08,0.00';
const P3 = 'P000003,养老护理员培训班,91320300690736620Y,JS-0016,L4,project_based,6,320300,2025-02-17,2025-03-07,0.00';

describe('projects.csv carriers column', () => {
  let d: DemoApp;
  const c: Record<string, string> = {};
  const bundle = (csv: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carriers-import-'));
    fs.writeFileSync(path.join(dir, 'projects.csv'), csv);
    return dir;
  };
  const tags = async (project: string) => {
    const [row] = await d.ctx.db.query<{ programmes: string[]; carriers: string[] }>(
      `SELECT ARRAY(SELECT programme_code FROM project_programmes WHERE project_code = $1 ORDER BY 1) AS programmes,
              ARRAY(SELECT carrier_id::text FROM project_carriers WHERE project_code = $1 ORDER BY 1) AS carriers`,
      [project],
    );
    return row!;
  };
  const audits = async () =>
    (await d.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'project.tags'`))[0]!
      .n;
  const sorted = (...ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    d = await demoApp(['nanjing']);
    const register = async (key: string, name: string, cityCode: string) => {
      c[key] = (
        await registerCarrier(d.ctx.db, SYSTEM_PROVINCE, {
          kind: 'master_studio',
          name,
          cityCode,
          owner: '测试',
          members: [],
        })
      ).id;
    };
    await register('njStudio', '南京焊接技能大师工作室', '320100');
    await register('wxBase', '无锡高技能人才培训基地', '320200');
    await register('njMicro', '智能制造微专业（测试）', '320100');
    await register('wxMicro', '智能制造微专业（测试）', '320200');
  }, 180_000);
  afterAll(() => d.close());

  it('the province tags the good rows by name or id, refuses unknown and shared names in both languages, keeps the rest', async () => {
    const before = await audits();
    const result = await importBundle(
      d.ctx.db,
      bundle(
        `${HEADER},carriers\n${P1},南京焊接技能大师工作室；${c.wxBase}\n${P2},无锡高技能人才培训基地;没有这个载体\n${P3},智能制造微专业（测试）\n`,
      ),
      { actor: 'test', vault: d.ctx.vault },
    );
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: 'projects.csv',
        line: 3,
        column: 'carriers',
        reason: 'UNKNOWN_CARRIER',
        messageZh: 'carriers：没有培训载体 没有这个载体',
        messageEn: 'carriers: no carrier 没有这个载体',
      }),
      expect.objectContaining({
        line: 4,
        column: 'carriers',
        reason: 'AMBIGUOUS_CARRIER',
        messageZh: 'carriers：有多个培训载体名为 智能制造微专业（测试），请填写载体编号',
        messageEn: 'carriers: several carriers are named 智能制造微专业（测试）: give the carrier’s id',
      }),
    ]);
    expect(await tags('P000001')).toEqual({ programmes: [], carriers: sorted(c.njStudio!, c.wxBase!) });
    expect((await tags('P000002')).carriers).toEqual([]);
    expect((await tags('P000003')).carriers).toEqual([]);
    expect(await audits()).toBe(before + 1);
    const [entry] = await d.ctx.db.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE action = 'project.tags' AND entity_id = 'P000001' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry).toEqual({
      before: { programmes: [], carriers: [] },
      after: { programmes: [], carriers: sorted(c.njStudio!, c.wxBase!) },
    });
    // The same carriers again, in another order and spelling, write and audit nothing.
    await importBundle(d.ctx.db, bundle(`${HEADER},carriers\n${P1},${c.wxBase}; 南京焊接技能大师工作室\n`), {
      actor: 'test',
      vault: d.ctx.vault,
    });
    expect(await audits()).toBe(before + 1);
  });

  it('each column replaces its own kind of tag and keeps the other; an empty cell keeps it too', async () => {
    await importBundle(d.ctx.db, bundle(`${HEADER},programmes\n${P1},million_youth\n`), {
      actor: 'test',
      vault: d.ctx.vault,
    });
    expect(await tags('P000001')).toEqual({ programmes: ['million_youth'], carriers: sorted(c.njStudio!, c.wxBase!) });
    await importBundle(d.ctx.db, bundle(`${HEADER},carriers,programmes\n${P1},${c.njMicro},\n`), {
      actor: 'test',
      vault: d.ctx.vault,
    });
    expect(await tags('P000001')).toEqual({ programmes: ['million_youth'], carriers: [c.njMicro] });
    await importBundle(d.ctx.db, bundle(`${HEADER},programmes,carriers\n${P1},elderly_care,南京焊接技能大师工作室\n`), {
      actor: 'test',
      vault: d.ctx.vault,
    });
    expect(await tags('P000001')).toEqual({ programmes: ['elderly_care'], carriers: [c.njStudio] });
  });

  it('a city’s import tags with its own carriers only: a shared name is its own; another city’s carrier refuses the row', async () => {
    const nanjing = (await actorOfUser(d.ctx.db, 'nanjing'))!;
    const own = await importBundle(d.ctx.db, bundle(`${HEADER},carriers\n${P1},智能制造微专业（测试）\n`), {
      actor: 'city_officer:nanjing',
      vault: d.ctx.vault,
      importer: nanjing,
    });
    expect(own.errors).toEqual([]);
    expect((await tags('P000001')).carriers).toEqual([c.njMicro]);
    const foreign = await importBundle(
      d.ctx.db,
      bundle(`${HEADER},carriers\n${P1},南京焊接技能大师工作室;${c.wxBase}\n`),
      { actor: 'city_officer:nanjing', vault: d.ctx.vault, importer: nanjing },
    );
    expect(foreign.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'carriers',
        reason: 'CARRIER_OF_ANOTHER_CITY',
        messageZh: `carriers：培训载体 ${c.wxBase} 属于其他设区市，只能标注本市登记的载体`,
        messageEn: `carriers: carrier ${c.wxBase} belongs to another city: tag only your city’s carriers`,
      }),
    ]);
    expect((await tags('P000001')).carriers).toEqual([c.njMicro]);
  });

  it('a department’s import may not tag carriers', async () => {
    const gongxin = (await actorOfUser(d.ctx.db, 'gongxin'))!;
    const result = await importBundle(d.ctx.db, bundle(`${HEADER},carriers\n${P1},南京焊接技能大师工作室\n`), {
      actor: 'department_officer:gongxin',
      vault: d.ctx.vault,
      importer: gongxin,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'carriers', reason: 'TAGS_BY_DISPATCHER' }),
    ]);
    expect((await tags('P000001')).carriers).toEqual([c.njMicro]);
  });

  it('the project page refuses a city officer another city’s carrier the same way', async () => {
    const res = await d.call('nanjing', 'POST', '/api/projects/P000001/tags', {
      programmes: [],
      carriers: [c.njStudio, c.wxBase],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'CARRIER_OF_ANOTHER_CITY',
      message: '培训载体 无锡高技能人才培训基地 属于其他设区市，只能标注本市登记的载体',
    });
    expect((await tags('P000001')).carriers).toEqual([c.njMicro]);
    const ok = await d.call('nanjing', 'POST', '/api/projects/P000001/tags', {
      programmes: [],
      carriers: [c.njStudio],
    });
    expect(ok.statusCode).toBe(200);
  });
});
