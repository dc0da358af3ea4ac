import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../src/kernel/identity.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const XIELEI = '320311199409187319';
const HEADER = 'id_number,name,phone,city_code,groups,insured_months,insured_as_of';

describe('what each role sees of a person: nothing that unmasks an ID number', () => {
  let d: DemoApp;
  let key: string;
  beforeAll(async () => {
    d = await demoApp(['nanjing', 'xielei', 'jigou', 'province']);
    key = d.ctx.vault.blindIndex(XIELEI);
    // A phone change (history) and a likely duplicate of 谢磊: same name, birth date and new phone, another ID.
    const other = '32031119940918001' + idCheckChar('32031119940918001');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    fs.writeFileSync(
      path.join(dir, 'persons.csv'),
      `${HEADER}\n${XIELEI},谢磊,13912345678,320100,G2,18,2026-06-30\n${other},谢磊,13912345678,320100,G2,0,2026-06-30\n`,
    );
    await importBundle(d.ctx.db, dir, { actor: 'test', vault: d.ctx.vault });
  });
  afterAll(async () => {
    await d.close();
  });

  it('gives an official the masked record without the birth date, and history with masked phones', async () => {
    const res = await d.call('nanjing', 'GET', `/api/persons/${key}`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.id_number).toBe('3203**********7319');
    expect(p).not.toHaveProperty('birth_date');
    expect(p).not.toHaveProperty('id_enc');
    expect(res.body).not.toContain('1994-09-18');
    expect(res.body).not.toContain('13912345678');
    expect(p.history.length).toBeGreaterThan(0);
    expect(JSON.stringify(p.history)).toMatch(/139\*{4}5678/);
  });

  it('gives the person themself the full record', async () => {
    const p = (await d.call('xielei', 'GET', `/api/persons/${key}`)).json();
    expect(p).toMatchObject({ id_number: XIELEI, birth_date: '1994-09-18', phone: '13912345678' });
  });

  it('gives the training institution a masked record without history; other institutions nothing', async () => {
    const [row] = await d.ctx.db.query<{ person_key: string }>(
      `SELECT e.person_key FROM enrolments e JOIN projects p ON p.project_code = e.project_code WHERE p.institution_code = '12320100914177769G' LIMIT 1`,
    );
    const res = await d.call('jigou', 'GET', `/api/persons/${row.person_key}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().history).toEqual([]);
    expect(res.json()).not.toHaveProperty('birth_date');
    const [stranger] = await d.ctx.db.query<{ person_key: string }>(
      `SELECT person_key FROM persons WHERE person_key NOT IN (SELECT e.person_key FROM enrolments e JOIN projects p ON p.project_code = e.project_code WHERE p.institution_code = '12320100914177769G') LIMIT 1`,
    );
    expect((await d.call('jigou', 'GET', `/api/persons/${stranger.person_key}`)).json().code).toBe('OUT_OF_SCOPE');
  });

  it('lists likely duplicates with masked phones and no birth dates', async () => {
    const res = await d.call('nanjing', 'GET', '/api/persons-duplicates');
    const group = res.json().find((g: { name: string }) => g.name === '谢磊');
    expect(group).toMatchObject({ phone: '139****5678', persons: 2 });
    expect(group).not.toHaveProperty('birth_date');
    expect(res.body).not.toContain('1994-09-18');
    expect(res.body).not.toContain('13912345678');
  });
});
