import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/composition/demo.ts';
import { SYSTEM_ACTOR } from '../src/kernel/auth.ts';
import { chinaDate } from '../src/kernel/clock.ts';
import { addWorkingDays } from '../src/kernel/dates.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  applyBankReturn,
  createPaymentBatches,
  exportBankFile,
  ledgerBalances,
  settleApplications,
} from '../src/modules/subsidy/index.ts';
import { bearerToken, demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 申诉 and 公示 (docs/appeals.md): a worker contests their own rejected decision or invalid
 * attendance record with photos or PDFs; the city officer of that city (and no other) answers by
 * the deadline; upholding re-decides or validates through the owning module. The public notice
 * page shows masked names only, and an objection opens a case for the subsidy's city.
 */

const EVALUATOR = '523201001953640571';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const PDF = Buffer.from('%PDF-1.4\n%test\n');

/** A multipart body built by hand (fields, then files), as a browser's FormData sends it. */
function multipart(fields: Record<string, string>, files: { name: string; type: string; content: Buffer }[] = []) {
  const boundary = '----jinengtest';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('申诉 and 公示', () => {
  let demo: DemoApp;
  const tokens: Record<string, string> = {};
  const keys: Record<string, string> = {};
  const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    demo.app.inject({ method, url, payload, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
  /** Enrols the person in P000001 with one attendance record taken by hand (manual: it never counts). */
  const enrolWithManualRecord = async (personKey: string) => {
    await demo.ctx.db.query(
      `INSERT INTO enrolments (project_code, person_key, enrolled_on) VALUES ('P000001', $1, '2025-10-01')`,
      [personKey],
    );
    await demo.ctx.db.query(
      `INSERT INTO attendance (project_code, session_no, person_key, check_in_at, check_out_at, method)
       VALUES ('P000001', 1, $1, '2025-10-07T06:00:00Z', '2025-10-07T08:15:00Z', 'manual')`,
      [personKey],
    );
  };
  const file = (user: string, fields: Record<string, string>, files: Parameters<typeof multipart>[1] = []) => {
    const m = multipart(fields, files);
    return demo.app.inject({
      method: 'POST',
      url: '/api/appeals',
      payload: m.payload,
      headers: { ...m.headers, authorization: `Bearer ${tokens[user]}` },
    });
  };
  const REASON = '我的证书是按时申请的，迟交是因为住院，附住院证明。';

  beforeAll(async () => {
    demo = await demoApp(['nanjing', 'province']);
    const db = demo.ctx.db;
    Object.assign(tokens, demo.tokens);
    // Two workers, one in Nanjing and one in Suzhou, each with a skill-upgrade claim filed late (rejected).
    for (const [user, city, id] of [
      ['nj-worker', '320100', '320102199001010012'],
      ['sz-worker', '320500', '320502199002020023'],
    ] as const) {
      const key = demo.ctx.vault.blindIndex(id);
      keys[user] = key;
      await db.query(
        `INSERT INTO persons (person_key, id_enc, id_masked, name, city_code, groups, insured_months, birth_date)
         VALUES ($1, $2, $3, $4, $5, '{G2}', 24, '1990-01-01')`,
        [key, demo.ctx.vault.encrypt(id), `${id.slice(0, 4)}**********${id.slice(-4)}`, `申诉${city}`, city],
      );
      await db.query(
        `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code)
         VALUES ($1, $2, '6-18-02-04', 'skill_level', 'L4', '2025-01-10', $3)`,
        [`AP-${city}`, key, EVALUATOR],
      );
      await db.query(
        `INSERT INTO applications (application_id, person_key, type, certificate_no, applied_on) VALUES ($1, $2, 'skill_upgrade', $3, '2026-03-01')`,
        [`AP-${city}`, key, `AP-${city}`],
      );
      await createUser(db, SYSTEM_ACTOR, {
        username: user,
        displayName: user,
        role: 'worker',
        personKey: key,
        password: DEMO_PASSWORD,
      });
      tokens[user] = await bearerToken(demo.app, user);
    }
    await createUser(db, SYSTEM_ACTOR, {
      username: 'suzhou',
      displayName: '苏州经办员',
      role: 'city_officer',
      cityCode: '320500',
      password: DEMO_PASSWORD,
    });
    tokens.suzhou = await bearerToken(demo.app, 'suzhou');
    await settleApplications(db, { asOf: '2026-03-01', actor: 'test' });
    // An attendance record taken by hand (manual: never counts) for the Nanjing worker in P000001.
    await enrolWithManualRecord(keys['nj-worker']);
  }, 180_000);
  afterAll(() => demo?.close());

  it('the rejected decision is open to appeal, in words', async () => {
    const [d] = await demo.ctx.db.query<{ decision: string; reasons: string[] }>(
      `SELECT decision, reasons FROM decisions WHERE application_id = 'AP-320100'`,
    );
    expect(d).toMatchObject({ decision: 'rejected', reasons: ['LATE_APPLICATION'] });
    const res = await call('nj-worker', 'GET', '/api/me/appealable');
    expect(res.statusCode).toBe(200);
    const subjects = res.json() as { kind: string; ref: string; why: { zh: string }[] }[];
    expect(subjects.find((s) => s.ref === 'AP-320100')).toMatchObject({ kind: 'decision' });
    expect(subjects.find((s) => s.ref === 'AP-320100')!.why[0]!.zh).toContain('12个月');
    expect(subjects.some((s) => s.kind === 'attendance')).toBe(true);
    expect(subjects.some((s) => s.ref === 'AP-320500')).toBe(false);
  });

  it('a worker cannot appeal another’s decision (404) and officials cannot file (403)', async () => {
    const other = await file('nj-worker', { subjectKind: 'decision', subjectRef: 'AP-320500', reason: REASON });
    expect(other.statusCode).toBe(404);
    expect(other.json().message).toContain('不存在');
    const official = await file('nanjing', { subjectKind: 'decision', subjectRef: 'AP-320100', reason: REASON });
    expect(official.statusCode).toBe(403);
  });

  it('refuses a wrong-type or oversize attachment, a fourth file and a short reason, in both languages', async () => {
    const base = { subjectKind: 'decision', subjectRef: 'AP-320100', reason: REASON };
    const exe = await file('nj-worker', base, [
      { name: 'photo.jpg', type: 'image/jpeg', content: Buffer.from('MZ\x90\x00not a photo') },
    ]);
    expect(exe.statusCode).toBe(400);
    expect(exe.json()).toMatchObject({ code: 'BAD_FILE_TYPE' });
    expect(exe.json().message).toContain('不是JPEG、PNG图片或PDF文件');
    expect(exe.json().message_en).toContain('not a JPEG or PNG photo or a PDF');
    const big = Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]);
    const large = await file('nj-worker', base, [{ name: 'big.jpg', type: 'image/jpeg', content: big }]);
    expect(large.statusCode).toBe(400);
    expect(large.json()).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(large.json().message_en).toContain('larger than 5 MB');
    const four = await file(
      'nj-worker',
      base,
      [1, 2, 3, 4].map((i) => ({ name: `p${i}.jpg`, type: 'image/jpeg', content: JPEG })),
    );
    expect(four.json()).toMatchObject({ code: 'TOO_MANY_FILES' });
    const short = await file('nj-worker', { ...base, reason: '太短' });
    expect(short.json()).toMatchObject({ code: 'BAD_REASON', message_en: expect.stringContaining('10–500') });
    // Nothing was filed by the refusals.
    expect((await call('nj-worker', 'GET', '/api/me/appeals')).json()).toEqual([]);
  });

  let appealId = '';
  it('files an appeal with a photo and a PDF, due in 15 working days; a second on the same decision is refused', async () => {
    const res = await file('nj-worker', { subjectKind: 'decision', subjectRef: 'AP-320100', reason: REASON }, [
      { name: '住院证明.jpg', type: 'image/jpeg', content: JPEG },
      { name: 'proof.pdf', type: 'application/pdf', content: PDF },
    ]);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    appealId = a.id;
    expect(a).toMatchObject({ status: 'open', subjectKind: 'decision', overdue: false, cityCode: '320100' });
    expect(a.dueOn).toBe(addWorkingDays(chinaDate(new Date()), 15));
    expect(a.attachments.map((f: { mediaType: string }) => f.mediaType)).toEqual(['image/jpeg', 'application/pdf']);
    const again = await file('nj-worker', { subjectKind: 'decision', subjectRef: 'AP-320100', reason: REASON });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'APPEAL_OPEN' });
    const [audit] = await demo.ctx.db.query(`SELECT action FROM audit_log WHERE entity = 'appeal' AND entity_id = $1`, [
      appealId,
    ]);
    expect(audit).toMatchObject({ action: 'appeal.file' });
  });

  it('keeps the city’s scope: Suzhou neither sees nor decides a Nanjing appeal; attachments only for the worker and Nanjing', async () => {
    const list = (await call('suzhou', 'GET', '/api/appeals')).json();
    expect(list.items.map((a: { id: string }) => a.id)).not.toContain(appealId);
    expect((await call('nanjing', 'GET', '/api/appeals')).json().items.map((a: { id: string }) => a.id)).toContain(
      appealId,
    );
    expect((await call('province', 'GET', '/api/appeals')).json().total).toBeGreaterThan(0);
    expect((await call('suzhou', 'GET', `/api/appeals/${appealId}`)).statusCode).toBe(403);
    const decide = await call('suzhou', 'POST', `/api/appeals/${appealId}/decide`, {
      outcome: 'upheld',
      answer: '经核实情况属实',
    });
    expect(decide.statusCode).toBe(403);
    expect(decide.json()).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const own = await call('nj-worker', 'GET', `/api/appeals/${appealId}/attachments/1`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(own.rawPayload, JPEG)).toBe(0);
    expect((await call('nanjing', 'GET', `/api/appeals/${appealId}/attachments/2`)).headers['content-type']).toBe(
      'application/pdf',
    );
    expect((await call('sz-worker', 'GET', `/api/appeals/${appealId}/attachments/1`)).statusCode).toBe(404);
    expect((await call('suzhou', 'GET', `/api/appeals/${appealId}/attachments/1`)).statusCode).toBe(403);
  });

  it('an overdue appeal shows in the city’s to-dos and the list’s overdue filter', async () => {
    const todo = async (user: string) =>
      ((await call(user, 'GET', '/api/me/todos')).json() as { key: string; count: number; link: string }[]).find(
        (t) => t.key === 'appealsOverdue',
      );
    expect(await todo('nanjing')).toMatchObject({ count: 0, link: '/appeals?overdue=1' });
    await demo.ctx.db.query(`UPDATE appeals SET due_on = '2026-01-05' WHERE id = $1`, [appealId]);
    expect(await todo('nanjing')).toMatchObject({ count: 1 });
    expect(await todo('suzhou')).toMatchObject({ count: 0 });
    const overdue = (await call('nanjing', 'GET', '/api/appeals?overdue=1')).json();
    expect(overdue.total).toBe(1);
    expect(overdue.items[0]).toMatchObject({ id: appealId, overdue: true });
    expect((await call('nj-worker', 'GET', '/api/me/appeals')).json()[0]).toMatchObject({ overdue: true });
  });

  it('upholding cannot set aside what one officer must not overrule: a revoked certificate stays refused', async () => {
    const db = demo.ctx.db;
    const id = '320102199003030034';
    const key = demo.ctx.vault.blindIndex(id);
    await db.query(
      `INSERT INTO persons (person_key, id_enc, id_masked, name, city_code, groups, insured_months, birth_date)
       VALUES ($1, $2, '3201**********0034', '撤证者', '320100', '{G2}', 24, '1990-03-03')`,
      [key, demo.ctx.vault.encrypt(id)],
    );
    await db.query(
      `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code, revoked_on, revoke_reason)
       VALUES ('AP-REVOKED', $1, '6-18-02-04', 'skill_level', 'L4', '2026-01-10', $2, '2026-02-01', '考场舞弊')`,
      [key, EVALUATOR],
    );
    await db.query(
      `INSERT INTO applications (application_id, person_key, type, certificate_no, applied_on) VALUES ('AP-REVOKED', $1, 'skill_upgrade', 'AP-REVOKED', '2026-03-01')`,
      [key],
    );
    await settleApplications(db, { asOf: '2026-03-01', actor: 'test' });
    await createUser(db, SYSTEM_ACTOR, {
      username: 'rv-worker',
      displayName: 'rv-worker',
      role: 'worker',
      personKey: key,
      password: DEMO_PASSWORD,
    });
    tokens['rv-worker'] = await bearerToken(demo.app, 'rv-worker');
    const filed = await file('rv-worker', { subjectKind: 'decision', subjectRef: 'AP-REVOKED', reason: REASON });
    expect(filed.statusCode).toBe(201);
    const before = await db.query(`SELECT * FROM decisions WHERE application_id = 'AP-REVOKED'`);
    expect(before[0]).toMatchObject({ decision: 'rejected' });
    const res = await call('nanjing', 'POST', `/api/appeals/${filed.json().id}/decide`, {
      outcome: 'upheld',
      answer: '经核实，同意补贴。',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'NOT_OVERRULABLE' });
    expect(res.json().message).toContain('证书已被撤销');
    expect(await db.query(`SELECT * FROM decisions WHERE application_id = 'AP-REVOKED'`)).toEqual(before);
    const [a] = await db.query<{ status: string }>('SELECT status FROM appeals WHERE id = $1', [filed.json().id]);
    expect(a.status).toBe('open');
  });

  it('a re-approval starts a new 公示 period: an old, lapsed notice row does not let it be paid at once', async () => {
    const { onApproved } = await import('../src/modules/subsidy/approval.ts');
    const db = demo.ctx.db;
    await db.query(
      `INSERT INTO public_notices (application_id, approved_on, notice_until) VALUES ('AP-OLD', '2025-01-02', '2025-01-09')`,
    );
    const at = new Date('2026-06-01T02:00:00Z');
    await db.transaction((tx) =>
      onApproved(
        tx,
        [
          {
            applicationId: 'AP-OLD',
            type: 'skill_upgrade',
            appliedOn: '2026-05-01',
            cityCode: '320100',
            amountFen: 100,
          },
        ],
        at,
      ),
    );
    const [n] = await db.query<{ approved_on: string; notice_until: string }>(
      `SELECT approved_on::text, notice_until::text FROM public_notices WHERE application_id = 'AP-OLD'`,
    );
    expect(n).toEqual({ approved_on: '2026-06-01', notice_until: addWorkingDays('2026-06-01', 5) });
  });

  it('dismissed: nothing changes but the answer; an answer is required', async () => {
    const sz = await file('sz-worker', { subjectKind: 'decision', subjectRef: 'AP-320500', reason: REASON });
    expect(sz.statusCode).toBe(201);
    const noAnswer = await call('suzhou', 'POST', `/api/appeals/${sz.json().id}/decide`, {
      outcome: 'dismissed',
      answer: '',
    });
    expect(noAnswer.json()).toMatchObject({ code: 'ANSWER_REQUIRED' });
    const before = await demo.ctx.db.query(`SELECT * FROM decisions WHERE application_id = 'AP-320500'`);
    const ledger = await demo.ctx.db.query(`SELECT count(*)::int AS n FROM ledger_entries`);
    const res = await call('suzhou', 'POST', `/api/appeals/${sz.json().id}/decide`, {
      outcome: 'dismissed',
      answer: '超过申请期限，且未提供证明材料。',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'dismissed', answer: '超过申请期限，且未提供证明材料。' });
    expect(await demo.ctx.db.query(`SELECT * FROM decisions WHERE application_id = 'AP-320500'`)).toEqual(before);
    expect(await demo.ctx.db.query(`SELECT count(*)::int AS n FROM ledger_entries`)).toEqual(ledger);
    expect(await demo.ctx.db.query(`SELECT * FROM decision_revisions WHERE application_id = 'AP-320500'`)).toEqual([]);
    const again = await call('suzhou', 'POST', `/api/appeals/${sz.json().id}/decide`, {
      outcome: 'upheld',
      answer: '改为成立试试看',
    });
    expect(again.json()).toMatchObject({ code: 'APPEAL_DECIDED' });
    // The worker is told the answer once, in their inbox (and by SMS when they have a phone).
    const notices = await demo.ctx.db.query<{ kind: string; params: { outcome: string } }>(
      `SELECT kind, params FROM notices WHERE event_key = $1`,
      [`appeal:${sz.json().id}:answered`],
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'appeal_answered', params: { outcome: '申诉不成立' } });
  });

  describe('filing again on one record (docs/appeals.md § Filing again)', () => {
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const decision = { subjectKind: 'decision', subjectRef: 'AP-320500' };
    const appealable = async () =>
      (await call('sz-worker', 'GET', '/api/me/appealable')).json() as {
        kind: string;
        ref: string;
        appealsLeft: number;
        newEvidenceNeeded: boolean;
      }[];
    const filedOn = async (ref: string) =>
      (
        await demo.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM appeals WHERE subject_ref = $1`, [ref])
      )[0]!.n;
    const dismiss = async (id: string) => {
      const res = await call('suzhou', 'POST', `/api/appeals/${id}/decide`, {
        outcome: 'dismissed',
        answer: '所附材料不能证明逾期原因。',
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    it('after a dismissal, a new appeal needs a new attachment and a different reason', async () => {
      // The dismissal above (no attachment, REASON) stands; the page is told what a new appeal needs.
      expect((await appealable()).find((s) => s.ref === 'AP-320500')).toMatchObject({
        appealsLeft: 2,
        newEvidenceNeeded: true,
      });
      const NEW_REASON = '补充：逾期是因为单位未及时出具证明，现附单位说明。';
      const noFile = await file('sz-worker', { ...decision, reason: NEW_REASON });
      expect(noFile.statusCode).toBe(409);
      expect(noFile.json()).toMatchObject({ code: 'APPEAL_NEEDS_NEW_EVIDENCE', details: { field: 'files' } });
      expect(noFile.json().message).toContain('上次申诉未获支持，再次申诉须提供新的证明材料');
      expect(noFile.json().message).toContain('此前未提交过的附件');
      expect(noFile.json().message_en).toContain('new evidence');
      // The dismissed text again (spaces do not make it new), with a photo: still refused.
      const sameText = await file('sz-worker', { ...decision, reason: ` ${REASON.replace('，', ' ， ')} ` }, [
        { name: 'unit.jpg', type: 'image/jpeg', content: JPEG },
      ]);
      expect(sameText.statusCode).toBe(409);
      expect(sameText.json()).toMatchObject({ code: 'APPEAL_NEEDS_NEW_EVIDENCE', details: { field: 'reason' } });
      expect(await filedOn('AP-320500')).toBe(1);
      const ok = await file('sz-worker', { ...decision, reason: NEW_REASON }, [
        { name: 'unit.jpg', type: 'image/jpeg', content: JPEG },
      ]);
      expect(ok.statusCode, ok.body).toBe(201);
      await dismiss(ok.json().id);
    });

    it('a record is appealed at most 3 times in all: the fourth filing is refused with APPEAL_LIMIT', async () => {
      // The photo of the second appeal again is not new evidence; a PDF not filed before is.
      const REASON3 = '再次补充：附社保中心出具的住院期间停保记录。';
      const oldPhoto = await file('sz-worker', { ...decision, reason: REASON3 }, [
        { name: 'again.jpg', type: 'image/jpeg', content: JPEG },
      ]);
      expect(oldPhoto.json()).toMatchObject({ code: 'APPEAL_NEEDS_NEW_EVIDENCE', details: { field: 'files' } });
      const third = await file('sz-worker', { ...decision, reason: REASON3 }, [
        { name: 'again.jpg', type: 'image/jpeg', content: JPEG },
        { name: 'record.pdf', type: 'application/pdf', content: PDF },
      ]);
      expect(third.statusCode, third.body).toBe(201);
      await dismiss(third.json().id);
      expect((await appealable()).find((s) => s.ref === 'AP-320500')).toMatchObject({ appealsLeft: 0 });
      const fourth = await file('sz-worker', { ...decision, reason: '第四次申诉：附医院重新出具的诊断证明。' }, [
        { name: 'new.png', type: 'image/png', content: PNG },
      ]);
      expect(fourth.statusCode).toBe(409);
      expect(fourth.json()).toMatchObject({
        code: 'APPEAL_LIMIT',
        message: '该记录已申诉 3 次，不再受理；如仍有异议，可依法申请行政复议',
        message_en:
          'this record has been appealed 3 times and no further appeal is accepted; you may apply for administrative review',
      });
      expect(await filedOn('AP-320500')).toBe(3);
    });

    it('the limit counts per record: the same worker’s other record is still open to a first appeal', async () => {
      await enrolWithManualRecord(keys['sz-worker']);
      const record = (await appealable()).find((s) => s.kind === 'attendance')!;
      expect(record).toMatchObject({ appealsLeft: 3, newEvidenceNeeded: false });
      // No attachment: a first appeal needs none, however often another record was appealed.
      const res = await file('sz-worker', {
        subjectKind: 'attendance',
        subjectRef: record.ref,
        reason: '那天终端故障，老师手工登记了我的签到。',
      });
      expect(res.statusCode, res.body).toBe(201);
      const decisionAgain = await file('sz-worker', { ...decision, reason: '第四次申诉：附医院重新出具的诊断证明。' }, [
        { name: 'new.png', type: 'image/png', content: PNG },
      ]);
      expect(decisionAgain.json()).toMatchObject({ code: 'APPEAL_LIMIT' });
    });
  });

  it('upheld: the application is decided again — a revision row, audit, ledger commitment balanced, 公示', async () => {
    const res = await call('nanjing', 'POST', `/api/appeals/${appealId}/decide`, {
      outcome: 'upheld',
      answer: '住院证明属实，逾期申请理由成立。',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'upheld', answer: '住院证明属实，逾期申请理由成立。' });
    const db = demo.ctx.db;
    const [d] = await db.query<{ decision: string; amount_fen: number; reasons: string[] }>(
      `SELECT decision, amount_fen, reasons FROM decisions WHERE application_id = 'AP-320100'`,
    );
    expect(d!.decision).toBe('approved');
    expect(d!.amount_fen).toBeGreaterThan(0);
    const revisions = await db.query(`SELECT * FROM decision_revisions WHERE application_id = 'AP-320100'`);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({
      source: 'appeal',
      source_ref: appealId,
      decision: 'approved',
      overruled: ['LATE_APPLICATION'],
      before: { decision: 'rejected', reasons: ['LATE_APPLICATION'] },
    });
    const actions = (
      await db.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity_id IN ('AP-320100', $1) ORDER BY seq`,
        [appealId],
      )
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['appeal.file', 'decision.appeal.redecide', 'appeal.upheld']));
    const commit = await db.query<{ debit_fen: number; credit_fen: number }>(
      `SELECT debit_fen, credit_fen FROM ledger_entries WHERE application_id = 'AP-320100'`,
    );
    expect(commit.length).toBeGreaterThan(0);
    expect(commit.reduce((s, e) => s + e.debit_fen - e.credit_fen, 0)).toBe(0);
    expect(await ledgerBalances(db, '320100')).toMatchObject({ ok: true });
    expect(await db.query(`SELECT 1 FROM public_notices WHERE application_id = 'AP-320100'`)).toHaveLength(1);
    // The worker sees the answer, and the decision no longer open to appeal.
    const mine = (await call('nj-worker', 'GET', '/api/me/appeals')).json();
    expect(mine[0]).toMatchObject({ id: appealId, status: 'upheld', answer: '住院证明属实，逾期申请理由成立。' });
    const subjects = (await call('nj-worker', 'GET', '/api/me/appealable')).json() as { ref: string }[];
    expect(subjects.some((s) => s.ref === 'AP-320100')).toBe(false);
  });

  it('upheld on an attendance record: training validates it and it counts from then on', async () => {
    const subjects = (await call('nj-worker', 'GET', '/api/me/appealable')).json() as { kind: string; ref: string }[];
    const record = subjects.find((s) => s.kind === 'attendance')!;
    const filed = await file(
      'nj-worker',
      { subjectKind: 'attendance', subjectRef: record.ref, reason: '那天终端故障，老师手工登记了我的签到。' },
      [
        {
          name: 'class.png',
          type: 'image/png',
          content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
        },
      ],
    );
    expect(filed.statusCode, filed.body).toBe(201);
    const res = await call('nanjing', 'POST', `/api/appeals/${filed.json().id}/decide`, {
      outcome: 'upheld',
      answer: '经与机构核实，终端当日故障。',
    });
    expect(res.statusCode, res.body).toBe(200);
    const [v] = await demo.ctx.db.query(`SELECT * FROM attendance_validations WHERE attendance_id = $1`, [
      Number(record.ref),
    ]);
    expect(v).toMatchObject({ was_invalid: 'MANUAL', ref: filed.json().id });
    const after = (await call('nj-worker', 'GET', '/api/me/appealable')).json() as { ref: string }[];
    expect(after.some((s) => s.ref === record.ref)).toBe(false);
  });

  describe('公示 and 异议', () => {
    it('shows only approved subsidies in their notice period, masked, with no ID number or person key', async () => {
      // A notice whose period is over is no longer shown.
      await demo.ctx.db.query(
        `UPDATE public_notices SET approved_on = '2026-01-05', notice_until = '2026-01-12' WHERE application_id = 'A0000001'`,
      );
      const today = chinaDate(new Date());
      const [{ n }] = await demo.ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM public_notices n JOIN decisions d USING (application_id)
         WHERE d.decision = 'approved' AND n.approved_on <= $1 AND n.notice_until >= $1`,
        [today],
      );
      type Page = {
        total: number;
        items: { ref: string; maskedName: string; noticeUntil: string; approvedOn: string }[];
      };
      const items: Page['items'] = [];
      for (let offset = 0; ; offset += 100) {
        const res = await call('', 'GET', `/api/public/notices?limit=100&offset=${offset}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toMatch(/\d{17}[\dXx]/);
        expect(res.body).not.toContain(keys['nj-worker']);
        expect(res.body).not.toContain('申诉320100');
        const page = res.json() as Page;
        expect(page.total).toBe(n);
        items.push(...page.items);
        if (page.items.length < 100) break;
      }
      expect(items).toHaveLength(n);
      expect(items.map((i) => i.ref)).toContain('AP-320100');
      expect(items.map((i) => i.ref)).not.toContain('A0000001');
      for (const i of items) {
        expect(i.noticeUntil >= today && i.approvedOn <= today).toBe(true);
        expect(i.maskedName).toContain('*');
      }
      expect(items.find((i) => i.ref === 'AP-320100')!.maskedName).toBe('申******0');
      const suzhou = (await call('', 'GET', '/api/public/notices?city=320500&limit=100')).json();
      expect(suzhou.items.map((i: { ref: string }) => i.ref)).not.toContain('AP-320100');
    });

    it('an objection opens a case for the subsidy’s city; a bad one is refused in both languages', async () => {
      const bad = await call('', 'POST', '/api/public/notices/AP-320100/objections', { reason: '短' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'BAD_OBJECTION', message_en: expect.stringContaining('5–500') });
      expect(
        (await call('', 'POST', '/api/public/notices/NOPE/objections', { reason: '此人并未参加培训。' })).statusCode,
      ).toBe(404);
      const ok = await call('', 'POST', '/api/public/notices/AP-320100/objections', {
        reason: '此人当时在外地工作，并未参加培训。',
        contact: '13800000000',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      const [c] = await demo.ctx.db.query<{ city_code: string; status: string; evidence: { objections: unknown[] } }>(
        `SELECT city_code, status, evidence FROM integrity_cases WHERE detector = 'PUBLIC_OBJECTION'`,
      );
      expect(c).toMatchObject({ city_code: '320100', status: 'open' });
      expect(c!.evidence.objections).toHaveLength(1);
      const nanjingCases = (await call('nanjing', 'GET', '/api/integrity/cases')).body;
      expect(nanjingCases).toContain('PUBLIC_OBJECTION');
    });

    it('an open objection holds the payment; dismissed, it is paid; a new objection reopens the case', async () => {
      const db = demo.ctx.db;
      const paidLine = async () =>
        (await db.query(`SELECT 1 FROM payment_lines WHERE application_id = 'AP-320100'`)).length > 0;
      const [d] = await db.query<{ decision: string }>(
        `SELECT decision FROM decisions WHERE application_id = 'AP-320100'`,
      );
      expect(d!.decision).toBe('approved'); // upheld above
      await createPaymentBatches(db, { asOf: '2099-12-31', actor: 'test' });
      expect(await paidLine()).toBe(false);
      const [c] = await db.query<{ id: number }>(`SELECT id FROM integrity_cases WHERE detector = 'PUBLIC_OBJECTION'`);
      const dismissed = await call('nanjing', 'POST', `/api/integrity/cases/${c!.id}`, {
        status: 'dismissed',
        finding: '经核实，本人确实参加了培训。',
      });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      await createPaymentBatches(db, { asOf: '2099-12-31', actor: 'test' });
      expect(await paidLine()).toBe(true);
      await call('', 'POST', '/api/public/notices/AP-320100/objections', { reason: '补充：培训期间此人在外地。' });
      const [again] = await db.query<{ status: string; evidence: { objections: unknown[] } }>(
        `SELECT status, evidence FROM integrity_cases WHERE id = $1`,
        [c!.id],
      );
      expect(again).toMatchObject({ status: 'open' });
      expect(again!.evidence.objections).toHaveLength(2);
    });

    it('a confirmed objection claws back the subsidy it names, even one with no project (skill upgrade)', async () => {
      const db = demo.ctx.db;
      // The bank pays the line first (a pending line is left to the bank's return).
      const [line] = await db.query<{ batch_id: string; idempotency_key: string; amount_fen: number }>(
        `SELECT batch_id, idempotency_key, amount_fen FROM payment_lines WHERE application_id = 'AP-320100'`,
      );
      const file = path.join(os.tmpdir(), `jn-objection-${process.pid}.csv`);
      await exportBankFile(db, demo.ctx.vault, line!.batch_id, file, 'test');
      fs.writeFileSync(
        file,
        `idempotency_key,status,bank_ref,amount,reason\n${line!.idempotency_key},paid,B-OBJ,${(line!.amount_fen / 100).toFixed(2)},\n`,
      );
      expect(await applyBankReturn(db, file, 'test')).toMatchObject({ paid: 1, errors: [] });
      fs.rmSync(file);
      const [c] = await db.query<{ id: number }>(`SELECT id FROM integrity_cases WHERE detector = 'PUBLIC_OBJECTION'`);
      const confirmed = await call('nanjing', 'POST', `/api/integrity/cases/${c!.id}`, {
        status: 'confirmed',
        finding: '经核实，培训期间此人在外地工作，证书系冒名取得。',
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().clawedBack).toContain('AP-320100');
      const [claw] = await db.query<{ amount_fen: number }>(
        `SELECT amount_fen FROM clawbacks WHERE application_id = 'AP-320100'`,
      );
      expect(claw!.amount_fen).toBe(line!.amount_fen);
      expect(await ledgerBalances(db, '320100')).toMatchObject({ ok: true });
    });
  });
});
