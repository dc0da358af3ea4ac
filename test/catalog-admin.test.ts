import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalances } from '../src/modules/subsidy/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/** `DemoApp.call` with the write verbs it does not type. */
const send = (d: DemoApp, user: string, method: 'PATCH' | 'PUT', url: string, payload: object) =>
  d.app.inject({ method, url, payload, headers: { authorization: `Bearer ${d.tokens[user]}` } });

/** Issue 19, catalog administration and configurable funds. */
describe('occupation catalog administration (目录管理)', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'gongxin']);
  }, 120_000);
  afterAll(() => d.close());

  const year = new Date().getFullYear();
  const added = async () => (await d.call('', 'GET', `/api/catalogs/evaluation-resources?year=${year}`)).json();

  it('the province adds an occupation, then edits it; each change is a version with before/after, who and when, and audited', async () => {
    const base = await added();
    expect(base).toMatchObject({ year, plan: 40 });
    const res = await d.call('province', 'POST', '/api/catalogs/occupations', {
      code: 'JS-9001',
      name: '非遗竹编',
      sector: 'manufacturing',
      category: 'C',
      hasLevels: false,
      specialAbilityYear: year,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'JS-9001', version: 1, special_ability_year: year, category: 'C' });
    const edit = await send(d, 'province', 'PATCH', '/api/catalogs/occupations/JS-9001', {
      name: '竹编技艺',
      category: 'B',
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ name: '竹编技艺', category: 'B', version: 2, special_ability_year: year });

    const history = (await d.call('province', 'GET', '/api/catalog-changes?code=JS-9001')).json();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      action: 'edit',
      version: 2,
      before: { name: '非遗竹编', category: 'C' },
      after: { name: '竹编技艺', category: 'B' },
      changed_by: 'province_admin:province',
    });
    expect(history[1]).toMatchObject({ action: 'add', version: 1, before: null });
    const audit = await d.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'occupation' AND entity_id = 'JS-9001' ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual(['occupation.create', 'occupation.update']);
    expect((await added()).added).toBe(base.added + 1);
    const catalog = (await d.call('', 'GET', '/api/catalogs/occupations')).json();
    expect(catalog.find((o: { code: string }) => o.code === 'JS-9001')).toMatchObject({ name: '竹编技艺', version: 2 });
  });

  it('marks an existing occupation 专项职业能力 with its year, and unmarks it', async () => {
    const base = (await added()).added;
    const mark = await send(d, 'province', 'PATCH', '/api/catalogs/occupations/JS-0002', { specialAbilityYear: year });
    expect(mark.json()).toMatchObject({ special_ability_year: year });
    expect((await added()).added).toBe(base + 1);
    const unmark = await send(d, 'province', 'PATCH', '/api/catalogs/occupations/JS-0002', {
      specialAbilityYear: null,
    });
    expect(unmark.json()).toMatchObject({ special_ability_year: null });
    expect((await added()).added).toBe(base);
  });

  it('refuses a duplicate code, a malformed code, an unknown sector and a non-province actor, in both languages, writing nothing', async () => {
    const occ = { name: '试验', sector: 'manufacturing', category: 'A' };
    const dup = await d.call('province', 'POST', '/api/catalogs/occupations', { ...occ, code: '6-18-02-04' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      code: 'DUPLICATE_OCCUPATION',
      message: expect.stringContaining('6-18-02-04'),
      message_en: expect.stringContaining('already exists'),
    });
    for (const code of ['JS-12', '6-18-2-04', 'js-0001', '61802 04']) {
      const bad = await d.call('province', 'POST', '/api/catalogs/occupations', { ...occ, code });
      expect(bad.statusCode, code).toBe(400);
      expect(bad.json(), code).toMatchObject({
        code: 'BAD_OCCUPATION_CODE',
        message_en: expect.stringContaining(code),
      });
    }
    const sector = await d.call('province', 'POST', '/api/catalogs/occupations', {
      ...occ,
      code: 'JS-9002',
      sector: 'mining',
    });
    expect(sector.json()).toMatchObject({ code: 'UNKNOWN_SECTOR' });
    for (const user of ['nanjing', 'gongxin']) {
      const res = await d.call(user, 'POST', '/api/catalogs/occupations', { ...occ, code: 'JS-9003' });
      expect(res.statusCode, user).toBe(403);
      expect(res.json(), user).toMatchObject({ code: 'FORBIDDEN', message_en: expect.any(String) });
      const patch = await send(d, user, 'PATCH', '/api/catalogs/occupations/6-18-02-04', { name: 'x' });
      expect(patch.statusCode, user).toBe(403);
    }
    expect(await d.ctx.db.query(`SELECT code FROM occupations WHERE code IN ('JS-9002', 'JS-9003', 'JS-12')`)).toEqual(
      [],
    );
    const [{ name }] = await d.ctx.db.query<{ name: string }>(`SELECT name FROM occupations WHERE code = '6-18-02-04'`);
    expect(name).toBe('焊工');
  });
});

describe('configurable funds (资金来源)', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing']);
  }, 120_000);
  afterAll(() => d.close());
  const budget = (user: string, fund: string) =>
    send(d, user, 'PUT', '/api/budgets', { cityCode: '320100', year: 2033, fund, amountFen: 250_000 });

  it('holds the four funds of plan (二), and budgets may be set in any active one', async () => {
    const funds = (await d.call('province', 'GET', '/api/funds')).json();
    expect(funds.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining([
        'employment_fund',
        'unemployment_insurance',
        'sector_department_fund',
        'east_west_collaboration',
      ]),
    );
    expect(funds.find((f: { code: string }) => f.code === 'east_west_collaboration')).toMatchObject({
      zh: '东西部协作资金',
      active: true,
    });
    const res = await budget('province', 'east_west_collaboration');
    expect(res.statusCode).toBe(200);
    const lines = (await d.call('province', 'GET', '/api/ledger?year=2033')).json().lines;
    expect(lines).toContainEqual(expect.objectContaining({ fund: 'east_west_collaboration', budgetFen: 250_000 }));
    expect((await ledgerBalances(d.ctx.db)).ok).toBe(true);
  });

  it('the province adds a fund and sets a budget in it; a duplicate, a bad code and a city officer are refused', async () => {
    const add = await d.call('province', 'POST', '/api/funds', {
      code: 'city_matching',
      zh: '市级配套资金',
      en: 'City matching funds',
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toEqual({ code: 'city_matching', zh: '市级配套资金', en: 'City matching funds', active: true });
    expect((await budget('province', 'city_matching')).statusCode).toBe(200);
    const dup = await d.call('province', 'POST', '/api/funds', { code: 'city_matching', zh: '重复', en: 'dup' });
    expect(dup.json()).toMatchObject({ code: 'DUPLICATE_FUND', message_en: expect.stringContaining('city_matching') });
    const bad = await d.call('province', 'POST', '/api/funds', { code: 'Bad Code', zh: '坏', en: 'bad' });
    expect(bad.json()).toMatchObject({ code: 'BAD_FUND_CODE' });
    const city = await d.call('nanjing', 'POST', '/api/funds', { code: 'nanjing_own', zh: '南京', en: 'Nanjing' });
    expect(city.statusCode).toBe(403);
    expect(city.json()).toMatchObject({ code: 'FORBIDDEN' });
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'fund.create'`,
    );
    expect(n).toBe(1);
  });

  it('the province retires a fund (audited); budgets in it are then refused; a city, a programme’s fund, an unknown or retired one are refused', async () => {
    const city = await d.call('nanjing', 'POST', '/api/funds/east_west_collaboration/retire');
    expect(city.statusCode).toBe(403);
    const ok = await d.call('province', 'POST', '/api/funds/east_west_collaboration/retire');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ code: 'east_west_collaboration', active: false });
    const [audit] = await d.ctx.db.query<{ actor: string; before: { active: boolean }; after: { active: boolean } }>(
      `SELECT actor, before, after FROM audit_log WHERE action = 'fund.retire' AND entity_id = 'east_west_collaboration'`,
    );
    expect(audit).toMatchObject({
      actor: 'province_admin:province',
      before: { active: true },
      after: { active: false },
    });
    expect((await budget('province', 'east_west_collaboration')).json()).toMatchObject({ code: 'UNKNOWN_FUND' });
    const again = await d.call('province', 'POST', '/api/funds/east_west_collaboration/retire');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'FUND_ALREADY_RETIRED',
      message: expect.stringContaining('东西部协作资金'),
      message_en: expect.stringContaining('retired'),
    });
    const paying = await d.call('province', 'POST', '/api/funds/employment_fund/retire');
    expect(paying.statusCode).toBe(409);
    expect(paying.json()).toMatchObject({
      code: 'FUND_PAYS_PROGRAMME',
      message: '就业补助资金是补贴项目的支付资金，不能停用',
      message_en: 'Employment subsidy fund pays a subsidy programme and cannot be retired',
    });
    const unknown = await d.call('province', 'POST', '/api/funds/lottery/retire');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_FUND', message: '资金来源“lottery”不存在' });
    // An object's inherited names are no funds: they were answered "undefined pays a subsidy programme".
    for (const name of ['toString', 'constructor', '__proto__']) {
      const inherited = await d.call('province', 'POST', `/api/funds/${name}/retire`);
      expect(inherited.statusCode).toBe(404);
      expect(inherited.json()).toMatchObject({ code: 'UNKNOWN_FUND', message: `资金来源“${name}”不存在` });
    }
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'fund.retire'`,
    );
    expect(n).toBe(1);
  });

  it('a budget in an unknown or retired fund is refused with UNKNOWN_FUND in both languages, and nothing is written', async () => {
    await d.ctx.db.query(
      `INSERT INTO funds (code, zh, en, active) VALUES ('retired_fund', '已停用', 'Retired', false)`,
    );
    for (const fund of ['lottery', 'retired_fund']) {
      const res = await budget('province', fund);
      expect(res.statusCode, fund).toBe(400);
      expect(res.json(), fund).toMatchObject({
        code: 'UNKNOWN_FUND',
        message: expect.stringContaining(fund),
        message_en: expect.stringContaining(fund),
      });
      expect(await d.ctx.db.query('SELECT 1 FROM budgets WHERE fund = $1', [fund])).toEqual([]);
      expect(await d.ctx.db.query('SELECT 1 FROM ledger_entries WHERE fund = $1', [fund])).toEqual([]);
    }
  });
});
