import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor } from '../src/kernel/auth.ts';
import { chinaDate, fixedClock } from '../src/kernel/clock.ts';
import { addDays } from '../src/kernel/dates.ts';
import { actorOfUser } from '../src/modules/accounts/index.ts';
import { creditCheckChar } from '../src/modules/registry/index.ts';
import { expertTotalCenti, meanCenti, publishResult, type Criterion } from '../src/modules/selection/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const PDF = Buffer.from('%PDF-1.4\n%办学许可证\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const creditCode = (n: number) => {
  const f = `52320100MJ${String(n).padStart(7, '0')}`;
  return f + creditCheckChar(f);
};

/** A multipart body as the browser's FormData sends it: the `application` JSON, then the files. */
function multipart(application: object | string, files: { name: string; type: string; content: Buffer }[]) {
  const boundary = '----jinengselection';
  const json = typeof application === 'string' ? application : JSON.stringify(application);
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="application"\r\n\r\n${json}\r\n`),
  ];
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const form = (code: string, name: string) => ({
  creditCode: code,
  name,
  cityCode: '320100',
  type: 'private',
  roles: ['training'],
  sites: [{ name: '江北实训基地', address: '南京市浦口区江浦街道1号' }],
  occupations: [{ occupationCode: '6-18-02-04', level: 'L4' }],
  teachers: [
    { name: '王建国', qualification: '焊工高级技师' },
    { name: '李娟', qualification: '焊工技师' },
  ],
  capacity: 120,
  contactName: '周敏',
  contactPhone: '13812345678',
});

describe('遴选: institution selection', () => {
  let d: DemoApp;
  let province: Actor;
  const today = chinaDate(new Date());
  const ALL = { qualification: 80, teachers: 80, facilities: 80, programmes: 80, performance: 80 };

  const submit = (
    application: object | string,
    files = [{ name: '许可证.pdf', type: 'application/pdf', content: PDF }],
  ) => {
    const m = multipart(application, files);
    return d.app.inject({ method: 'POST', url: '/api/public/selection/applications', ...m });
  };
  const asApplicant = (url: string, key: string) =>
    d.app.inject({ method: 'GET', url, headers: { 'x-access-key': key } });

  beforeAll(async () => {
    process.env.JINENG_SELECTION_PER_MINUTE = '100';
    d = await demoApp(['province', 'nanjing', 'wuxi', 'gongxin', 'jiuye', 'jigou']);
    province = (await actorOfUser(d.ctx.db, 'province'))!;
  });
  afterAll(() => d?.close());

  let a: { id: string; number: string; accessKey: string };
  let b: { id: string; number: string; accessKey: string };

  it('an institution applies with its documents and reads its own application with the access key', async () => {
    const res = await submit(form(creditCode(1), '南京江北焊接技能培训学校'), [
      { name: '许可证.pdf', type: 'application/pdf', content: PDF },
      { name: '场地照片.png', type: 'image/png', content: PNG },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    a = res.json();
    expect(a.number).toMatch(/^XS\d{4}\d{4}$/);
    expect(res.json().application).toMatchObject({ status: 'submitted', criteriaVersion: 1, experts: [] });
    const own = await asApplicant(`/api/public/selection/applications/${a.number}`, a.accessKey);
    expect(own.statusCode).toBe(200);
    expect(own.json().documents.map((x: { fileName: string }) => x.fileName)).toEqual(['许可证.pdf', '场地照片.png']);
    const file = await asApplicant(`/api/public/selection/applications/${a.number}/documents/2`, a.accessKey);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
  });

  it('refuses a second open application for the same credit code, a bad credit code, and an application without documents', async () => {
    const again = await submit(form(creditCode(1), '南京江北焊接技能培训学校'));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('APPLICATION_OPEN');
    const badCode = await submit(form('52320100MJ00000010', '某机构'));
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().code).toBe('CREDIT_CODE_CHECK');
    const noDocs = await submit(form(creditCode(2), '南京鼓楼家政培训中心'), []);
    expect(noDocs.statusCode).toBe(400);
    expect(noDocs.json()).toMatchObject({ code: 'DOCUMENTS_REQUIRED', details: { field: 'files' } });
    const notJson = await submit('{oops');
    expect(notJson.json()).toMatchObject({ code: 'BAD_FIELD', details: { field: 'application' } });
    const exe = await submit(form(creditCode(2), '南京鼓楼家政培训中心'), [
      { name: 'x.pdf', type: 'application/pdf', content: Buffer.from('MZ not a pdf') },
    ]);
    expect(exe.json().code).toBe('BAD_FILE_TYPE');
  });

  it('a third party cannot read another applicant’s application or documents', async () => {
    const res = await submit(form(creditCode(3), '南京秦淮养老护理培训学校'));
    b = res.json();
    // another applicant's key, no key, a guessed key: all "not found" (nothing revealed)
    for (const key of [b.accessKey, '', 'guess'])
      for (const url of [
        `/api/public/selection/applications/${a.number}`,
        `/api/public/selection/applications/${a.number}/documents/1`,
      ]) {
        const r = await asApplicant(url, key);
        expect(r.statusCode, url).toBe(404);
      }
    // another institution's staff account may not use the officials' routes
    const staff = await d.call('jigou', 'GET', `/api/selection/applications/${a.id}/documents/1`);
    expect(staff.statusCode).toBe(403);
    // an official outside the applicant's city, not appointed: out of scope
    const wuxi = await d.call('wuxi', 'GET', `/api/selection/applications/${b.id}/documents/1`);
    expect(wuxi.statusCode).toBe(403);
    expect(wuxi.json().code).toBe('OUT_OF_SCOPE');
    // the city officer of the applicant's city reads it (and the reading is audited)
    expect((await d.call('nanjing', 'GET', `/api/selection/applications/${b.id}/documents/1`)).statusCode).toBe(200);
  });

  it('experts are appointed; one with a declared conflict cannot score; two others score against the published criteria', async () => {
    const notOfficial = await d.call('nanjing', 'POST', `/api/selection/applications/${a.id}/experts`, {
      usernames: ['jigou'],
    });
    expect(notOfficial.json().code).toBe('NOT_AN_EXPERT');
    const self = await d.call('nanjing', 'POST', `/api/selection/applications/${a.id}/experts`, {
      usernames: ['nanjing'],
    });
    expect(self.json().code).toBe('SELF_APPOINTMENT');
    const appointed = await d.call('nanjing', 'POST', `/api/selection/applications/${a.id}/experts`, {
      usernames: ['wuxi', 'gongxin', 'jiuye'],
    });
    expect(appointed.statusCode, appointed.body).toBe(200);
    expect(appointed.json().experts).toHaveLength(3);

    // scoring before declaring is refused
    const early = await d.call('gongxin', 'POST', `/api/selection/applications/${a.id}/scores`, { scores: ALL });
    expect(early.json().code).toBe('CONFLICT_NOT_DECLARED');
    // wuxi declares a conflict; its score is barred
    expect(
      (
        await d.call('wuxi', 'POST', `/api/selection/applications/${a.id}/conflict`, {
          conflict: true,
          note: '本人曾在该机构兼职授课',
        })
      ).statusCode,
    ).toBe(200);
    const barred = await d.call('wuxi', 'POST', `/api/selection/applications/${a.id}/scores`, { scores: ALL });
    expect(barred.statusCode).toBe(403);
    expect(barred.json().code).toBe('EXPERT_CONFLICT');
    // an official not appointed cannot score
    const stranger = await d.call('nanjing', 'POST', `/api/selection/applications/${a.id}/scores`, { scores: ALL });
    expect(stranger.json().code).toBe('NOT_APPOINTED');

    for (const u of ['gongxin', 'jiuye'])
      await d.call(u, 'POST', `/api/selection/applications/${a.id}/conflict`, { conflict: false });
    const partial = await d.call('gongxin', 'POST', `/api/selection/applications/${a.id}/scores`, {
      scores: { qualification: 90 },
    });
    expect(partial.json()).toMatchObject({ code: 'BAD_SCORE', details: { field: 'scores.teachers' } });
    // publishing with one score is refused
    expect((await d.call('province', 'POST', `/api/selection/applications/${a.id}/publish`, {})).json().code).toBe(
      'SCORING_INCOMPLETE',
    );
    const g = await d.call('gongxin', 'POST', `/api/selection/applications/${a.id}/scores`, {
      scores: { qualification: 90, teachers: 80, facilities: 70, programmes: 85, performance: 75 },
      comment: '师资较强',
    });
    expect(g.statusCode, g.body).toBe(200);
    // an expert sees their own entry only (weighted: .15×90 + .25×80 + .25×70 + .15×85 + .20×75 = 78.75)
    expect(g.json().experts).toEqual([expect.objectContaining({ username: 'gongxin', total: 78.75 })]);
    expect(g.json().contactPhone).toBe('138****5678');
    const again = await d.call('gongxin', 'POST', `/api/selection/applications/${a.id}/scores`, { scores: ALL });
    expect(again.json().code).toBe('ALREADY_SCORED');
    await d.call('jiuye', 'POST', `/api/selection/applications/${a.id}/scores`, { scores: ALL });
    const full = (await d.call('province', 'GET', `/api/selection/applications/${a.id}`)).json();
    expect(full.experts.map((e: { username: string; total: number | null }) => [e.username, e.total])).toEqual([
      ['gongxin', 78.75],
      ['jiuye', 80],
      ['wuxi', null],
    ]);
    // the city may not publish: the province does
    expect((await d.call('nanjing', 'POST', `/api/selection/applications/${a.id}/publish`, {})).statusCode).toBe(403);
  });

  it('submitted → scored by two experts → notice period → listed, and the listed institution can be dispatched a project', async () => {
    // The province published the result ten days ago, so the 7-day notice period is over today.
    const published = await publishResult(
      d.ctx.db,
      province,
      a.id,
      fixedClock(`${addDays(today, -10)}T10:00:00+08:00`),
    );
    expect(published).toMatchObject({ status: 'notice', result: 79.38, noticeUntil: addDays(today, -4) });
    // before listing, dispatch to it is refused
    const project = {
      title: '焊工培训班（遴选新机构）',
      occupationCode: '6-18-02-04',
      kind: 'employment_skills',
      keyTask: 1,
      startDate: addDays(today, 5),
      endDate: addDays(today, 40),
      plannedHours: 80,
      plannedTrainees: 20,
      modules: [],
      price: '1800',
      institutionCode: creditCode(1),
    };
    expect((await d.call('nanjing', 'POST', '/api/projects', project)).json().code).toBe('UNKNOWN_INSTITUTION');
    const listed = await d.call('province', 'POST', `/api/selection/applications/${a.id}/list`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      roles: ['training'],
      listedFrom: today,
      listedUntil: `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`,
    });
    const [row] = await d.ctx.db.query<{ listed_from: string; capacity: number; review_due_on: string }>(
      'SELECT listed_from, capacity, review_due_on FROM institutions WHERE credit_code = $1',
      [creditCode(1)],
    );
    expect(row).toMatchObject({ listed_from: today, capacity: 120 });
    const detail = (await d.call('nanjing', 'GET', `/api/institutions/${creditCode(1)}`)).json();
    expect(detail).toMatchObject({
      listed_from: today,
      listed_until: listed.json().listedUntil,
      review_due_on: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`,
    });
    const own = await asApplicant(`/api/public/selection/applications/${a.number}`, a.accessKey);
    expect(own.json()).toMatchObject({ status: 'listed', listedOn: today });
    const dispatched = await d.call('nanjing', 'POST', '/api/projects', project);
    expect(dispatched.statusCode, dispatched.body).toBe(201);
    // listing twice is refused
    expect((await d.call('province', 'POST', `/api/selection/applications/${a.id}/list`)).json().code).toBe(
      'NOT_IN_NOTICE',
    );
  });

  it('refuses listing before the notice period ends and while an objection is open; an upheld objection refuses the listing', async () => {
    await d.call('province', 'POST', `/api/selection/applications/${b.id}/experts`, {
      usernames: ['gongxin', 'jiuye'],
    });
    for (const u of ['gongxin', 'jiuye']) {
      await d.call(u, 'POST', `/api/selection/applications/${b.id}/conflict`, { conflict: false });
      await d.call(u, 'POST', `/api/selection/applications/${b.id}/scores`, { scores: ALL });
    }
    const pub = await d.call('province', 'POST', `/api/selection/applications/${b.id}/publish`, {});
    expect(pub.json()).toMatchObject({ status: 'notice', noticeFrom: today, noticeUntil: addDays(today, 6) });
    // on the public notice page, without contact or documents
    const notices = (await d.call('', 'GET', '/api/public/selection/notices')).json();
    const mine = notices.find((n: { id: string }) => n.id === b.id);
    expect(mine).toMatchObject({ name: '南京秦淮养老护理培训学校', result: 80 });
    expect(mine).not.toHaveProperty('contactPhone');

    const early = await d.call('province', 'POST', `/api/selection/applications/${b.id}/list`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'NOTICE_NOT_OVER', details: { noticeUntil: addDays(today, 6) } });

    const short = await d.call('', 'POST', `/api/public/selection/notices/${b.id}/objections`, { reason: '太短' });
    expect(short.json().code).toBe('TEXT_REQUIRED');
    const objection = await d.call('', 'POST', `/api/public/selection/notices/${b.id}/objections`, {
      reason: '该机构申报的实训场地实为租用的仓库，未配备护理实训设备。',
      contact: '13900000000',
    });
    expect(objection.statusCode).toBe(201);
    // an objection open, even after the period, refuses the listing
    const { listSelectedApplication } = await import('../src/workflows/list-selected-institution.ts');
    const later = fixedClock(`${addDays(today, 8)}T10:00:00+08:00`);
    await expect(listSelectedApplication(d.ctx.db, province, b.id, later)).rejects.toMatchObject({
      code: 'OBJECTIONS_OPEN',
    });
    const upheld = await d.call(
      'province',
      'POST',
      `/api/selection/applications/${b.id}/objections/${objection.json().id}/decide`,
      { outcome: 'upheld', answer: '经现场核查，场地不符合条件，不予列入。' },
    );
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect(upheld.json()).toMatchObject({ status: 'rejected', decisionNote: '经现场核查，场地不符合条件，不予列入。' });
    await expect(listSelectedApplication(d.ctx.db, province, b.id, later)).rejects.toMatchObject({
      code: 'NOT_IN_NOTICE',
    });
    // the applicant reads the outcome and the answer, not who objected
    const own = (await asApplicant(`/api/public/selection/applications/${b.number}`, b.accessKey)).json();
    expect(own.objections).toEqual([expect.objectContaining({ status: 'upheld', contact: null })]);
    // an objection after the notice is no longer in notice
    const late = await d.call('', 'POST', `/api/public/selection/notices/${b.id}/objections`, {
      reason: '补充异议：该机构教师资格证书存疑。',
    });
    expect(late.json().code).toBe('NOT_IN_NOTICE');
  });

  it('the province publishes a new criteria version; weights must sum to 100', async () => {
    const bad = await d.call('province', 'POST', '/api/selection/criteria', {
      criteria: [{ code: 'teachers', zh: '师资', en: 'Teachers', weight: 60 }],
      passMark: 60,
      noticeDays: 7,
      validityYears: 3,
      reviewMonths: 12,
    });
    expect(bad.json()).toMatchObject({ code: 'BAD_CRITERIA', details: { field: 'criteria' } });
    expect((await d.call('nanjing', 'POST', '/api/selection/criteria', {})).statusCode).toBe(403);
    const ok = await d.call('province', 'POST', '/api/selection/criteria', {
      criteria: [
        { code: 'teachers', zh: '师资', en: 'Teachers', weight: 60 },
        { code: 'facilities', zh: '场地设施', en: 'Facilities', weight: 40 },
      ],
      passMark: 70,
      noticeDays: 5,
      validityYears: 2,
      reviewMonths: 12,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().version).toBe(2);
    const published = (await d.call('', 'GET', '/api/public/selection/criteria')).json();
    expect(published.map((c: { version: number }) => c.version)).toEqual([2, 1]);
  });
});

describe('遴选 scoring arithmetic', () => {
  const criteria: Criterion[] = [
    { code: 'a', zh: 'a', en: 'a', weight: 15 },
    { code: 'b', zh: 'b', en: 'b', weight: 25 },
    { code: 'c', zh: 'c', en: 'c', weight: 60 },
  ];
  it('an expert total lies between the lowest and highest criterion score and is exact in hundredths', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100)), ([a, b, c]) => {
        const t = expertTotalCenti(criteria, { a, b, c });
        expect(Number.isInteger(t)).toBe(true);
        expect(t).toBeGreaterThanOrEqual(Math.min(a, b, c) * 100);
        expect(t).toBeLessThanOrEqual(Math.max(a, b, c) * 100);
        expect(t).toBe(15 * a + 25 * b + 60 * c);
      }),
    );
  });
  it('the mean of equal totals is that total; the mean rounds half up', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: 2, max: 9 }), (t, n) => {
        expect(meanCenti(Array(n).fill(t))).toBe(t);
      }),
    );
    expect(meanCenti([7875, 8000])).toBe(7938);
  });
});
