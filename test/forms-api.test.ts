import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { idCheckChar } from '../src/modules/registry/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * What the web forms stand on: an institution's registered sites (list, add from a map click),
 * sessions held at one of them, the pickers' person search and enrolment by pick or by pasted
 * list — each within the caller's scope (an institution its own, a city its city).
 */
describe('sites, person search and enrolment for the forms', () => {
  let d: DemoApp;
  const JIGOU = '12320100914177769G';
  const PINGJIA = '523201001953640571';
  const XIELEI = '320311199409187319';
  const now = Date.now();
  const day = (offset: number) => chinaDate(new Date(now + offset * 86_400_000));
  let projectCode = '';
  /** A Nanjing resident in a target group, never enrolled with jigou nor asking for its training, with the full ID. */
  let stranger: { person_key: string; name: string; id: string };
  /** A Wuxi resident. */
  let wuxiPerson: { person_key: string; name: string };
  /** Someone enrolled in jigou's demo class P000001. */
  let trainee: { person_key: string; name: string; id_masked: string };

  type Match = { personKey: string; name: string; idMasked: string; inProject: boolean | null };
  const search = async (user: string, q: string, project?: string) => {
    const res = await d.call(
      user,
      'GET',
      `/api/persons/search?q=${encodeURIComponent(q)}${project ? `&project=${project}` : ''}`,
    );
    return { status: res.statusCode, body: res.json(), raw: res.body };
  };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi', 'jigou', 'pingjia', 'xielei']);
    const db = d.ctx.db;
    [trainee] = await db.query(
      `SELECT p.person_key, p.name, p.id_masked FROM enrolments e JOIN persons p ON p.person_key = e.person_key
       WHERE e.project_code = 'P000001' ORDER BY p.name LIMIT 1`,
    );
    const [s] = await db.query<{ person_key: string; name: string; id_enc: string }>(
      `SELECT person_key, name, id_enc FROM persons p WHERE city_code = '320100' AND cardinality(groups) > 0
         AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.person_key = p.person_key)
         AND NOT EXISTS (SELECT 1 FROM training_requests r WHERE r.person_key = p.person_key)
       ORDER BY person_key LIMIT 1`,
    );
    stranger = { person_key: s.person_key, name: s.name, id: d.ctx.vault.decrypt(s.id_enc) };
    [wuxiPerson] = await db.query(`SELECT person_key, name FROM persons WHERE city_code = '320200' LIMIT 1`);
    // 点单 by 谢磊, then 派单 to jigou serving it, accepted: the class the forms schedule and fill.
    const request = (await d.call('xielei', 'POST', '/api/training-requests', { occupationCode: '6-18-02-04' })).json();
    const res = await d.call('nanjing', 'POST', '/api/projects', {
      title: '焊工培训班（表单）',
      occupationCode: '6-18-02-04',
      kind: 'employment_skills',
      keyTask: 1,
      startDate: day(1),
      endDate: day(40),
      plannedHours: 80,
      plannedTrainees: 30,
      modules: [],
      price: '1800',
      institutionCode: JIGOU,
      requests: [request.requestId],
    });
    expect(res.statusCode, res.body).toBe(201);
    projectCode = res.json().projectCode;
    expect((await d.call('jigou', 'POST', `/api/projects/${projectCode}/accept`)).statusCode).toBe(200);
  });
  afterAll(() => d?.close());

  describe('培训场所', () => {
    it('an institution lists its own registered sites and adds one picked on the map; the addition is audited', async () => {
      const mine = await d.call('jigou', 'GET', '/api/sites');
      expect(mine.statusCode).toBe(200);
      expect(mine.json().map((s: { name: string }) => s.name)).toEqual(['本部实训楼', '江宁焊接实训基地']);
      const added = await d.call('jigou', 'POST', '/api/sites', {
        name: '  浦口实训中心 ',
        address: '南京市浦口区',
        lat: 32.0587654321,
        lon: 118.6281234567,
      });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toMatchObject({
        institutionCode: JIGOU,
        name: '浦口实训中心',
        lat: 32.058765,
        lon: 118.628123,
      });
      const [audit] = await d.ctx.db.query<{ action: string; actor: string }>(
        `SELECT action, actor FROM audit_log WHERE action = 'site.create' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
        [JIGOU],
      );
      expect(audit).toEqual({ action: 'site.create', actor: 'institution_staff:jigou' });
      // Officials see it in the institution's history.
      const history = (await d.call('nanjing', 'GET', `/api/institutions/${JIGOU}`)).json().history;
      expect(JSON.stringify(history)).toContain('浦口实训中心');
    });

    it('refuses a second site of the same name, a point outside Jiangsu, and a missing name, in both languages', async () => {
      const again = await d.call('jigou', 'POST', '/api/sites', { name: '本部实训楼', lat: 32.1, lon: 118.8 });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'SITE_EXISTS', message: expect.stringContaining('本部实训楼') });
      for (const [lat, lon] of [
        [39.9, 116.4], // Beijing
        [31.23, 121.47 + 1], // the sea east of Shanghai
        [Number.NaN, 118.8],
      ]) {
        const out = await d.call('jigou', 'POST', '/api/sites', { name: '场外', lat, lon });
        expect(out.statusCode).toBe(400);
        expect(out.json().code).toMatch(/SITE_OUTSIDE_JIANGSU|INVALID_REQUEST/);
      }
      const beijing = (await d.call('jigou', 'POST', '/api/sites', { name: '场外', lat: 39.9, lon: 116.4 })).json();
      expect(beijing).toMatchObject({ code: 'SITE_OUTSIDE_JIANGSU', message_en: expect.stringContaining('Jiangsu') });
      const blank = (await d.call('jigou', 'POST', '/api/sites', { name: '  ', lat: 32.1, lon: 118.8 })).json();
      expect(blank.code).toBe('BAD_SITE_NAME');
    });

    it('keeps sites within scope: another institution, another city and a worker are refused', async () => {
      const other = await d.call('pingjia', 'GET', `/api/sites?institution=${JIGOU}`);
      expect(other.statusCode).toBe(403);
      expect(other.json().code).toBe('OUT_OF_SCOPE');
      expect((await d.call('pingjia', 'GET', '/api/sites')).json()).toEqual([]);
      expect(
        (await d.call('pingjia', 'POST', '/api/sites', { institutionCode: JIGOU, name: 'x', lat: 32, lon: 118.8 }))
          .statusCode,
      ).toBe(403);
      // Wuxi's officer may not read or add Nanjing's institution's sites; Nanjing's may, and the province.
      expect((await d.call('wuxi', 'GET', `/api/sites?institution=${JIGOU}`)).json().code).toBe('OUT_OF_SCOPE');
      expect(
        (
          await d.call('wuxi', 'POST', '/api/sites', {
            institutionCode: JIGOU,
            name: '无锡代加',
            lat: 31.5,
            lon: 120.3,
          })
        ).statusCode,
      ).toBe(403);
      expect((await d.call('nanjing', 'GET', `/api/sites?institution=${JIGOU}`)).json()).toHaveLength(3);
      const byCity = await d.call('nanjing', 'POST', '/api/sites', {
        institutionCode: JIGOU,
        name: '市局核定教学点',
        lat: 32.04,
        lon: 118.79,
      });
      expect(byCity.statusCode).toBe(201);
      expect((await d.call('province', 'GET', `/api/sites?institution=${JIGOU}`)).json()).toHaveLength(4);
      expect((await d.call('nanjing', 'GET', '/api/sites')).json().code).toBe('INSTITUTION_REQUIRED');
      expect((await d.call('xielei', 'GET', `/api/sites?institution=${JIGOU}`)).statusCode).toBe(403);
    });
  });

  describe('排课 at a registered site, in China time', () => {
    it('copies the chosen site onto the session; the time picked is the time stored and shown', async () => {
      const sites = (await d.call('jigou', 'GET', '/api/sites')).json();
      const campus = sites.find((s: { name: string }) => s.name === '本部实训楼');
      const date = day(7);
      const res = await d.call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
        startsAt: `${date}T09:00+08:00`,
        endsAt: `${date}T12:00+08:00`,
        siteId: campus.id,
        teacher: '王师傅',
        mode: 'theory',
      });
      expect(res.statusCode, res.body).toBe(201);
      const p = (await d.call('jigou', 'GET', `/api/projects/${projectCode}`)).json();
      expect(p.sessions[0]).toMatchObject({
        site_name: '本部实训楼',
        site_lat: 32.103338,
        site_lon: 118.818079,
        starts_at: new Date(`${date}T01:00:00Z`).toISOString(),
        ends_at: new Date(`${date}T04:00:00Z`).toISOString(),
      });
      // A China wall-clock time means the same moment.
      const wall = await d.call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
        startsAt: `${date} 14:00`,
        endsAt: `${date} 17:00`,
        siteId: campus.id,
        teacher: '王师傅',
        mode: 'practice',
      });
      expect(wall.statusCode).toBe(201);
      const again = (await d.call('jigou', 'GET', `/api/projects/${projectCode}`)).json();
      expect(again.sessions[1].starts_at).toBe(new Date(`${date}T06:00:00Z`).toISOString());
    });

    it('refuses a site of another institution, and a session with neither a site nor an inline place', async () => {
      const theirs = (
        await d.call('province', 'POST', '/api/sites', {
          institutionCode: PINGJIA,
          name: '评价中心',
          lat: 32,
          lon: 118.7,
        })
      ).json();
      const date = day(8);
      const base = { startsAt: `${date} 09:00`, endsAt: `${date} 11:00`, teacher: '王师傅', mode: 'theory' };
      const foreign = await d.call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, {
        ...base,
        siteId: theirs.id,
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json()).toMatchObject({ code: 'UNKNOWN_SITE', message_en: expect.stringContaining('registered') });
      const none = await d.call('jigou', 'POST', `/api/projects/${projectCode}/sessions`, base);
      expect(none.statusCode).toBe(400);
      expect(none.json().code).toBe('BAD_COORDINATES');
    });
  });

  describe('选人: person search scoped to the caller', () => {
    it('a city officer finds residents of their city by name or by a piece of the masked ID, never another city’s', async () => {
      const byName = await search('nanjing', stranger.name);
      expect(byName.status).toBe(200);
      expect(byName.body.map((m: Match) => m.personKey)).toContain(stranger.person_key);
      expect(byName.raw).not.toContain(stranger.id);
      const tail = stranger.id.slice(-4);
      expect((await search('nanjing', tail)).body.map((m: Match) => m.personKey)).toContain(stranger.person_key);
      expect((await search('nanjing', stranger.id)).body.map((m: Match) => m.personKey)).toEqual([stranger.person_key]);
      expect((await search('nanjing', wuxiPerson.name)).body.map((m: Match) => m.personKey)).not.toContain(
        wuxiPerson.person_key,
      );
      expect((await search('wuxi', wuxiPerson.name)).body.map((m: Match) => m.personKey)).toContain(
        wuxiPerson.person_key,
      );
      // A project of another city is out of scope as a search context.
      expect((await search('wuxi', '谢', projectCode)).body.code).toBe('OUT_OF_SCOPE');
    });

    it('an institution finds only persons in its projects: trainees, and requesters its project was dispatched for', async () => {
      const requester = await search('jigou', '谢磊', projectCode);
      expect(requester.status).toBe(200);
      expect(requester.body).toEqual([
        expect.objectContaining({ name: '谢磊', idMasked: '3203**********7319', inProject: false, groups: ['G2'] }),
      ]);
      expect((await search('jigou', trainee.name)).body.map((m: Match) => m.idMasked)).toContain(trainee.id_masked);
      // A resident who never came near jigou is not found, by name or by full number.
      expect((await search('jigou', stranger.name)).body).toEqual([]);
      expect((await search('jigou', stranger.id)).body).toEqual([]);
      // Another institution's project as the context is refused; so is a search by a worker.
      expect((await search('pingjia', '谢磊', projectCode)).body.code).toBe('OUT_OF_SCOPE');
      expect((await search('pingjia', stranger.name)).body).toEqual([]);
      expect((await search('xielei', '谢磊')).status).toBe(403);
      // Too short a piece of an ID matches nothing rather than everyone.
      expect((await search('jigou', '**')).body).toEqual([]);
      expect((await search('jigou', '')).status).toBe(400);
    });

    it('enrols by a picked person within scope, and refuses a key from outside it', async () => {
      const [xl] = (await search('jigou', '谢磊', projectCode)).body as Match[];
      const ok = await d.call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, { personKey: xl.personKey });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ name: '谢磊', idMasked: '3203**********7319' });
      expect((await search('jigou', '谢磊', projectCode)).body[0].inProject).toBe(true);
      const out = await d.call('jigou', 'POST', `/api/projects/${projectCode}/enrolments`, {
        personKey: stranger.person_key,
      });
      expect(out.statusCode).toBe(403);
      expect(out.json().code).toBe('OUT_OF_SCOPE');
    });
  });

  describe('考生: assessment candidates picked or pasted', () => {
    const assessment = (over: object) =>
      d.call('pingjia', 'POST', '/api/assessments', {
        occupationCode: '6-18-02-04',
        kind: 'skill_level',
        level: 'L5',
        scheduledOn: day(10),
        ...over,
      });

    it('takes candidates the evaluator found among its projects’ trainees, and refuses one outside them', async () => {
      // pingjia evaluates jigou's P000001: its trainees are in pingjia's search scope.
      const found = (await search('pingjia', trainee.name)).body.find((m: Match) => m.idMasked === trainee.id_masked);
      expect(found).toBeDefined();
      const ok = await assessment({ personKeys: [found.personKey] });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().candidates).toBe(1);
      const out = await assessment({ personKeys: [stranger.person_key] });
      expect(out.statusCode).toBe(403);
      expect(out.json().code).toBe('OUT_OF_SCOPE');
    });

    it('names every wrong line of a pasted list in one bilingual refusal', async () => {
      const badCheck = `${XIELEI.slice(0, 17)}${XIELEI[17] === '0' ? '1' : '0'}`;
      const unknown = `32010219900101001${idCheckChar('32010219900101001')}`;
      const res = await assessment({ idNumbers: [XIELEI, badCheck, '', unknown] });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe('ID_CHECK_DIGIT');
      expect(body.message).toMatch(/第2行 身份证号校验码错误.*；第4行 未在实名库中登记/);
      expect(body.message_en).toMatch(/line 2: .*; line 4: not in the real-name registry/);
      expect(body.details.lines.map((l: { line: number; code: string }) => [l.line, l.code])).toEqual([
        [2, 'ID_CHECK_DIGIT'],
        [4, 'UNKNOWN_PERSON'],
      ]);
      expect(res.body).not.toContain(XIELEI);
      expect(res.body).not.toContain(unknown);
    });
  });

  describe('批量报名: a pasted list, one answer per line', () => {
    it('adds the eligible, says which are not found and which are not eligible, with reasons in both languages', async () => {
      const unknown = `32010219900101001${idCheckChar('32010219900101001')}`; // valid, but in no registry
      const noGroup = '320602197801262054'; // 方静华: in no target group
      const res = await d.call('jigou', 'POST', `/api/projects/${projectCode}/enrolments/batch`, {
        idNumbers: [stranger.id, '', unknown, '12345', noGroup, XIELEI, stranger.id.toLowerCase()],
      });
      expect(res.statusCode, res.body).toBe(200);
      const { added, lines } = res.json();
      expect(added).toBe(1);
      expect(lines.map((l: { line: number; status: string }) => [l.line, l.status])).toEqual([
        [1, 'added'],
        [3, 'not_found'],
        [4, 'not_found'],
        [5, 'not_eligible'],
        [6, 'not_eligible'],
        [7, 'not_eligible'],
      ]);
      expect(lines[0]).toMatchObject({ name: stranger.name, reason: null });
      expect(lines[1]).toMatchObject({
        idMasked: `3201**********${unknown.slice(-4)}`,
        reason: { code: 'UNKNOWN_PERSON' },
      });
      expect(lines[2]).toMatchObject({ idMasked: null, reason: { code: 'ID_FORMAT' } });
      expect(lines[3].reason).toMatchObject({
        code: 'NOT_TARGET_GROUP',
        zh: expect.stringContaining('重点群体'),
        en: expect.stringContaining('target groups'),
      });
      expect(lines[4].reason.code).toBe('ALREADY_ENROLLED');
      expect(lines[5].reason.code).toBe('ALREADY_ENROLLED');
      // No full number comes back; the stranger is now a trainee jigou can find.
      expect(res.body).not.toContain(stranger.id);
      expect(res.body).not.toContain(noGroup);
      expect((await search('jigou', stranger.name)).body.map((m: Match) => m.personKey)).toContain(stranger.person_key);
    });

    it('refuses the whole list for a project that is not the caller’s, or not open to enrolment', async () => {
      const foreign = await d.call('pingjia', 'POST', `/api/projects/${projectCode}/enrolments/batch`, {
        idNumbers: [XIELEI],
      });
      expect(foreign.statusCode).toBe(403);
      const closed = await d.call('jigou', 'POST', '/api/projects/P000001/enrolments/batch', { idNumbers: [XIELEI] });
      expect(closed.statusCode).toBe(409);
      expect(closed.json().code).toBe('PROJECT_STATE');
      expect(
        (await d.call('jigou', 'POST', `/api/projects/${projectCode}/enrolments/batch`, { idNumbers: [] })).statusCode,
      ).toBe(400);
    });
  });
});
