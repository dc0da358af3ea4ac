import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/kernel/errors.ts';
import { creditCheckChar } from '../src/kernel/identity.ts';
import { SYSTEM_PROVINCE } from '../src/kernel/auth.ts';
import { uploadCarriers } from '../src/modules/programmes/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { encodeGb18030 } from './support/gb18030.ts';
import { multipart } from './support/multipart.ts';

/** A valid credit code of no registered enterprise. */
const UNREGISTERED = '91320100MA1CARR10';
const unregistered = UNREGISTERED + creditCheckChar(UNREGISTERED);

/**
 * Issue 21: the province uploads its register of carriers (CSV in UTF-8 or GBK, or XLSX). A carrier
 * is its city, name and kind: new ones are registered, registered ones updated when the file
 * differs (audited before and after), the same ones left alone; bad rows refused with their reasons.
 */
describe('uploading the carrier register', () => {
  let d: DemoApp;
  let registered: { credit_code: string; name: string };
  const run = Date.now().toString(36).slice(-5);
  const chain = `南京智能装备链主生态链${run}`;
  const studio = `王师傅焊接技能大师工作室${run}`;
  const micro = `工业机器人微专业${run}`;
  const upload = (user: string, name: string, content: Buffer) => {
    const m = multipart(name, content);
    return d.app.inject({
      method: 'POST',
      url: '/api/carriers/upload',
      payload: m.payload,
      headers: { ...m.headers, authorization: `Bearer ${d.token(user)}` },
    });
  };
  const auditRows = async () => (await d.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
  const carrier = async (name: string) => {
    const rows = await d.ctx.db.query<{ id: string; kind: string; city_code: string; owner: string }>(
      'SELECT id::text AS id, kind, city_code, owner FROM carriers WHERE name = $1',
      [name],
    );
    expect(rows.length).toBeLessThanOrEqual(1);
    if (!rows[0]) return null;
    const members = await d.ctx.db.query<{ enterprise_key: string; enterprise_name: string }>(
      'SELECT enterprise_key, enterprise_name FROM carrier_members WHERE carrier_id = $1 ORDER BY enterprise_key',
      [rows[0].id],
    );
    return { ...rows[0], members: members.map((m) => [m.enterprise_key, m.enterprise_name]) };
  };
  let file = '';

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'jigou']);
    [registered] = await d.ctx.db.query<{ credit_code: string; name: string }>(
      "SELECT credit_code, name FROM registry.enterprises WHERE city_code = '320100' ORDER BY credit_code LIMIT 1",
    );
    file = [
      '载体名称,载体类型,设区市,依托/牵头单位,成员企业',
      `${chain},链主/龙头企业技能生态链,南京市,南京智能装备集团,"南京配套一厂(${unregistered})；${registered!.credit_code}；常州某（集团）有限公司"`,
      `${studio},技能大师工作室,320100,王某（焊工高级技师）,`,
      `${micro},micro_major,无锡,无锡职业技术学院,`,
    ].join('\r\n');
  }, 180_000);
  afterAll(() => d.close());

  it('registers each carrier of a good file with its members as the file names them, one audit entry each', async () => {
    const before = await auditRows();
    const res = await upload('province', '载体登记.csv', Buffer.from(`\uFEFF${file}\r\n`));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rowsTotal: 3, created: 3, updated: 0, unchanged: 0, refused: 0, errors: [] });
    expect(await carrier(chain)).toMatchObject({
      kind: 'chain_ecosystem',
      city_code: '320100',
      owner: '南京智能装备集团',
      members: [
        [unregistered, '南京配套一厂'],
        [registered!.credit_code, registered!.name],
        ['常州某（集团）有限公司', '常州某（集团）有限公司'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    });
    expect(await carrier(studio)).toMatchObject({ kind: 'master_studio', owner: '王某（焊工高级技师）', members: [] });
    expect(await carrier(micro)).toMatchObject({ kind: 'micro_major', city_code: '320200' });
    expect(await auditRows()).toBe(before + 3);
    const [entry] = await d.ctx.db.query<{ before: unknown; after: { members: unknown[] } }>(
      "SELECT before, after FROM audit_log WHERE action = 'carrier.register' AND entity_id = $1",
      [(await carrier(chain))!.id],
    );
    expect(entry!.before).toBeNull();
    expect(entry!.after.members).toHaveLength(3);
    // The register the page reads shows them.
    const list = (await d.call('province', 'GET', '/api/carriers')).json() as { name: string }[];
    expect(list.map((c) => c.name)).toEqual(expect.arrayContaining([chain, studio, micro]));
  });

  it('a rerun of the same file changes nothing and writes no audit entry', async () => {
    const before = await auditRows();
    const res = await upload('province', '载体登记.csv', Buffer.from(file));
    expect(res.json()).toMatchObject({ rowsTotal: 3, created: 0, updated: 0, unchanged: 3, refused: 0 });
    expect(await auditRows()).toBe(before);
  });

  it('changed members and owner update the carrier, audited before and after; the form refuses it twice', async () => {
    const id = (await carrier(chain))!.id;
    const before = await auditRows();
    // English headers, another column order.
    const changed = [
      'members,owner,city,kind,name',
      `南京配套一厂(${unregistered});南京配套二厂,南京智能装备集团有限公司,320100,chain_ecosystem,${chain}`,
      `,王某（焊工高级技师）,南京,master_studio,${studio}`,
    ].join('\n');
    const res = await upload('province', 'carriers.csv', Buffer.from(changed));
    expect(res.json()).toMatchObject({ rowsTotal: 2, created: 0, updated: 1, unchanged: 1, refused: 0 });
    expect(res.json().carriers).toEqual([
      { line: 2, id, name: chain, outcome: 'updated' },
      expect.objectContaining({ line: 3, outcome: 'unchanged' }),
    ]);
    expect(await carrier(chain)).toMatchObject({
      id,
      owner: '南京智能装备集团有限公司',
      members: [
        [unregistered, '南京配套一厂'],
        ['南京配套二厂', '南京配套二厂'],
      ],
    });
    expect(await auditRows()).toBe(before + 1);
    const [entry] = await d.ctx.db.query<{
      before: { owner: string; members: unknown[] };
      after: { owner: string; members: unknown[] };
    }>("SELECT before, after FROM audit_log WHERE action = 'carrier.update' AND entity_id = $1", [id]);
    expect(entry!.before.owner).toBe('南京智能装备集团');
    expect(entry!.before.members).toHaveLength(3);
    expect(entry!.after).toEqual({
      owner: '南京智能装备集团有限公司',
      members: [
        { key: unregistered, name: '南京配套一厂' },
        { key: '南京配套二厂', name: '南京配套二厂' },
      ],
      source: { file: 'carriers.csv', line: 2 },
    });
    // An empty members cell leaves the registered members alone: a file that updates owners only.
    const ownersOnly = ['name,kind,city,owner,members', `${chain},chain_ecosystem,320100,南京智能装备集团,`].join('\n');
    const owners = await upload('province', 'owners.csv', Buffer.from(ownersOnly));
    expect(owners.json()).toMatchObject({ updated: 1, refused: 0 });
    expect(await carrier(chain)).toMatchObject({
      owner: '南京智能装备集团',
      members: [expect.anything(), expect.anything()],
    });
    expect((await upload('province', 'again.csv', Buffer.from(ownersOnly))).json()).toMatchObject({ unchanged: 1 });
    expect(await auditRows()).toBe(before + 2);
    const twice = await d.call('province', 'POST', '/api/carriers', {
      kind: 'chain_ecosystem',
      name: chain,
      cityCode: '320100',
      owner: 'x',
      members: [],
    });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'DUPLICATE_CARRIER']);
    expect(twice.json().message).toContain(chain);
  });

  it('refuses each bad row with its line, column, value and reasons in both languages, and keeps the good rows', async () => {
    const good = `滨江高技能人才培训基地${run}`;
    const badCode = `${unregistered.slice(0, 17)}${unregistered[17] === '0' ? '1' : '0'}`;
    const unknownCode = `91320100MA1YYYYY0${creditCheckChar('91320100MA1YYYYY0')}`;
    const csv = [
      'name,kind,city,owner,members',
      `${good},高技能人才培训基地,南京市,南京某学院,`,
      `城堡${run},城堡,南京市,某单位,`,
      `某工作室${run},技能大师工作室,火星市,某单位,`,
      `,微专业,南京市,某学院,`,
      `链${run},链主/龙头企业技能生态链,南京市,某集团,甲公司;乙公司；甲公司`,
      `链二${run},链主/龙头企业技能生态链,南京市,某集团,丙公司(${badCode})`,
      `${good},高技能人才培训基地,320100,另一学院,`,
      `链三${run},链主/龙头企业技能生态链,南京市,某集团,${unknownCode}`,
    ].join('\n');
    const before = await auditRows();
    const res = await upload('province', 'bad.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ rowsTotal: 8, created: 1, updated: 0, unchanged: 0, refused: 7 });
    expect(r.errors.map((e: Record<string, unknown>) => [e.line, e.column, e.value, e.reason])).toEqual([
      [3, 'kind', '城堡', 'UNKNOWN_CARRIER_KIND'],
      [4, 'city', '火星市', 'UNKNOWN_CITY'],
      [5, 'name', '', 'EMPTY_NAME'],
      [6, 'members', '甲公司', 'DUPLICATE_MEMBER'],
      [7, 'members', `丙公司(${badCode})`, 'BAD_CREDIT_CODE'],
      [8, 'name', good, 'DUPLICATE_ROW'],
      [9, 'members', unknownCode, 'UNKNOWN_ENTERPRISE'],
    ]);
    for (const e of r.errors) {
      expect(e.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(e.en).toMatch(/[a-z]/);
    }
    expect(r.errors[3].zh).toBe('成员企业“甲公司”重复列出');
    expect(r.errors[4].zh).toContain(`应为 ${unregistered[17]}`);
    expect(r.errors[5].zh).toContain('与第 2 行是同一载体');
    expect(await carrier(good)).toMatchObject({ kind: 'high_skill_base', owner: '南京某学院' });
    expect(await carrier(`城堡${run}`)).toBeNull();
    expect(await auditRows()).toBe(before + 1);
  });

  it('reads a GBK (GB18030) CSV and an XLSX workbook', async () => {
    const gbk = `南京电工技能大师工作室${run}`;
    const csv = `载体名称,载体类型,设区市,依托单位,成员企业\r\n${gbk},技能大师工作室,南京市,南京某供电公司,南京某电力公司\r\n`;
    const res = await upload('province', 'gbk.csv', encodeGb18030(csv));
    expect(res.json()).toMatchObject({ rowsTotal: 1, created: 1, refused: 0 });
    expect(await carrier(gbk)).toMatchObject({
      owner: '南京某供电公司',
      members: [['南京某电力公司', '南京某电力公司']],
    });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('载体');
    ws.addRow(['载体名称', '载体类型', '设区市', '牵头单位', '成员企业']);
    ws.addRow([`苏州数控微专业${run}`, '微专业', '苏州市', '苏州某职业学院', `${registered!.credit_code}`]);
    ws.addRow(['', '微专业', '苏州市', '苏州某职业学院', '']);
    const x = await upload('province', '载体.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(x.json()).toMatchObject({ rowsTotal: 2, created: 1, refused: 1 });
    expect(x.json().errors[0]).toMatchObject({ line: 3, column: 'name', reason: 'EMPTY_NAME' });
    expect(await carrier(`苏州数控微专业${run}`)).toMatchObject({
      city_code: '320500',
      members: [[registered!.credit_code, registered!.name]],
    });
  });

  it('refuses a city officer and an institution (403), and writes nothing', async () => {
    const before = await auditRows();
    for (const user of ['nanjing', 'jigou']) {
      const res = await upload(user, 'x.csv', Buffer.from(file.replaceAll(run, `${run}x`)));
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ message: expect.any(String), message_en: expect.any(String) });
      expect((await d.call(user, 'GET', '/api/carriers/template.csv')).statusCode).toBe(403);
    }
    // The service refuses on its own too (the policy, not only the route's roles).
    const city = { ...SYSTEM_PROVINCE, role: 'city_officer' as const, cityCode: '320100' };
    await expect(uploadCarriers(d.ctx.db, city, 'x.csv', Buffer.from(file))).rejects.toMatchObject({
      code: 'PROVINCE_REGISTERS_CARRIERS',
    });
    expect(await carrier(`${chain}x`)).toBeNull();
    expect(await auditRows()).toBe(before);
  });

  it('serves the template, and refuses a file without the columns, an empty or too large file, or no file at all', async () => {
    const t = await d.call('province', 'GET', '/api/carriers/template.csv');
    expect(t.statusCode).toBe(200);
    expect(t.headers['content-type']).toContain('text/csv');
    expect(t.body).toBe('\uFEFF载体名称,载体类型,设区市,依托/牵头单位,成员企业\r\n');
    expect((await upload('province', 'template.csv', Buffer.from(t.body))).json()).toMatchObject({
      rowsTotal: 0,
      created: 0,
    });
    const missing = await upload('province', 'x.csv', Buffer.from('载体名称,类型\n甲,微专业\n'));
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'MISSING_COLUMNS']);
    expect(missing.json().message).toContain('设区市');
    const empty = await upload('province', 'x.csv', Buffer.alloc(0));
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'EMPTY_FILE']);
    const big = await upload('province', 'big.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
    expect([big.statusCode, big.json().code]).toEqual([400, 'FILE_TOO_LARGE']);
    const none = await d.call('province', 'POST', '/api/carriers/upload', {});
    expect([none.statusCode, none.json().code]).toEqual([400, 'NOT_MULTIPART']);
  });

  it('never answers 500, whatever the bytes or the cells (fuzzed)', async () => {
    // Random bytes, sometimes behind a zip signature: refused or read, never a crash.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.boolean(), async (bytes, zip) => {
        const content = Buffer.concat([Buffer.from(zip ? 'PK\u0003\u0004' : ''), Buffer.from(bytes)]);
        try {
          const r = await uploadCarriers(d.ctx.db, SYSTEM_PROVINCE, 'fuzz.bin', content);
          expect(r.rowsTotal).toBe(r.created + r.updated + r.unchanged + r.refused);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).status).toBe(400);
        }
      }),
      { numRuns: 60 },
    );
    // Random cells under the right header: every row is counted once, as created, unchanged or refused.
    const cell = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '微专业',
        '技能大师工作室',
        '南京市',
        '320100',
        `某${run}`,
        '甲;乙；甲',
        '(9132)',
        '""',
        '甲\u0000乙',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { maxLength: 6 }), async (rows) => {
        const csv = [
          'name,kind,city,owner,members',
          ...rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')),
        ].join('\n');
        const res = await upload('province', 'fuzz.csv', Buffer.from(csv));
        expect(res.statusCode).toBe(201);
        const r = res.json();
        expect(r.rowsTotal).toBe(r.created + r.updated + r.unchanged + r.refused);
      }),
      { numRuns: 25 },
    );
    const junk = await upload('province', 'x.xlsx', Buffer.from('PK\u0003\u0004 not a workbook'));
    expect([junk.statusCode, junk.json().code]).toEqual([400, 'BAD_XLSX']);
  });
});
