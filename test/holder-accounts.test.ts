import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { weekOf } from '../src/modules/reporting/index.ts';
import { bearerToken, demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * Issue 21, "N" holders' own accounts (docs/programmes.md § A holder's own account): the demo
 * liaison `hangxie` of 江苏省机械行业协会 reads its own holder's targets, pace and reminders, and
 * nothing of any other holder.
 */
const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));
const NOT_YOURS = {
  code: 'NOT_YOUR_HOLDER',
  message: '该目标承担单位不在您的范围内，只能查看本单位（本领域）的目标进度',
  message_en: 'this target holder is outside your scope: you read your own holder’s (your sectors’) targets only',
};

describe('an N holder’s own account', () => {
  let d: DemoApp;
  let own: string;
  let other: string;
  const board = (user: string, id: string) => d.call(user, 'GET', `/api/holders/${id}/board?asOf=${today}`);

  beforeAll(async () => {
    d = await demoApp(['province', 'gongxin', 'nanjing', 'hangxie']);
    own = (await d.call('hangxie', 'GET', '/api/me')).json().holderId;
    other = (
      await d.call('province', 'POST', '/api/holders', {
        kind: 'industry_org',
        name: '省养老服务协会',
        sector: 'life_services',
      })
    ).json().id;
    // Both far behind this year, so both get this week's reminders.
    for (const holderId of [own, other])
      await d.call('province', 'POST', '/api/holders/targets', {
        holderId,
        indicator: 'subsidized_trainings',
        year,
        value: 1_000_000,
      });
  }, 180_000);
  afterAll(() => d.close());

  it('signs in as a holder liaison linked to its holder', async () => {
    const me = (await d.call('hangxie', 'GET', '/api/me')).json();
    expect(me).toMatchObject({ role: 'holder_officer', roleName: { zh: '目标承担单位联络员' } });
    const [h] = await d.ctx.db.query<{ id: string }>(
      `SELECT id::text AS id FROM target_holders WHERE name = '江苏省机械行业协会'`,
    );
    expect(me.holderId).toBe(h!.id);
    expect(me.holderName).toBe('江苏省机械行业协会');
  });

  it('reads its own targets and pace: the rows the province’s board shows for it', async () => {
    const res = await board('hangxie', own);
    expect(res.statusCode).toBe(200);
    const mine = res.json();
    expect(mine.holder).toMatchObject({ name: '江苏省机械行业协会', kind: 'industry_org', sectorName: '先进制造业' });
    expect(mine.rows.map((r: { indicator: string }) => r.indicator).sort()).toEqual([
      'new_certificates',
      'new_high_skill',
      'subsidized_trainings',
    ]);
    const province = (await d.call('province', 'GET', `/api/programmes/board?asOf=${today}`)).json();
    expect(mine.rows).toEqual(province.holders.filter((h: { holderId: string }) => h.holderId === own));
    expect(mine.rows.find((r: { indicator: string }) => r.indicator === 'subsidized_trainings')).toMatchObject({
      target: 1_000_000,
      behind: true,
    });
  });

  it('sees nothing of another holder: its board is refused (403), an unknown one is 404', async () => {
    const res = await board('hangxie', other);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject(NOT_YOURS);
    expect(res.body).not.toContain('省养老服务协会');
    const unknown = await board('hangxie', '00000000-0000-4000-8000-000000000000');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'NOT_FOUND']);
    expect((await board('hangxie', 'nope')).statusCode).toBe(404);
    // A department reads its sectors' holders only; a city officer none.
    expect((await board('gongxin', own)).statusCode).toBe(200);
    expect((await board('gongxin', other)).json()).toMatchObject(NOT_YOURS);
    expect((await board('nanjing', own)).statusCode).toBe(403);
    expect((await board('province', other)).statusCode).toBe(200);
  });

  it('reaches none of the officials’ boards and registers', async () => {
    for (const url of [
      `/api/programmes/board?asOf=${today}`,
      '/api/holders',
      '/api/dashboard',
      '/api/kpi',
      '/api/targets/progress?dimension=sector',
      '/api/projects',
      '/api/persons',
    ]) {
      const res = await d.call('hangxie', 'GET', url);
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('gets its own holder’s reminders in the inbox, and a notice (消息) once per week and indicator', async () => {
    const inbox = (await d.call('hangxie', 'GET', `/api/inbox?week=${weekOf(today)}`)).json();
    expect(inbox.length).toBeGreaterThan(0);
    expect(new Set(inbox.map((r: { recipient_key: string }) => r.recipient_key))).toEqual(new Set([own]));
    expect(inbox.find((r: { indicator: string }) => r.indicator === 'subsidized_trainings')).toMatchObject({
      recipient_kind: 'holder',
      recipient_name: '江苏省机械行业协会',
      target: 1_000_000,
    });
    // The province sees the other holder's reminder too; hangxie may not mark it read.
    const all = (await d.call('province', 'GET', `/api/inbox?week=${weekOf(today)}&kind=holder`)).json();
    const others = all.filter((r: { recipient_key: string }) => r.recipient_key === other);
    expect(others.length).toBe(1);
    expect((await d.call('hangxie', 'POST', `/api/inbox/${others[0].id}/read`)).statusCode).toBe(403);
    const mine = inbox[0];
    expect((await d.call('hangxie', 'POST', `/api/inbox/${mine.id}/read`)).json()).toEqual({ id: mine.id, read: true });

    const notices = (await d.call('hangxie', 'GET', '/api/me/notices')).json();
    const behind = notices.items.filter((n: { kind: string }) => n.kind === 'holder_behind_pace');
    expect(behind.length).toBe(inbox.length);
    const trainings = behind.find((n: { title: { zh: string } }) => n.title.zh === '进度落后：补贴性培训人次');
    expect(trainings).toMatchObject({ link: '/my-targets' });
    expect(trainings.body.zh).toContain('江苏省机械行业协会的补贴性培训人次完成');
    expect(trainings.body.zh).toContain('年度目标 1,000,000');
    // The home page's to-do counts this week's reminders and opens the holder's page.
    const todos = (await d.call('hangxie', 'GET', '/api/me/todos')).json();
    expect(todos).toEqual([{ key: 'behindHolder', count: inbox.length, link: '/my-targets' }]);
    // Reading the inbox again brings the week up to date without telling anyone twice.
    await d.call('hangxie', 'GET', '/api/inbox');
    const again = (await d.call('hangxie', 'GET', '/api/me/notices')).json();
    expect(again.items.filter((n: { kind: string }) => n.kind === 'holder_behind_pace').length).toBe(behind.length);
    // Nobody else hears of this holder's pace by notice.
    const gx = (await d.call('gongxin', 'GET', '/api/me/notices')).json();
    expect(gx.items.filter((n: { kind: string }) => n.kind === 'holder_behind_pace')).toEqual([]);
  });

  it('an account of the role needs an existing holder, and only that role is linked to one', async () => {
    const make = (body: object) =>
      d.call('province', 'POST', '/api/users', {
        displayName: '联络员',
        password: 'Holder-Liaison-2025!',
        ...body,
      });
    const none = await make({ username: 'liaison1', role: 'holder_officer' });
    expect([none.statusCode, none.json()]).toEqual([
      400,
      expect.objectContaining({ code: 'SCOPE_REQUIRED', message: '目标承担单位联络员必须指定目标承担单位' }),
    ]);
    const ghost = await make({
      username: 'liaison2',
      role: 'holder_officer',
      holderId: '00000000-0000-4000-8000-000000000000',
    });
    expect([ghost.statusCode, ghost.json().code]).toEqual([400, 'UNKNOWN_HOLDER']);
    const city = await make({ username: 'liaison3', role: 'city_officer', cityCode: '320100', holderId: other });
    expect([city.statusCode, city.json()]).toEqual([
      400,
      expect.objectContaining({
        code: 'HOLDER_FOR_LIAISON_ONLY',
        message: '只有目标承担单位联络员账号关联目标承担单位',
        message_en: 'only a holder liaison account is linked to a target holder',
      }),
    ]);
    const ok = await make({ username: 'liaison4', role: 'holder_officer', holderId: other });
    expect(ok.statusCode).toBe(201);
    const [audit] = await d.ctx.db.query<{ after: { holderId: string } }>(
      `SELECT after FROM audit_log WHERE action = 'user.create' AND entity_id = $1`,
      [ok.json().id],
    );
    expect(audit!.after.holderId).toBe(other);
  });

  it('the account list names the liaison’s holder (never its id as the name); the province moves it to another holder, audited', async () => {
    const list = async () =>
      (await d.call('province', 'GET', '/api/users')).json() as {
        username: string;
        id: string;
        holder_id: string | null;
        holder_name: string | null;
      }[];
    const hx = (await list()).find((u) => u.username === 'hangxie')!;
    expect(hx).toMatchObject({ holder_id: own, holder_name: '江苏省机械行业协会' });
    expect((await list()).find((u) => u.username === 'nanjing')).toMatchObject({ holder_id: null, holder_name: null });

    const change = (user: string, id: string, body: object) => d.call(user, 'PATCH', `/api/users/${id}`, body);
    const liaison = (
      await d.call('province', 'POST', '/api/users', {
        username: 'liaison5',
        displayName: '联络员',
        password: 'Holder-Liaison-2025!',
        role: 'holder_officer',
        holderId: own,
      })
    ).json().id;
    expect((await change('province', liaison, { holderId: other, displayName: '养老协会联络员' })).statusCode).toBe(
      200,
    );
    expect((await list()).find((u) => u.id === liaison)).toMatchObject({ holder_name: '省养老服务协会' });
    const [audit] = await d.ctx.db.query<{ before: object; after: object }>(
      `SELECT before, after FROM audit_log WHERE action = 'user.update' AND entity_id = $1`,
      [liaison],
    );
    expect(audit).toEqual({
      before: { displayName: '联络员', holderId: own },
      after: { displayName: '养老协会联络员', holderId: other },
    });

    // The same refusals as creating one, in both languages; only the province changes accounts.
    const none = await change('province', liaison, { holderId: null });
    expect([none.statusCode, none.json()]).toEqual([
      400,
      expect.objectContaining({
        code: 'SCOPE_REQUIRED',
        message: '目标承担单位联络员必须指定目标承担单位',
        message_en: 'a holder liaison needs a target holder',
      }),
    ]);
    const ghost = await change('province', liaison, { holderId: '00000000-0000-4000-8000-000000000000' });
    expect([ghost.statusCode, ghost.json().code, ghost.json().message]).toEqual([
      400,
      'UNKNOWN_HOLDER',
      '目标承担单位不存在：00000000-0000-4000-8000-000000000000',
    ]);
    const nj = (await list()).find((u) => u.username === 'nanjing')!;
    const city = await change('province', nj.id, { holderId: other });
    expect([city.statusCode, city.json().code]).toEqual([400, 'HOLDER_FOR_LIAISON_ONLY']);
    const bad = await change('province', liaison, { holderId: 'not-a-uuid' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/[\u4e00-\u9fff]/);
    const missing = await change('province', '00000000-0000-4000-8000-000000000000', { displayName: '某人' });
    expect([missing.statusCode, missing.json().message]).toEqual([404, '账号不存在']);
    expect((await change('hangxie', liaison, { holderId: own })).statusCode).toBe(403);
    expect((await change('gongxin', liaison, { holderId: own })).statusCode).toBe(403);
    // Nothing of the refused changes was stored.
    expect((await list()).find((u) => u.id === liaison)).toMatchObject({ holder_id: other });
    // The liaison reads its new holder's board at once, and no longer the old one's.
    d.tokens.liaison5 = await bearerToken(d.app, 'liaison5', 'Holder-Liaison-2025!');
    expect((await board('liaison5', other)).statusCode).toBe(200);
    expect((await board('liaison5', own)).statusCode).toBe(403);
  });
  it('no one escalates through an account change: officers and liaisons are refused, role and scope fields are not changeable', async () => {
    const users = (await d.call('province', 'GET', '/api/users')).json() as {
      id: string;
      username: string;
      role: string;
      city_code: string | null;
      holder_id: string | null;
    }[];
    const nj = users.find((u) => u.username === 'nanjing')!;
    const hx = users.find((u) => u.username === 'hangxie')!;
    const escalate = { displayName: '省厅', role: 'province_admin', cityCode: null, holderId: null };
    for (const [user, id] of [
      ['nanjing', nj.id],
      ['hangxie', hx.id],
      ['gongxin', nj.id],
    ] as const) {
      const res = await d.call(user, 'PATCH', `/api/users/${id}`, escalate);
      expect(res.statusCode, user).toBe(403);
      expect(res.json().message).toMatch(/[\u4e00-\u9fff]/);
    }
    // The province's own change of a city officer: role and city are not fields of a change.
    const res = await d.call('province', 'PATCH', `/api/users/${nj.id}`, { role: 'province_admin', cityCode: null });
    expect(res.statusCode).toBe(200);
    const after = ((await d.call('province', 'GET', '/api/users')).json() as typeof users).find((u) => u.id === nj.id);
    expect(after).toMatchObject({ role: nj.role, city_code: nj.city_code, holder_id: null });
    expect((await d.call('nanjing', 'GET', '/api/me')).json()).toMatchObject({
      role: 'city_officer',
      cityCode: nj.city_code,
    });
  });

  it('refuses a display name that is blank, too long, or carries control or text-direction characters; trims the rest', async () => {
    const hx = ((await d.call('province', 'GET', '/api/users')).json() as { id: string; username: string }[]).find(
      (u) => u.username === 'hangxie',
    )!;
    const garbage = [
      '   ',
      '\u3000',
      '管理员\u202Egnp.exe',
      '\u2067联络员\u2069',
      '\u001b[31m红色',
      '第一行\r\n第二行',
      '\u0007响铃',
      'x'.repeat(10_000),
    ];
    for (const displayName of garbage) {
      const res = await d.call('province', 'PATCH', `/api/users/${hx.id}`, { displayName });
      expect(res.statusCode, JSON.stringify(displayName)).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.any(String),
        message_en: expect.any(String),
      });
      const created = await d.call('province', 'POST', '/api/users', {
        username: 'garbage1',
        displayName,
        password: 'Holder-Liaison-2025!',
        role: 'city_officer',
        cityCode: '320100',
      });
      expect(created.statusCode, JSON.stringify(displayName)).toBe(400);
    }
    // Names that look odd but are names: prototype words, emoji, a middle dot.
    for (const displayName of ['__proto__', 'constructor', 'toString', '阿依古丽·买买提', '👷 王工']) {
      const res = await d.call('province', 'PATCH', `/api/users/${hx.id}`, { displayName: ` ${displayName} ` });
      expect(res.statusCode, displayName).toBe(200);
      expect((await d.call('hangxie', 'GET', '/api/me')).json().displayName).toBe(displayName);
    }
    expect(
      (await d.call('province', 'PATCH', `/api/users/${hx.id}`, { displayName: '机械协会联络员' })).statusCode,
    ).toBe(200);
  });
});
