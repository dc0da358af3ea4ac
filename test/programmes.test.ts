import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { weekOf } from '../src/modules/reporting/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * Issue 21 "named programmes and carriers" and "1+13+N targets": the annex's programmes with their
 * sentences, the carriers' register, projects tagged by their city, figures by programme, carrier
 * and N holder recomputed here in SQL straight from the records, and the holders' reminders.
 */
const PLAN_TEXT = fs.readFileSync('/work/shared/seed/action-plan-2025-2027.zh.txt', 'utf8').replace(/\s+/g, '');
const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));

/** The KPI's facts of the projects a tag table names for `key`, counted in SQL from the records themselves. */
async function recount(
  d: DemoApp,
  table: string,
  column: string,
  key: string,
  from: string,
  to: string,
  city?: string,
) {
  const [r] = await d.ctx.db.query<{ trainings: number; certificates: number; high_skill: number }>(
    `WITH tagged AS (SELECT project_code FROM ${table} WHERE ${column}::text = $1)
     SELECT
       (SELECT count(*)::int FROM decisions d WHERE d.decision = 'approved' AND d.applied_on BETWEEN $2 AND $3
          AND d.project_code IN (SELECT project_code FROM tagged) AND ($4::text IS NULL OR d.city_code = $4)) AS trainings,
       (SELECT count(*)::int FROM certificates c JOIN persons p ON p.person_key = c.person_key
          WHERE c.kind IN ('skill_level','qualification') AND c.revoked_on IS NULL AND c.issued_on BETWEEN $2 AND $3
          AND c.project_code IN (SELECT project_code FROM tagged) AND ($4::text IS NULL OR p.city_code = $4)) AS certificates,
       (SELECT count(*)::int FROM certificates c JOIN persons p ON p.person_key = c.person_key JOIN levels l ON l.code = c.level
          WHERE l.high_skill AND c.kind IN ('skill_level','qualification') AND c.revoked_on IS NULL AND c.issued_on BETWEEN $2 AND $3
          AND c.project_code IN (SELECT project_code FROM tagged) AND ($4::text IS NULL OR p.city_code = $4)) AS high_skill`,
    [key, from, to, city ?? null],
  );
  return r!;
}

describe('programmes, carriers and N target holders', () => {
  let d: DemoApp;
  /** A Nanjing project, and one of another city (tagged by the province). */
  let njProjects: string[];
  let wxProject: string;
  let carrierId: string;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'gongxin', 'jigou']);
    // The Nanjing project and another city's with the most facts, so the figures are not all zero.
    const top = (where: string) =>
      d.ctx.db.query<{ project_code: string }>(
        `SELECT p.project_code FROM projects p WHERE ${where}
         ORDER BY (SELECT count(*) FROM decisions x WHERE x.project_code = p.project_code)
                + (SELECT count(*) FROM certificates c WHERE c.project_code = p.project_code) DESC, p.project_code LIMIT 1`,
      );
    njProjects = [
      (await top("p.city_code = '320100'"))[0]!.project_code,
      (await top("p.city_code <> '320100'"))[0]!.project_code,
    ];
    [{ project_code: wxProject }] = await d.ctx.db.query<{ project_code: string }>(
      "SELECT project_code FROM projects WHERE city_code = '320200' ORDER BY project_code LIMIT 1",
    );
  });
  afterAll(() => d.close());

  it('lists the annex’s programmes, each name and source sentence as the plan writes it', async () => {
    const list: { code: string; name_zh: string; source: string; key_task: number }[] = (
      await d.call('gongxin', 'GET', '/api/programmes')
    ).json();
    expect(list.map((p) => p.code)).toEqual(
      expect.arrayContaining([
        'million_youth',
        'manufacturing_skill_foundation',
        'high_quality_farmers',
        'digital_engineer',
        'gig_station_training',
        'work_for_training',
      ]),
    );
    for (const p of list) {
      expect(PLAN_TEXT, p.code).toContain(p.source.replace(/\s+/g, ''));
      expect(PLAN_TEXT, p.code).toContain(p.name_zh.replace(/\s+/g, ''));
    }
  });

  it('the province registers a carrier with its member enterprises; nobody else may, and bad input is refused by name', async () => {
    const body = {
      kind: 'chain_ecosystem',
      name: '南京智能电网链主技能生态链',
      cityCode: '320100',
      owner: '南京物流1有限公司',
      members: [
        { enterpriseKey: '913201001736662571', enterpriseName: '南京物流1有限公司' },
        { enterpriseName: '南京某配套企业' },
      ],
    };
    const refused = await d.call('nanjing', 'POST', '/api/carriers', body);
    expect(refused.statusCode).toBe(403);
    const badCity = await d.call('province', 'POST', '/api/carriers', { ...body, cityCode: '999999' });
    expect([badCity.statusCode, badCity.json().code]).toEqual([400, 'UNKNOWN_CITY']);
    const twice = await d.call('province', 'POST', '/api/carriers', {
      ...body,
      members: [body.members[1], body.members[1]],
    });
    expect([twice.statusCode, twice.json().code]).toEqual([400, 'DUPLICATE_MEMBER']);
    const badKind = await d.call('province', 'POST', '/api/carriers', { ...body, kind: 'castle' });
    expect([badKind.statusCode, badKind.json().code]).toEqual([400, 'INVALID_REQUEST']);
    const res = await d.call('province', 'POST', '/api/carriers', body);
    expect(res.statusCode).toBe(201);
    carrierId = res.json().id;
    expect(res.json()).toMatchObject({
      city_name: '南京市',
      members: expect.arrayContaining([{ enterpriseKey: '南京某配套企业', enterpriseName: '南京某配套企业' }]),
    });
    const [audit] = await d.ctx.db.query(
      "SELECT 1 FROM audit_log WHERE action = 'carrier.register' AND entity_id = $1",
      [carrierId],
    );
    expect(audit).toBeTruthy();
    // A city officer sees its own city's carriers only.
    expect((await d.call('wuxi', 'GET', '/api/carriers')).json().map((c: { id: string }) => c.id)).not.toContain(
      carrierId,
    );
    expect((await d.call('nanjing', 'GET', '/api/carriers')).json().map((c: { id: string }) => c.id)).toContain(
      carrierId,
    );
  });

  it('a city tags its own projects (audited), never another city’s; unknown programmes and carriers are named', async () => {
    const other = await d.call('nanjing', 'POST', `/api/projects/${wxProject}/tags`, {
      programmes: ['million_youth'],
      carriers: [],
    });
    expect([other.statusCode, other.json().code]).toEqual([403, 'OUT_OF_SCOPE']);
    const dept = await d.call('gongxin', 'POST', `/api/projects/${njProjects[0]}/tags`, {
      programmes: ['million_youth'],
      carriers: [],
    });
    expect(dept.statusCode).toBe(403);
    const unknown = await d.call('nanjing', 'POST', `/api/projects/${njProjects[0]}/tags`, {
      programmes: ['million_youth', 'no_such'],
      carriers: [],
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'UNKNOWN_PROGRAMME']);
    expect(unknown.json().message).toContain('no_such');
    const noCarrier = await d.call('nanjing', 'POST', `/api/projects/${njProjects[0]}/tags`, {
      programmes: [],
      carriers: ['not-a-carrier'],
    });
    expect([noCarrier.statusCode, noCarrier.json().code]).toEqual([400, 'UNKNOWN_CARRIER']);
    const missing = await d.call('nanjing', 'POST', '/api/projects/NO-SUCH/tags', { programmes: [], carriers: [] });
    expect(missing.statusCode).toBe(404);
    // Nanjing tags its project; the province, which may tag any, another city's.
    for (const [who, code] of [
      ['nanjing', njProjects[0]],
      ['province', njProjects[1]],
    ] as const) {
      const ok = await d.call(who, 'POST', `/api/projects/${code}/tags`, {
        programmes: ['million_youth', 'digital_engineer'],
        carriers: [carrierId],
      });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    // A second edit replaces the tags: the second project leaves 数字工程师.
    const edited = await d.call('province', 'POST', `/api/projects/${njProjects[1]}/tags`, {
      programmes: ['million_youth'],
      carriers: [carrierId],
    });
    expect(edited.json()).toEqual({ projectCode: njProjects[1], programmes: ['million_youth'], carriers: [carrierId] });
    const [audit] = await d.ctx.db.query<{ before: unknown; after: unknown }>(
      "SELECT before, after FROM audit_log WHERE action = 'project.tags' AND entity_id = $1 ORDER BY seq DESC LIMIT 1",
      [njProjects[1]],
    );
    expect(audit).toMatchObject({
      before: { programmes: ['digital_engineer', 'million_youth'], carriers: [carrierId] },
      after: { programmes: ['million_youth'], carriers: [carrierId] },
    });
    expect((await d.call('province', 'GET', `/api/projects/${njProjects[0]}/tags`)).json().programmes).toEqual([
      'digital_engineer',
      'million_youth',
    ]);
  });

  it('figures by programme and carrier are the KPI’s facts of the tagged projects, recomputed here from the records', async () => {
    const asOf = '2027-12-31';
    const board = (await d.call('province', 'GET', `/api/programmes/board?asOf=${asOf}`)).json();
    for (const code of ['million_youth', 'digital_engineer', 'high_quality_farmers']) {
      const row = board.programmes.find((p: { code: string }) => p.code === code);
      const sql = await recount(d, 'project_programmes', 'programme_code', code, '2025-01-01', asOf);
      expect([row.subsidized_trainings, row.new_certificates, row.new_high_skill], code).toEqual([
        sql.trainings,
        sql.certificates,
        sql.high_skill,
      ]);
    }
    const mill = board.programmes.find((p: { code: string }) => p.code === 'million_youth');
    expect(mill.projects).toBe(2);
    expect(mill.subsidized_trainings + mill.new_certificates).toBeGreaterThan(0);
    const carrier = board.carriers.find((c: { id: string }) => c.id === carrierId);
    const sql = await recount(d, 'project_carriers', 'carrier_id', carrierId, '2025-01-01', asOf);
    expect([carrier.subsidized_trainings, carrier.new_certificates, carrier.new_high_skill]).toEqual([
      sql.trainings,
      sql.certificates,
      sql.high_skill,
    ]);
    expect(carrier).toMatchObject({ kind: 'chain_ecosystem', cityName: '南京市', members: 2, projects: 2 });
    // Wuxi counts its own city's facts: none of Nanjing's tagged projects; Nanjing's carrier is not its.
    const wx = (await d.call('wuxi', 'GET', `/api/programmes/board?asOf=${asOf}`)).json();
    const wxMill = wx.programmes.find((p: { code: string }) => p.code === 'million_youth');
    const wxSql = await recount(
      d,
      'project_programmes',
      'programme_code',
      'million_youth',
      '2025-01-01',
      asOf,
      '320200',
    );
    expect(wxMill.subsidized_trainings).toBe(wxSql.trainings);
    expect(wx.carriers.map((c: { id: string }) => c.id)).not.toContain(carrierId);
    // A department sees the programmes of its key tasks (gongxin: key task 1) and no carriers.
    const dept = (await d.call('gongxin', 'GET', `/api/programmes/board?asOf=${asOf}`)).json();
    expect(new Set(dept.programmes.map((p: { keyTask: number }) => p.keyTask))).toEqual(new Set([1]));
    expect(dept.carriers).toEqual([]);
  });

  it('after inserts, corrections and retags the board still equals the recount (read from the rollup by tag)', async () => {
    const asOf = '2027-12-31';
    const agree = async (who: 'province' | 'nanjing', city?: string) => {
      const board = (await d.call(who, 'GET', `/api/programmes/board?asOf=${asOf}`)).json();
      for (const code of ['million_youth', 'digital_engineer']) {
        const row = board.programmes.find((p: { code: string }) => p.code === code);
        const sql = await recount(d, 'project_programmes', 'programme_code', code, '2025-01-01', asOf, city);
        expect([row.subsidized_trainings, row.new_certificates, row.new_high_skill], `${who} ${code}`).toEqual([
          sql.trainings,
          sql.certificates,
          sql.high_skill,
        ]);
      }
      const carrier = board.carriers.find((c: { id: string }) => c.id === carrierId);
      const sql = await recount(d, 'project_carriers', 'carrier_id', carrierId, '2025-01-01', asOf);
      if (carrier)
        expect([carrier.subsidized_trainings, carrier.new_certificates, carrier.new_high_skill]).toEqual([
          sql.trainings,
          sql.certificates,
          sql.high_skill,
        ]);
      return board;
    };
    const before = await agree('province');
    // A new high-skill certificate in a tagged project, by a Nanjing worker.
    const [{ person_key }] = await d.ctx.db.query<{ person_key: string }>(
      "SELECT person_key FROM persons WHERE city_code = '320100' ORDER BY person_key LIMIT 1",
    );
    await d.ctx.db.query(
      `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code, project_code)
       VALUES ('BOARD-T-1', $1, '6-18-02-04', 'skill_level', 'L2', '2026-03-04', 'E', $2)`,
      [person_key, njProjects[0]],
    );
    const after = await agree('province');
    const mill = (b: { programmes: { code: string; new_certificates: number; new_high_skill: number }[] }) =>
      b.programmes.find((p) => p.code === 'million_youth')!;
    expect(mill(after).new_certificates).toBe(mill(before).new_certificates + 1);
    expect(mill(after).new_high_skill).toBe(mill(before).new_high_skill + 1);
    await agree('nanjing', '320100');
    // Corrected: revoked, then moved to an untagged project; the project loses its carrier.
    await d.ctx.db.query(
      "UPDATE certificates SET revoked_on = '2026-05-01', revoke_reason = 'test' WHERE certificate_no = 'BOARD-T-1'",
    );
    expect(mill(await agree('province')).new_certificates).toBe(mill(before).new_certificates);
    await d.ctx.db.query(
      "UPDATE certificates SET revoked_on = NULL, revoke_reason = NULL, project_code = $1 WHERE certificate_no = 'BOARD-T-1'",
      [wxProject],
    );
    await agree('province');
    const retag = await d.call('province', 'POST', `/api/projects/${njProjects[1]}/tags`, {
      programmes: ['million_youth'],
      carriers: [],
    });
    expect(retag.statusCode).toBe(200);
    await agree('province');
    await agree('nanjing', '320100');
    await d.call('province', 'POST', `/api/projects/${njProjects[1]}/tags`, {
      programmes: ['million_youth'],
      carriers: [carrierId],
    });
  });

  it('a retag through the API pre-rolls the board before it answers: the read right after recounts nothing', async () => {
    const asOf = '2027-12-31';
    const code = njProjects[0]!;
    const [{ days }] = await d.ctx.db.query<{ days: number }>(
      `SELECT count(*)::int AS days FROM (SELECT applied_on FROM decisions WHERE project_code = $1
         UNION SELECT issued_on FROM certificates WHERE project_code = $1) x`,
      [code],
    );
    expect(days).toBeGreaterThan(0); // the retag moves those days' numbers
    const digital = async () =>
      (await d.call('province', 'GET', `/api/programmes/board?asOf=${asOf}`))
        .json()
        .programmes.find((p: { code: string }) => p.code === 'digital_engineer');
    const before = await digital();
    const tags = (await d.call('province', 'GET', `/api/projects/${code}/tags`)).json();
    expect(tags.programmes).toContain('digital_engineer');
    const untag = await d.call('province', 'POST', `/api/projects/${code}/tags`, {
      programmes: tags.programmes.filter((p: string) => p !== 'digital_engineer'),
      carriers: tags.carriers,
    });
    expect(untag.statusCode).toBe(200);
    // The writer applied the retag it queued: nothing is left for the next reader to recount or apply.
    expect(await d.ctx.db.query('SELECT count(*)::int AS n FROM kpi_dirty')).toEqual([{ n: 0 }]);
    expect(await d.ctx.db.query('SELECT count(*)::int AS n FROM kpi_tag_delta')).toEqual([{ n: 0 }]);
    const after = await digital();
    const sql = await recount(d, 'project_programmes', 'programme_code', 'digital_engineer', '2025-01-01', asOf);
    expect([after.subsidized_trainings, after.new_certificates, after.new_high_skill]).toEqual([
      sql.trainings,
      sql.certificates,
      sql.high_skill,
    ]);
    expect(after.subsidized_trainings + after.new_certificates).toBeLessThan(
      before.subsidized_trainings + before.new_certificates,
    );
    // A refused write commits nothing and refreshes nothing; marks another writer left stay for the reader.
    await d.ctx.db.query("INSERT INTO kpi_dirty (source, day) VALUES ('test', '2026-01-05')");
    const refused = await d.call('nanjing', 'POST', `/api/projects/${wxProject}/tags`, {
      programmes: [],
      carriers: [],
    });
    expect(refused.statusCode).toBe(403);
    expect(await d.ctx.db.query('SELECT count(*)::int AS n FROM kpi_dirty')).toEqual([{ n: 1 }]);
    const back = await d.call('province', 'POST', `/api/projects/${code}/tags`, {
      programmes: tags.programmes,
      carriers: tags.carriers,
    });
    expect(back.statusCode).toBe(200);
    expect(await d.ctx.db.query('SELECT count(*)::int AS n FROM kpi_dirty')).toEqual([{ n: 0 }]);
    expect(await digital()).toEqual(before);
  });

  it('N holders: the province sets them and their yearly targets; each sees its pace; the behind ones get reminders', async () => {
    const nope = await d.call('gongxin', 'POST', '/api/holders', {
      kind: 'department',
      name: '省工信厅',
      sector: 'manufacturing',
    });
    expect(nope.statusCode).toBe(403);
    const badKind = await d.call('province', 'POST', '/api/holders', {
      kind: 'club',
      name: 'x',
      sector: 'manufacturing',
    });
    expect([badKind.statusCode, badKind.json().code]).toEqual([400, 'BAD_HOLDER_KIND']);
    const badSector = await d.call('province', 'POST', '/api/holders', {
      kind: 'department',
      name: 'x',
      sector: 'mining',
    });
    expect([badSector.statusCode, badSector.json().code]).toEqual([400, 'UNKNOWN_SECTOR']);
    const badCarrier = await d.call('province', 'POST', '/api/holders', {
      kind: 'chain_leader',
      name: 'x',
      sector: 'manufacturing',
      carrierId: 'nope',
    });
    expect([badCarrier.statusCode, badCarrier.json().code]).toEqual([400, 'UNKNOWN_CARRIER']);
    const add = async (body: object) => (await d.call('province', 'POST', '/api/holders', body)).json().id as string;
    const gx = await add({ kind: 'department', name: '省工信厅', sector: 'manufacturing' });
    const chain = await add({
      kind: 'chain_leader',
      name: '南京物流1有限公司（链主）',
      sector: 'manufacturing',
      carrierId,
    });
    const care = await add({ kind: 'industry_org', name: '省养老服务协会', sector: 'life_services' });
    const target = (holderId: string, indicator: string, value: number, y = year) =>
      d.call('province', 'POST', '/api/holders/targets', { holderId, indicator, year: y, value });
    expect((await target(gx, 'subsidized_trainings', 1_000_000)).statusCode).toBe(200);
    expect((await target(chain, 'new_certificates', 0)).statusCode).toBe(200);
    expect((await target(care, 'subsidized_trainings', 1_000_000)).statusCode).toBe(200);
    const badYear = await target(gx, 'subsidized_trainings', 10, 2031);
    expect([badYear.statusCode, badYear.json().code]).toEqual([400, 'BAD_YEAR']);
    const badInd = await target(gx, 'smiles', 10);
    expect([badInd.statusCode, badInd.json().code]).toEqual([400, 'BAD_INDICATOR']);
    const badVal = await target(gx, 'subsidized_trainings', -1);
    expect([badVal.statusCode, badVal.json().code]).toEqual([400, 'BAD_TARGET']);
    expect(
      (
        await d.call('nanjing', 'POST', '/api/holders/targets', {
          holderId: gx,
          indicator: 'new_certificates',
          year,
          value: 1,
        })
      ).statusCode,
    ).toBe(403);

    const board = (await d.call('province', 'GET', `/api/programmes/board?asOf=${today}`)).json();
    const row = (id: string) => board.holders.find((h: { holderId: string }) => h.holderId === id);
    // A department holder counts its sector's facts of the year; a chain leader its carrier's projects'.
    const [sector] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM decisions d JOIN occupations o ON o.code = d.occupation_code JOIN persons p ON p.person_key = d.person_key
       WHERE d.decision = 'approved' AND o.sector = 'manufacturing' AND d.applied_on BETWEEN $1 AND $2`,
      [`${year}-01-01`, today],
    );
    expect(row(gx)).toMatchObject({ basis: 'sector', actual: sector!.n, target: 1_000_000, behind: true, year });
    const carrierYear = await recount(d, 'project_carriers', 'carrier_id', carrierId, `${year}-01-01`, today);
    expect(row(chain)).toMatchObject({
      basis: 'carrier',
      actual: carrierYear.certificates,
      target: 0,
      behind: false,
      carrierName: '南京智能电网链主技能生态链',
    });

    // 工信 sees the holders of its sector (with the demo's 机械行业协会), not 养老服务协会; a city sees none.
    const [demo] = await d.ctx.db.query<{ id: string }>(
      `SELECT id::text AS id FROM target_holders WHERE name = '江苏省机械行业协会'`,
    );
    const gxBoard = (await d.call('gongxin', 'GET', `/api/programmes/board?asOf=${today}`)).json();
    expect([...new Set(gxBoard.holders.map((h: { holderId: string }) => h.holderId))].sort()).toEqual(
      [gx, chain, demo!.id].sort(),
    );
    expect(
      (await d.call('gongxin', 'GET', '/api/holders'))
        .json()
        .map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual([gx, chain, demo!.id].sort());
    expect((await d.call('nanjing', 'GET', `/api/programmes/board?asOf=${today}`)).json().holders).toEqual([]);

    // Reminders: the behind holders get this week's, with the board's numbers; 工信 reads its own.
    const inbox = (await d.call('province', 'GET', `/api/inbox?week=${weekOf(today)}&kind=holder`)).json();
    const made = (r: { recipient_key: string }) => r.recipient_key !== demo!.id;
    expect(
      inbox
        .filter(made)
        .map((r: { recipient_key: string }) => r.recipient_key)
        .sort(),
    ).toEqual([gx, care].sort());
    expect(inbox.find((r: { recipient_key: string }) => r.recipient_key === gx)).toMatchObject({
      recipient_name: '省工信厅',
      actual: sector!.n,
      target: 1_000_000,
      reachable: false,
      period_end: `${year}-12-31`, // a holder's target is the year's, not the plan's
    });
    const gxInbox = (await d.call('gongxin', 'GET', `/api/inbox?week=${weekOf(today)}&kind=holder`)).json();
    expect(gxInbox.filter(made).map((r: { recipient_key: string }) => r.recipient_key)).toEqual([gx]);
  });

  it('the plan’s yearly numbers: craftsmen counted from the selected nominations, evaluation resources from the catalog’s 专项职业能力 marks', async () => {
    const board = (await d.call('province', 'GET', `/api/programmes/board?asOf=${today}`)).json();
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM craftsman_nominations WHERE year = $1 AND status = 'selected'",
      [year],
    );
    const [{ m }] = await d.ctx.db.query<{ m: number }>(
      'SELECT count(*)::int AS m FROM occupations WHERE special_ability_year = $1',
      [year],
    );
    expect(board.planYearly).toEqual([
      expect.objectContaining({ code: 'provincial_craftsmen', target: 100, actual: n, year }),
      expect.objectContaining({ code: 'evaluation_resources', target: 40, actual: m, pace: expect.any(Object) }),
    ]);
    for (const p of board.planYearly) expect(PLAN_TEXT).toContain(p.source.replace(/\s+/g, ''));
  });
});
