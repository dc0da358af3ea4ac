import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/interchange/index.ts';
import { idCheckChar } from '../src/kernel/identity.ts';
import type { FileOutbox } from '../src/kernel/sms.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const PASSWORD = 'Gongren-2026!';
/** A valid ID number (GB 11643) from its first 17 digits. */
const idOf = (first17: string) => first17 + idCheckChar(first17);
let seq = 0;
/** A fresh phone and client address per scenario, so the rate limits of one do not touch another. */
const freshPhone = () => `139${String(10_000_000 + seq++).slice(-8)}`;
const freshAddress = () => `10.9.${(seq >> 8) & 255}.${seq++ & 255}`;
/** A new ID number of a Nanjing resident born in 1990, unknown to the demo registry. */
const newId = () => idOf(`32010219900${String(101 + (seq++ % 27)).padStart(3, '0')}${String(100 + seq).slice(-3)}`);

describe('self-registration (自助注册)', () => {
  let d: DemoApp;
  const outbox = () => d.ctx.sms as FileOutbox;
  const post = (url: string, payload: object, address: string) =>
    d.app.inject({ method: 'POST', url, payload, remoteAddress: address });
  const sendCode = (phone: string, address: string) => post('/api/register/code', { phone }, address);
  const lastCode = (phone: string) => outbox().lastTo(phone)?.params.code ?? '';
  const register = (body: Record<string, unknown>, address: string) => post('/api/register', body, address);
  /** Code sent, then the registration with it. */
  async function registerWithCode(p: { name: string; idNumber: string; cityCode?: string }, phone = freshPhone()) {
    const address = freshAddress();
    expect((await sendCode(phone, address)).statusCode).toBe(200);
    const res = await register({ ...p, phone, code: lastCode(phone), password: PASSWORD }, address);
    return { phone, res };
  }
  const signIn = (username: string, password = PASSWORD) =>
    post('/api/auth/login', { username, password }, freshAddress());
  /** A registered Nanjing person with no account: its real ID number, name and phone, from the registry. */
  async function personWithoutAccount(offset = 0) {
    const [p] = await d.ctx.db.query<{ id_enc: string; name: string; person_key: string; phone: string }>(
      `SELECT p.id_enc, p.name, p.person_key, p.phone FROM persons p
       WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.person_key = p.person_key OR u.username = p.phone)
         AND p.status = 'active' AND p.phone ~ '^1[3-9][0-9]{9}$' AND p.city_code = '320100'
       ORDER BY p.person_key OFFSET $1 LIMIT 1`,
      [offset],
    );
    return { idNumber: d.ctx.vault.decrypt(p.id_enc), name: p.name, personKey: p.person_key, phone: p.phone };
  }
  /** The SMS queued for a phone by the notify module (sent later by the job, never in the request). */
  const queuedSms = (phone: string) =>
    d.ctx.db.query<{ template: string; params: Record<string, string>; status: string }>(
      'SELECT template, params, status FROM sms_deliveries WHERE phone = $1 ORDER BY id',
      [phone],
    );
  /** The official record of a person arriving by import (persons.csv of the interchange standard). */
  async function importPerson(row: { idNumber: string; name: string; phone: string; groups: string }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regfix-'));
    fs.writeFileSync(
      path.join(dir, 'persons.csv'),
      `id_number,name,phone,city_code,groups,insured_months,insured_as_of\n${row.idNumber},${row.name},${row.phone},320100,${row.groups},12,2026-06-30\n`,
    );
    const r = await importBundle(d.ctx.db, dir, { actor: 'city_officer:nanjing', vault: d.ctx.vault });
    expect(r.errors).toEqual([]);
  }

  beforeAll(async () => {
    d = await demoApp(['nanjing', 'wuxi']);
  });
  afterAll(() => d.close());

  it('sends a 6-digit code by SMS and keeps only its hash, answering alike for a known and an unknown phone', async () => {
    const known = (
      await d.ctx.db.query<{ phone: string }>('SELECT phone FROM persons WHERE phone IS NOT NULL LIMIT 1')
    )[0].phone;
    const a = await sendCode(known, freshAddress());
    const b = await sendCode(freshPhone(), freshAddress());
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual(b.json());
    const code = lastCode(known);
    expect(code).toMatch(/^\d{6}$/);
    expect(outbox().lastTo(known)?.template).toBe('otp');
    const [row] = await d.ctx.db.query<{ code_hash: string }>('SELECT code_hash FROM one_time_codes WHERE phone = $1', [
      known,
    ]);
    expect(row.code_hash).not.toContain(code);
    expect(b.json().demoNotice.zh).toContain('演示环境');
  });

  it('links a known ID number under the same name and the registry’s phone to the person: the account signs in at once', async () => {
    const p = await personWithoutAccount();
    const { phone, res } = await registerWithCode({ name: p.name, idNumber: p.idNumber }, p.phone);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'active', username: phone });
    const login = await signIn(phone);
    expect(login.statusCode).toBe(200);
    expect(login.json().actor).toMatchObject({ role: 'worker', personKey: p.personKey });
    expect(res.body).not.toContain(p.idNumber);
  });

  it('makes a new ID number a pending person whom the city confirms; sign-in only after that', async () => {
    const idNumber = newId();
    const { phone, res } = await registerWithCode({ name: '新注册', idNumber });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('submitted');
    expect((await signIn(phone)).json().code).toBe('BAD_CREDENTIALS');
    const [stored] = await d.ctx.db.query<Record<string, string>>(
      `SELECT person_key, id_enc, id_masked, status, city_code, groups FROM persons WHERE person_key = $1`,
      [d.ctx.vault.blindIndex(idNumber)],
    );
    expect(stored).toMatchObject({ status: 'pending', city_code: '320100', groups: [] });
    expect(stored.id_enc).not.toContain(idNumber);
    expect(stored.id_masked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);

    // The to-do card and the list of Nanjing's officer show it; Wuxi's do not.
    const list = await d.call('nanjing', 'GET', '/api/persons/pending');
    expect(list.json().map((x: { person_key: string }) => x.person_key)).toContain(stored.person_key);
    expect(list.body).not.toContain(idNumber);
    const todos = (await d.call('nanjing', 'GET', '/api/me/todos')).json();
    expect(todos.find((t: { key: string }) => t.key === 'registrations').count).toBe(list.json().length);
    expect((await d.call('wuxi', 'GET', '/api/persons/pending')).json()).toEqual([]);
    const foreign = await d.call('wuxi', 'POST', `/api/persons/${stored.person_key}/confirm`, {
      groups: ['G1'],
      cityCode: '320200',
    });
    expect(foreign.json().code).toBe('OUT_OF_SCOPE');

    const ok = await d.call('nanjing', 'POST', `/api/persons/${stored.person_key}/confirm`, {
      groups: ['G3'],
      cityCode: '320100',
    });
    expect(ok.statusCode).toBe(200);
    // Told through the notify queue (inbox and SMS), not sent within the request.
    expect(outbox().lastTo(phone)?.template).toBe('otp');
    expect(await queuedSms(phone)).toEqual([
      { template: 'registration_confirmed', params: { username: phone }, status: 'queued' },
    ]);
    expect((await signIn(phone)).statusCode).toBe(200);
    const history = await d.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'person' AND entity_id = $1 ORDER BY seq`,
      [stored.person_key],
    );
    expect(history.map((h) => h.action)).toEqual(['person.self_register', 'person.confirm_registration']);
  });

  it('removes a rejected registration and its account, telling the person why', async () => {
    const idNumber = newId();
    const { phone } = await registerWithCode({ name: '待驳回', idNumber });
    const key = d.ctx.vault.blindIndex(idNumber);
    const res = await d.call('nanjing', 'POST', `/api/persons/${key}/reject`, { reason: '请持身份证到窗口核验' });
    expect(res.statusCode).toBe(200);
    expect(await d.ctx.db.query('SELECT 1 FROM persons WHERE person_key = $1', [key])).toEqual([]);
    expect(await d.ctx.db.query('SELECT 1 FROM users WHERE username = $1', [phone])).toEqual([]);
    expect((await queuedSms(phone)).map((m) => [m.template, m.params.reason])).toEqual([
      ['registration_rejected', '请持身份证到窗口核验'],
    ]);
  });

  it('answers someone else’s ID number exactly as a new one, creates nothing and audits the attempt', async () => {
    const p = await personWithoutAccount(1);
    const fresh = await registerWithCode({ name: '张冒名', idNumber: newId() });
    const otherName = await registerWithCode({ name: `${p.name}冒`, idNumber: p.idNumber });
    const hasAccount = await registerWithCode({ name: '谢磊', idNumber: '320311199409187319' });
    const bodies = [fresh, otherName, hasAccount].map(({ phone, res }) => [
      res.statusCode,
      res.body.replaceAll(phone, 'PHONE'),
    ]);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(otherName.res.body).not.toContain(p.name);
    // Nothing made for the impostors: no account, the registered person untouched.
    for (const { phone } of [otherName, hasAccount]) {
      expect(await d.ctx.db.query('SELECT 1 FROM users WHERE username = $1', [phone])).toEqual([]);
      expect((await signIn(phone)).json()).toEqual((await signIn(fresh.phone)).json());
    }
    const [person] = await d.ctx.db.query<{ name: string; status: string }>(
      'SELECT name, status FROM persons WHERE person_key = $1',
      [p.personKey],
    );
    expect(person).toEqual({ name: p.name, status: 'active' });
    const suspicious = await d.ctx.db.query<{ after: { reason: string; id_masked: string } }>(
      `SELECT after FROM audit_log WHERE action = 'registration.suspicious' ORDER BY seq`,
    );
    expect(suspicious.map((s) => s.after.reason)).toEqual(['name_differs', 'has_account']);
    expect(JSON.stringify(suspicious)).not.toContain(p.idNumber);
  });

  it('locks the code after 5 wrong tries until a new one is sent', async () => {
    const phone = freshPhone();
    const address = freshAddress();
    await sendCode(phone, address);
    const right = lastCode(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    // A new ID number each time: five tries of one ID number would meet that number's own limit first.
    const body = () => ({ name: '试错', idNumber: newId(), phone, password: PASSWORD });
    const tries = [];
    for (let i = 0; i < 6; i++) tries.push((await register({ ...body(), code: wrong }, address)).json());
    expect(tries.map((t) => t.code)).toEqual([...Array(5).fill('WRONG_CODE'), 'CODE_LOCKED']);
    expect(tries[0]).toMatchObject({ message: expect.stringContaining('4'), message_en: expect.any(String) });
    const locked = await register({ ...body(), code: right }, address);
    expect(locked.json()).toMatchObject({ code: 'CODE_LOCKED', message: expect.stringContaining('重新获取') });
    // A new code (after the minute) unlocks.
    await d.ctx.db.query(`DELETE FROM login_throttle WHERE key = $1`, [`otp-phone-minute:${phone}`]);
    await sendCode(phone, address);
    expect((await register({ ...body(), code: lastCode(phone) }, address)).json().outcome).toBe('submitted');
  });

  it('refuses an expired code', async () => {
    const phone = freshPhone();
    const address = freshAddress();
    await sendCode(phone, address);
    await d.ctx.db.query(`UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE phone = $1`, [
      phone,
    ]);
    const res = await register(
      { name: '过期', idNumber: newId(), phone, code: lastCode(phone), password: PASSWORD },
      address,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'CODE_EXPIRED', message: expect.stringContaining('过期') });
  });

  it('limits codes per phone (1 a minute, 5 an hour) and per address, with a bilingual 429', async () => {
    const phone = freshPhone();
    expect((await sendCode(phone, freshAddress())).statusCode).toBe(200);
    const again = await sendCode(phone, freshAddress());
    expect(again.statusCode).toBe(429);
    expect(again.json()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('60 秒'),
      message_en: expect.stringContaining('60 seconds'),
    });
    for (let i = 0; i < 4; i++) {
      await d.ctx.db.query(`DELETE FROM login_throttle WHERE key = $1`, [`otp-phone-minute:${phone}`]);
      expect((await sendCode(phone, freshAddress())).statusCode).toBe(200);
    }
    await d.ctx.db.query(`DELETE FROM login_throttle WHERE key = $1`, [`otp-phone-minute:${phone}`]);
    const sixth = await sendCode(phone, freshAddress());
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().message).toContain('5 次');

    const address = freshAddress();
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push((await sendCode(freshPhone(), address)).statusCode);
    expect(answers.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(answers[20]).toBe(429);
  });

  it('limits registrations per ID number, counting only those with a right code', async () => {
    const idNumber = newId();
    // Wrong or missing codes do not use up the ID number's day (anyone could otherwise block it).
    for (let i = 0; i < 8; i++) {
      const res = await register(
        { name: '限流', idNumber, phone: freshPhone(), code: '123456', password: PASSWORD },
        freshAddress(),
      );
      expect([res.statusCode, res.json().code]).toEqual([400, 'CODE_NOT_SENT']);
    }
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await registerWithCode({ name: '限流', idNumber })).res.statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('limits registrations per client address', async () => {
    const address = freshAddress();
    const statuses = [];
    for (let i = 0; i < 31; i++)
      statuses.push(
        (
          await register(
            { name: '限流', idNumber: newId(), phone: freshPhone(), code: '123456', password: PASSWORD },
            address,
          )
        ).statusCode,
      );
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('refuses bad ID numbers, a weak password and a bad phone in words, without spending a try of the code', async () => {
    const phone = freshPhone();
    const address = freshAddress();
    await sendCode(phone, address);
    const base = { name: '校验', idNumber: newId(), phone, code: lastCode(phone), password: PASSWORD };
    const wrongCheck = base.idNumber.slice(0, 17) + (base.idNumber[17] === '1' ? '2' : '1');
    const cases: [object, string][] = [
      [{ idNumber: wrongCheck }, 'ID_CHECK_DIGIT'],
      [{ idNumber: idOf('32010219901301123') }, 'ID_BIRTH_DATE'],
      [{ idNumber: idOf('99010219900101123') }, 'ID_REGION'],
      [{ idNumber: idOf('11010119900101123') }, 'CITY_REQUIRED'],
      [{ password: 'short' }, 'WEAK_PASSWORD'],
    ];
    for (const [change, code] of cases) {
      const res = await register({ ...base, ...change }, address);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code, message: expect.any(String), message_en: expect.any(String) });
      expect(res.body).not.toContain(wrongCheck);
    }
    const badPhone = await sendCode('12345', address);
    expect(badPhone.json().code).toBe('BAD_PHONE');
    expect((await register(base, address)).json().outcome).toBe('submitted');
  });

  it('does not activate a known ID number and name on a phone the registry does not hold: the city reviews it', async () => {
    const p = await personWithoutAccount(2);
    const fresh = await registerWithCode({ name: '张新人', idNumber: newId() });
    const { phone, res } = await registerWithCode({ name: p.name, idNumber: p.idNumber });
    // The same answer as a new ID number: nothing tells the caller the number is known.
    expect([res.statusCode, res.body.replaceAll(phone, 'PHONE')]).toEqual([
      fresh.res.statusCode,
      fresh.res.body.replaceAll(fresh.phone, 'PHONE'),
    ]);
    expect((await signIn(phone)).json().code).toBe('BAD_CREDENTIALS');
    const row = (await d.call('nanjing', 'GET', '/api/persons/pending'))
      .json()
      .find((x: { person_key: string }) => x.person_key === p.personKey);
    expect(row).toMatchObject({
      review_reason: 'phone_differs',
      official: true,
      review_reason_name: { zh: expect.stringContaining('手机号'), en: expect.stringContaining('phone') },
    });
    const [before] = await d.ctx.db.query('SELECT name, phone, groups, status FROM persons WHERE person_key = $1', [
      p.personKey,
    ]);
    const ok = await d.call('nanjing', 'POST', `/api/persons/${p.personKey}/confirm`, {
      groups: [],
      cityCode: '320100',
    });
    expect(ok.statusCode).toBe(200);
    expect((await signIn(phone)).statusCode).toBe(200);
    // The official record is untouched by the confirmation.
    expect(
      (await d.ctx.db.query('SELECT name, phone, groups, status FROM persons WHERE person_key = $1', [p.personKey]))[0],
    ).toEqual(before);
    expect((await queuedSms(phone)).map((m) => m.template)).toEqual(['registration_confirmed']);
  });

  it('an import of the official record wins over a registration, which still waits for the city; rejecting keeps the person', async () => {
    const idNumber = newId();
    const { phone } = await registerWithCode({ name: '冒名者', idNumber });
    const key = d.ctx.vault.blindIndex(idNumber);
    await importPerson({ idNumber, name: '真本人', phone: '13812345678', groups: 'G2' });
    const [person] = await d.ctx.db.query('SELECT name, phone, groups, status FROM persons WHERE person_key = $1', [
      key,
    ]);
    expect(person).toEqual({ name: '真本人', phone: '13812345678', groups: ['G2'], status: 'active' });
    // The import made the person active, not the registrant's account.
    expect((await signIn(phone)).json().code).toBe('BAD_CREDENTIALS');
    const row = (await d.call('nanjing', 'GET', '/api/persons/pending'))
      .json()
      .find((x: { person_key: string }) => x.person_key === key);
    expect(row).toMatchObject({
      review_reason: 'imported_after',
      official: true,
      name: '真本人',
      registrant_name: '冒名者',
    });

    const res = await d.call('nanjing', 'POST', `/api/persons/${key}/reject`, { reason: '非本人注册' });
    expect(res.statusCode).toBe(200);
    expect((await d.ctx.db.query('SELECT name, status FROM persons WHERE person_key = $1', [key]))[0]).toEqual({
      name: '真本人',
      status: 'active',
    });
    expect(await d.ctx.db.query('SELECT 1 FROM users WHERE username = $1', [phone])).toEqual([]);
    expect((await d.call('nanjing', 'GET', '/api/persons/pending')).body).not.toContain(key);
  });

  it('confirming a registration after the import keeps the official groups and city', async () => {
    const idNumber = newId();
    const { phone } = await registerWithCode({ name: '本人', idNumber });
    const key = d.ctx.vault.blindIndex(idNumber);
    await importPerson({ idNumber, name: '本人', phone, groups: 'G2' });
    expect((await signIn(phone)).json().code).toBe('BAD_CREDENTIALS');
    const ok = await d.call('nanjing', 'POST', `/api/persons/${key}/confirm`, { groups: ['G5'], cityCode: '320100' });
    expect(ok.statusCode).toBe(200);
    expect((await d.ctx.db.query('SELECT groups FROM persons WHERE person_key = $1', [key]))[0]).toEqual({
      groups: ['G2'],
    });
    expect((await signIn(phone)).statusCode).toBe(200);
  });

  it('keeps one worker account per person when two registrations race, answering the loser neutrally', async () => {
    const p = await personWithoutAccount(3);
    const runs = [freshPhone(), freshPhone()].map(async (phone) => {
      const address = freshAddress();
      await sendCode(phone, address);
      return register(
        { name: p.name, idNumber: p.idNumber, phone, code: lastCode(phone), password: PASSWORD },
        address,
      );
    });
    const answers = await Promise.all(runs);
    expect(answers.map((a) => [a.statusCode, a.json().outcome])).toEqual([
      [200, 'submitted'],
      [200, 'submitted'],
    ]);
    const [{ n }] = await d.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE person_key = $1', [
      p.personKey,
    ]);
    expect(n).toBe(1);
    // The database itself refuses a second worker account for a person.
    const [u] = await d.ctx.db.query<Record<string, unknown>>('SELECT * FROM users WHERE person_key = $1', [
      p.personKey,
    ]);
    await expect(
      d.ctx.db.query(
        `INSERT INTO users (id, username, display_name, password_hash, role, person_key)
         VALUES (gen_random_uuid(), 'second-account', 'x', $1, 'worker', $2)`,
        [u.password_hash, p.personKey],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('answers a bilingual 503 when the SMS cannot be sent, never a 500', async () => {
    const sms = outbox();
    const send = sms.send;
    sms.send = async () => {
      throw new Error('provider down: secret details');
    };
    try {
      const res = await sendCode(freshPhone(), freshAddress());
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'SMS_FAILED',
        message: '短信发送失败，请稍后再试',
        message_en: expect.any(String),
      });
      expect(res.body).not.toContain('secret');
    } finally {
      sms.send = send;
    }
  });

  it('caps codes per phone at 10 a China day, so a new code cannot reset guesses without end', async () => {
    const phone = freshPhone();
    const answers = [];
    for (let i = 0; i < 11; i++) {
      await d.ctx.db.query(`DELETE FROM login_throttle WHERE key IN ($1, $2)`, [
        `otp-phone-minute:${phone}`,
        `otp-phone-hour:${phone}`,
      ]);
      answers.push(await sendCode(phone, freshAddress()));
    }
    expect(answers.map((a) => a.statusCode)).toEqual([...Array(10).fill(200), 429]);
    expect(answers[10]!.json()).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('明天'),
      message_en: expect.stringContaining('tomorrow'),
    });
  });
});
