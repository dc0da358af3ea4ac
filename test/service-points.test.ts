import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtOf } from '../src/modules/training/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/** 便民服务圈 (issue 21): training service points for anyone, by city, district, occupation and distance. */
describe('便民服务圈: public training service points', () => {
  let d: DemoApp;
  const get = async (query = '') => {
    const res = await d.call('', 'GET', `/api/service-points${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      total: number;
      items: {
        name: string;
        district: string | null;
        cityCode: string;
        institutionCode: string | null;
        institutionName: string | null;
        km: number | null;
        kind: string;
        occupations: { code: string }[];
      }[];
    };
  };
  beforeAll(async () => {
    d = await demoApp(['nanjing', 'province', 'xielei']);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('lists the directory’s institutions’ registered sites with their district, signed out', async () => {
    const page = await get('?city=320100&limit=50&q=' + encodeURIComponent('玄武区'));
    expect(page.items).toEqual([
      expect.objectContaining({ name: '本部实训楼', district: '玄武区', kind: 'site', cityCode: '320100', km: null }),
    ]);
  });

  it('finds by occupation, and orders by distance from the phone’s location', async () => {
    const welding = await get('?occupation=6-18-02-04&limit=50');
    expect(welding.total).toBeGreaterThan(0);
    for (const p of welding.items) expect(p.occupations.map((o) => o.code)).toContain('6-18-02-04');
    // 江宁 (31.95, 118.84): the 江宁焊接实训基地 is the nearest place
    const near = await get('?lat=31.95&lon=118.84&limit=5');
    expect(near.items[0]).toMatchObject({ name: '江宁焊接实训基地' });
    const kms = near.items.map((p) => p.km!);
    expect(kms).toEqual([...kms].sort((a, b) => a - b));
    expect(kms[0]).toBeLessThan(1);
  });

  it('leaves out blacklisted institutions, and carries no personal data', async () => {
    const all = await get('?limit=50');
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(DISTINCT i.credit_code)::int AS n FROM institutions i WHERE 'training' = ANY(i.roles) AND i.listed_from <= CURRENT_DATE
         AND (i.blacklisted_from IS NULL OR i.blacklisted_from > CURRENT_DATE)
         AND (EXISTS (SELECT 1 FROM sites t WHERE t.institution_code = i.credit_code)
           OR EXISTS (SELECT 1 FROM sessions s JOIN projects p ON p.project_code = s.project_code WHERE p.institution_code = i.credit_code AND s.site_lat IS NOT NULL))`,
    );
    const institutions = all.items.filter((p) => p.kind !== 'gig_station').map((p) => p.institutionCode);
    expect(new Set(institutions).size).toBeLessThanOrEqual(n);
    expect(all.total).toBeGreaterThan(0);
    await d.ctx.db.query(
      `UPDATE institutions SET blacklisted_from = '2020-01-01' WHERE credit_code = '12320100914177769G'`,
    );
    const after = await get('?city=320100&limit=50');
    expect(after.items.map((p) => p.institutionCode)).not.toContain('12320100914177769G');
    await d.ctx.db.query(`UPDATE institutions SET blacklisted_from = NULL WHERE credit_code = '12320100914177769G'`);
    const body = JSON.stringify(all);
    expect(body).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}|teacher|person/); // no ID numbers, phones, teachers or persons
  });

  it('lists the cities’ 零工驿站 beside the sites: by city, district and the occupations they name', async () => {
    const page = await get('?city=320100&limit=50&q=' + encodeURIComponent('鼓楼区'));
    expect(page.items).toEqual([
      expect.objectContaining({
        name: '鼓楼区湖南路街道零工驿站',
        kind: 'gig_station',
        district: '鼓楼区',
        institutionCode: null,
        institutionName: null,
      }),
    ]);
    const housekeeping = await get('?occupation=JS-0019&limit=50');
    expect(
      housekeeping.items
        .filter((p) => p.kind === 'gig_station')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['秦淮区夫子庙零工驿站', '鼓楼区湖南路街道零工驿站']);
    const suzhou = await get('?city=320500&limit=50');
    expect(suzhou.items.some((p) => p.name === '姑苏区平江街道零工驿站')).toBe(true);
    expect(suzhou.items.every((p) => p.cityCode === '320500')).toBe(true);
  });

  it('a city officer registers a 零工驿站 in their city, audited; refusals say why', async () => {
    const station = {
      name: '玄武区红山街道零工驿站',
      address: '南京市玄武区红山街道',
      lat: 32.09,
      lon: 118.8,
      occupations: ['JS-0016'],
    };
    const res = await d.call('nanjing', 'POST', '/api/gig-stations', station);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ...station, cityCode: '320100' });
    const [audit] = await d.ctx.db.query<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE action = 'gig_station.create' AND entity_id = $1",
      [String(res.json().id)],
    );
    expect(audit).toMatchObject({ actor: 'city_officer:nanjing' });
    const listed = await get('?q=' + encodeURIComponent('红山街道'));
    expect(listed.items.map((p) => p.name)).toEqual(['玄武区红山街道零工驿站']);

    const refused = async (user: string, body: object, status: number, code: string) => {
      const r = await d.call(user, 'POST', '/api/gig-stations', body);
      expect([r.statusCode, r.json().code], r.body).toEqual([status, code]);
    };
    await refused('nanjing', station, 409, 'STATION_EXISTS');
    await refused('nanjing', { ...station, name: '苏州的', cityCode: '320500' }, 403, 'OUT_OF_SCOPE');
    await refused('nanjing', { ...station, name: '远方', lat: 39.9, lon: 116.4 }, 400, 'STATION_OUTSIDE_JIANGSU');
    await refused('nanjing', { ...station, name: '未知职业', occupations: ['X-1'] }, 400, 'UNKNOWN_OCCUPATION');
    await refused('nanjing', { ...station, name: '   ' }, 400, 'BAD_STATION_NAME');
    await refused('province', { ...station, name: '省里登记' }, 400, 'CITY_REQUIRED');
    expect((await d.call('xielei', 'POST', '/api/gig-stations', station)).statusCode).toBe(403);
    expect((await d.call('', 'POST', '/api/gig-stations', station)).statusCode).toBe(401);
    const byProvince = await d.call('province', 'POST', '/api/gig-stations', {
      ...station,
      name: '省里登记',
      cityCode: '320500',
    });
    expect(byProvince.statusCode, byProvince.body).toBe(201);
  });

  it('refuses a location outside Jiangsu or half a location in words, never a 500', async () => {
    const far = await d.call('', 'GET', '/api/service-points?lat=40&lon=116.4');
    expect(far.statusCode).toBe(400);
    expect(far.json().code).toBe('LOCATION_OUTSIDE_JIANGSU');
    expect((await d.call('', 'GET', '/api/service-points?lat=32')).json().code).toBe('LOCATION_INCOMPLETE');
  });

  it('reads the district from the address', () => {
    expect(districtOf('南京市玄武区（演示）')).toBe('玄武区');
    expect(districtOf('苏州市吴中区木渎镇')).toBe('吴中区');
    expect(districtOf('无锡市江阴市澄江街道')).toBeNull();
    expect(districtOf(null)).toBeNull();
  });
});
