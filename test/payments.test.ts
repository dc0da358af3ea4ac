import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/composition/app.ts';
import { loadDemo } from '../src/composition/demo.ts';
import { chinaDate } from '../src/kernel/clock.ts';
import { addWorkingDays } from '../src/kernel/dates.ts';
import {
  applyBankReturn,
  createPaymentBatches,
  exportBankFile,
  ledgerBalances,
  ledgerReport,
  setBudget,
} from '../src/modules/subsidy/index.ts';
import { testContext } from './support/context.ts';
import { bearerToken } from './support/demo-app.ts';

const sumOver = (
  lines: Awaited<ReturnType<typeof ledgerReport>>,
  k: 'budgetFen' | 'availableFen' | 'committedFen' | 'paidFen' | 'receivableFen',
) => lines.reduce((s, l) => s + l[k], 0);

describe('payments, ledger, review and clawback', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-pay-'));
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, user: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${tokens[user]}` } });
  const today = chinaDate(new Date());
  const afterNotice = addWorkingDays(today, 6);
  let approved: { application_id: string; amount_fen: number }[];

  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx); // imports and settles the example: 226 approved, 2 review
    app = await buildApp(ctx);
    for (const u of ['province', 'nanjing']) tokens[u] = await bearerToken(app, u);
    approved = await ctx.db.query(
      `SELECT application_id, amount_fen FROM decisions WHERE decision = 'approved' ORDER BY application_id`,
    );
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });

  it('commits every approval against the budget at approval, in a balanced ledger', async () => {
    const report = await ledgerReport(ctx.db);
    expect(sumOver(report, 'committedFen')).toBe(approved.reduce((s, a) => s + a.amount_fen, 0));
    expect(await ledgerBalances(ctx.db)).toMatchObject({ ok: true });
  });

  it('pays nothing during the public notice period (5 working days)', async () => {
    expect(await createPaymentBatches(ctx.db, { asOf: addWorkingDays(today, 5), actor: 'test' })).toEqual([]);
  });

  it('batches every payable approval once, per city and fund; a rerun adds nothing', async () => {
    const batches = await createPaymentBatches(ctx.db, { asOf: afterNotice, actor: 'test' });
    expect(batches.reduce((s, b) => s + b.lineCount, 0)).toBe(approved.length);
    expect(batches.reduce((s, b) => s + b.totalFen, 0)).toBe(approved.reduce((s, a) => s + a.amount_fen, 0));
    expect(new Set(batches.map((b) => `${b.cityCode}|${b.fund}`)).size).toBe(batches.length);
    expect(await createPaymentBatches(ctx.db, { asOf: afterNotice, actor: 'test' })).toEqual([]);
  });

  it('applies the bank’s return: paid lines move to paid, a failed line is re-issued with a new key, a second return changes nothing', async () => {
    const [batch] = await ctx.db.query<{ id: string; city_code: string }>(
      `SELECT id, city_code FROM payment_batches ORDER BY city_code, fund LIMIT 1`,
    );
    const bankFile = path.join(tmp, 'bank.csv');
    const n = await exportBankFile(ctx.db, ctx.vault, batch.id, bankFile, 'test');
    const lines = parse(fs.readFileSync(bankFile), { columns: true, bom: true }) as Record<string, string>[];
    expect(lines).toHaveLength(n);
    expect(lines[0].payee_id_number).toMatch(/^\d{17}[\dX]$/); // the bank needs the card holder's ID
    const ret = path.join(tmp, 'return.csv');
    fs.writeFileSync(
      ret,
      'idempotency_key,status,bank_ref,amount,reason\n' +
        lines
          .map(
            (l, i) =>
              `${l.idempotency_key},${i === 0 ? 'failed' : 'paid'},B${i},${l.amount},${i === 0 ? '账户已注销' : ''}`,
          )
          .join('\n') +
        '\nJN-NOPE-1,paid,X,1.00,\n',
    );
    const r = await applyBankReturn(ctx.db, ret, 'test');
    expect(r).toMatchObject({
      paid: n - 1,
      failed: 1,
      unchanged: 0,
      errors: [{ key: 'JN-NOPE-1', reason: 'UNKNOWN_KEY' }],
    });
    expect(await applyBankReturn(ctx.db, ret, 'test')).toMatchObject({ paid: 0, failed: 0, unchanged: n });
    const again = await createPaymentBatches(ctx.db, { asOf: afterNotice, actor: 'test' });
    expect(again).toHaveLength(1);
    expect(again[0].lineCount).toBe(1);
    const [reissued] = await ctx.db.query<{ idempotency_key: string; attempt: number }>(
      `SELECT idempotency_key, attempt FROM payment_lines WHERE batch_id = $1`,
      [again[0].id],
    );
    expect(reissued).toEqual({ idempotency_key: `${lines[0].idempotency_key.replace(/-1$/, '')}-2`, attempt: 2 });
    const paidFen = lines.slice(1).reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
    expect(sumOver(await ledgerReport(ctx.db), 'paidFen')).toBe(paidFen);
    expect(await ledgerBalances(ctx.db)).toMatchObject({ ok: true });
  });

  it('writes a payee name that looks like a formula into the bank file as text; IDs and amounts stay as they are', async () => {
    const [batch] = await ctx.db.query<{ id: string }>(
      `SELECT b.id FROM payment_batches b WHERE EXISTS (SELECT 1 FROM payment_lines l WHERE l.batch_id = b.id AND l.payee_kind = 'person') AND b.status = 'created' ORDER BY b.city_code DESC, b.fund LIMIT 1`,
    );
    const [line] = await ctx.db.query<{ payee_key: string }>(
      `SELECT payee_key FROM payment_lines WHERE batch_id = $1 AND payee_kind = 'person' ORDER BY id LIMIT 1`,
      [batch.id],
    );
    const evil = '=HYPERLINK("http://evil.example","点我")';
    await ctx.db.query('UPDATE persons SET name = $2 WHERE person_key = $1', [line.payee_key, evil]);
    const bankFile = path.join(tmp, 'bank-evil.csv');
    await exportBankFile(ctx.db, ctx.vault, batch.id, bankFile, 'test');
    const lines = parse(fs.readFileSync(bankFile), { columns: true, bom: true }) as Record<string, string>[];
    expect(lines.filter((l) => l.payee_name === `'${evil}`).length).toBeGreaterThan(0); // each of the person's payments
    for (const l of lines) {
      expect(l.payee_name).not.toMatch(/^[=+\-@\t\r]/);
      expect(l.amount).toMatch(/^\d+\.\d{2}$/);
      expect(l.payee_id_number).toMatch(/^(\d{17}[\dX]|[0-9A-Z]{18})$/);
    }
  });

  it('applies no line of a bank return that cannot be read (an unclosed quote)', async () => {
    const ret = path.join(tmp, 'return-broken.csv');
    fs.writeFileSync(ret, 'idempotency_key,status,bank_ref,amount,reason\nJN-ANY-1,paid,"B1,1.00,\n');
    expect(await applyBankReturn(ctx.db, ret, 'test')).toMatchObject({
      paid: 0,
      failed: 0,
      errors: [{ line: 2, reason: 'UNTERMINATED_QUOTE' }],
    });
  });

  it('budget = available + committed + paid + receivable, per city, fund and year', async () => {
    await setBudget(
      ctx.db,
      { cityCode: '320100', year: 2025, fund: 'employment_fund' },
      50_000_000,
      'test',
      new Date(),
    );
    await setBudget(
      ctx.db,
      { cityCode: '320100', year: 2025, fund: 'employment_fund' },
      40_000_000,
      'test',
      new Date(),
    );
    for (const l of await ledgerReport(ctx.db))
      expect(l.budgetFen).toBe(l.availableFen + l.committedFen + l.paidFen + l.receivableFen);
    const nj = (await ledgerReport(ctx.db, { cityCode: '320100', year: 2025 })).find(
      (l) => l.fund === 'employment_fund',
    )!;
    expect(nj.budgetFen).toBe(40_000_000);
  });

  it('officials clear or reject decisions under review, with a reason, within their city', async () => {
    const queue = (await call('GET', '/api/reviews', 'province')).json();
    expect(queue.map((q: { application_id: string }) => q.application_id).sort()).toEqual(['A0000023', 'A0000042']);
    const evidence = (id: string) =>
      queue
        .find((q: { application_id: string }) => q.application_id === id)
        .evidence.map((e: { code: string }) => e.code);
    expect(evidence('A0000023')).toContain('IMPOSSIBLE_PRESENCE');
    expect(evidence('A0000042')).toContain('PROXY_DEVICE');
    // The evidence reads in words, Chinese and English — never the detector's English note alone.
    const ring = queue
      .find((q: { application_id: string }) => q.application_id === 'A0000042')
      .evidence.find((e: { code: string }) => e.code === 'PROXY_DEVICE');
    expect(ring).toMatchObject({ persons: 2 });
    expect(ring.zh).toMatch(/^第\d+课次：同一部手机为2人签到（设备 .+）$/);
    expect(ring.en).toMatch(/^session \d+: one phone checked in 2 persons \(device .+\)$/);
    const noReason = await call('POST', `/api/reviews/${queue[0].application_id}`, 'province', {
      outcome: 'approved',
      note: '',
    });
    expect(noReason.statusCode).toBe(400);
    const other = queue.find((q: { city_code: string }) => q.city_code !== '320100');
    if (other)
      expect(
        (
          await call('POST', `/api/reviews/${other.application_id}`, 'nanjing', {
            outcome: 'approved',
            note: '核实无误',
          })
        ).statusCode,
      ).toBe(403);
    const cleared = await call('POST', '/api/reviews/A0000023', 'province', {
      outcome: 'approved',
      note: '经核实两课次均为本人',
    });
    expect(cleared.json()).toMatchObject({ decision: 'approved' });
    const rejected = await call('POST', '/api/reviews/A0000042', 'province', {
      outcome: 'rejected',
      note: '确认代打卡',
    });
    expect(rejected.json()).toMatchObject({ decision: 'rejected', amountFen: 0 });
    expect(
      (await call('POST', '/api/reviews/A0000042', 'province', { outcome: 'approved', note: '再次' })).json().code,
    ).toBe('NOT_UNDER_REVIEW');
    const [n] = await ctx.db.query('SELECT notice_until FROM public_notices WHERE application_id = $1', ['A0000023']);
    expect(n).toBeTruthy();
  });

  it('revoking a certificate claws back a paid subsidy and voids an unpaid approval', async () => {
    const [paid] = await ctx.db.query<{ application_id: string; certificate_no: string; amount_fen: number }>(
      `SELECT d.application_id, d.certificate_no, d.amount_fen FROM decisions d JOIN payment_lines l USING (application_id) WHERE l.status = 'paid' ORDER BY 1 LIMIT 1`,
    );
    const res = await call('POST', `/api/certificates/${paid.certificate_no}/revoke`, 'province', {
      reason: '评价机构违规发证',
    });
    expect(res.json()).toEqual({ clawedBack: [paid.application_id], released: [], held: [] });
    const [c] = await ctx.db.query<{ status: string; amount_fen: number }>(
      'SELECT status, amount_fen FROM clawbacks WHERE application_id = $1',
      [paid.application_id],
    );
    expect(c).toEqual({ status: 'open', amount_fen: paid.amount_fen });
    expect(sumOver(await ledgerReport(ctx.db), 'receivableFen')).toBe(paid.amount_fen);
    expect(
      (await call('POST', `/api/certificates/${paid.certificate_no}/revoke`, 'province', { reason: '再次' })).json()
        .code,
    ).toBe('ALREADY_REVOKED');
    expect(
      (await call('POST', `/api/certificates/${paid.certificate_no}/revoke`, 'nanjing', { reason: '再次' })).statusCode,
    ).toBe(403);

    const [unpaid] = await ctx.db.query<{ application_id: string; certificate_no: string }>(
      `SELECT d.application_id, d.certificate_no FROM decisions d WHERE d.decision = 'approved'
       AND NOT EXISTS (SELECT 1 FROM payment_lines l WHERE l.application_id = d.application_id) ORDER BY 1 LIMIT 1`,
    );
    if (unpaid) {
      expect(
        (
          await call('POST', `/api/certificates/${unpaid.certificate_no}/revoke`, 'province', { reason: '伪造' })
        ).json(),
      ).toEqual({ clawedBack: [], released: [unpaid.application_id], held: [] });
      const [d] = await ctx.db.query('SELECT decision, reasons FROM decisions WHERE application_id = $1', [
        unpaid.application_id,
      ]);
      expect(d).toEqual({ decision: 'rejected', reasons: ['CERT_REVOKED'] });
    }
    expect(await ledgerBalances(ctx.db)).toMatchObject({ ok: true });
    for (const l of await ledgerReport(ctx.db))
      expect(l.budgetFen).toBe(l.availableFen + l.committedFen + l.paidFen + l.receivableFen);
  });

  it('a certificate revoked while its payment is at the bank: held; paid back → a receivable, failed → voided and never paid again', async () => {
    await createPaymentBatches(ctx.db, { asOf: '2099-12-31', actor: 'test' });
    const pending = await ctx.db.query<{
      application_id: string;
      certificate_no: string;
      batch_id: string;
      idempotency_key: string;
      amount_fen: number;
    }>(
      `SELECT d.application_id, d.certificate_no, l.batch_id, l.idempotency_key, l.amount_fen
       FROM decisions d JOIN payment_lines l USING (application_id)
       WHERE l.status = 'pending' AND d.decision = 'approved' ORDER BY 1 LIMIT 2`,
    );
    expect(pending).toHaveLength(2);
    const [toPay, toFail] = pending;
    for (const p of pending) {
      const res = await call('POST', `/api/certificates/${p.certificate_no}/revoke`, 'province', {
        reason: '证书造假',
      });
      expect(res.json()).toEqual({ clawedBack: [], released: [], held: [p.application_id] });
    }
    const receivableBefore = sumOver(await ledgerReport(ctx.db), 'receivableFen');
    // Held lines are not re-batched while the bank has them.
    await createPaymentBatches(ctx.db, { asOf: '2099-12-31', actor: 'test' });
    const file = path.join(tmp, 'held-return.csv');
    for (const batch of new Set(pending.map((p) => p.batch_id)))
      await exportBankFile(ctx.db, ctx.vault, batch, path.join(tmp, `held-${batch}.csv`), 'test');
    fs.writeFileSync(
      file,
      'idempotency_key,status,bank_ref,amount,reason\n' +
        `${toPay.idempotency_key},paid,B-H1,${(toPay.amount_fen / 100).toFixed(2)},\n` +
        `${toFail.idempotency_key},failed,,,账户已注销\n`,
    );
    expect(await applyBankReturn(ctx.db, file, 'test')).toMatchObject({ paid: 1, failed: 1, errors: [] });
    const claw = async (id: string) =>
      (await ctx.db.query('SELECT status, amount_fen FROM clawbacks WHERE application_id = $1', [id]))[0];
    expect(await claw(toPay.application_id)).toEqual({ status: 'open', amount_fen: toPay.amount_fen });
    const [due] = await ctx.db.query<{ due_on: string | null }>(
      `SELECT due_on::text AS due_on FROM clawbacks WHERE application_id = $1`,
      [toPay.application_id],
    );
    expect(due!.due_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sumOver(await ledgerReport(ctx.db), 'receivableFen')).toBe(receivableBefore + toPay.amount_fen);
    expect(await claw(toFail.application_id)).toMatchObject({ status: 'void' });
    const [voided] = await ctx.db.query(
      'SELECT decision, amount_fen, reasons FROM decisions WHERE application_id = $1',
      [toFail.application_id],
    );
    expect(voided).toEqual({ decision: 'rejected', amount_fen: 0, reasons: ['CERT_REVOKED'] });
    // The failed line is not re-issued (a failed line of a live approval would be).
    await createPaymentBatches(ctx.db, { asOf: '2099-12-31', actor: 'test' });
    const lines = await ctx.db.query('SELECT status FROM payment_lines WHERE application_id = $1', [
      toFail.application_id,
    ]);
    expect(lines).toEqual([{ status: 'failed' }]);
    expect(await ledgerBalances(ctx.db)).toMatchObject({ ok: true });
    for (const l of await ledgerReport(ctx.db))
      expect(l.budgetFen).toBe(l.availableFen + l.committedFen + l.paidFen + l.receivableFen);
  });

  it('a claim filed after the revocation is refused (CERT_REVOKED), on the web and in settlement, and commits nothing', async () => {
    const [fresh] = await ctx.db.query<{ certificate_no: string; person_key: string; issued_on: string }>(
      `SELECT c.certificate_no, c.person_key, c.issued_on::text AS issued_on FROM certificates c
       WHERE c.revoked_on IS NULL AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.certificate_no = c.certificate_no AND a.type = 'skill_upgrade')
       ORDER BY 1 LIMIT 1`,
    );
    expect(fresh).toBeDefined();
    expect(
      (await call('POST', `/api/certificates/${fresh!.certificate_no}/revoke`, 'province', { reason: '考场舞弊' }))
        .statusCode,
    ).toBe(200);
    const { settleApplications } = await import('../src/modules/subsidy/index.ts');
    const { applyForSubsidy } = await import('../src/modules/subsidy/applications.ts');
    const worker = { role: 'worker' as const, username: 'w', personKey: fresh!.person_key };
    await expect(
      applyForSubsidy(ctx.db, worker as never, { type: 'skill_upgrade', certificateNo: fresh!.certificate_no }),
    ).rejects.toMatchObject({ code: 'CERT_REVOKED' });
    // An imported claim bypasses the web form: settlement itself must refuse it.
    await ctx.db.query(
      `INSERT INTO applications (application_id, person_key, type, certificate_no, project_code, applied_on, source)
       VALUES ('AREVOKED1', $1, 'skill_upgrade', $2, NULL, $3::date + 1, 'import')`,
      [fresh!.person_key, fresh!.certificate_no, fresh!.issued_on],
    );
    const committedBefore = sumOver(await ledgerReport(ctx.db), 'committedFen');
    await settleApplications(ctx.db, { asOf: '2099-12-31', actor: 'test' });
    const [d] = await ctx.db.query('SELECT decision, amount_fen, reasons FROM decisions WHERE application_id = $1', [
      'AREVOKED1',
    ]);
    expect(d).toMatchObject({ decision: 'rejected', amount_fen: 0 });
    expect((d as { reasons: string[] }).reasons[0]).toBe('CERT_REVOKED');
    expect(sumOver(await ledgerReport(ctx.db), 'committedFen')).toBe(committedBefore);
  });
});

describe('a worker applying in the web app', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let app: FastifyInstance;
  let token = '';
  beforeAll(async () => {
    ctx = await testContext();
    await loadDemo(ctx);
    app = await buildApp(ctx);
    token = await bearerToken(app, 'xielei');
  });
  afterAll(async () => {
    await app.close();
    await ctx.drop();
  });
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

  it('sees their own decision with its status, and each rejection reason in plain words after settlement', async () => {
    const mine = (await call('GET', '/api/me/applications')).json();
    expect(mine.map((a: { application_id: string; status: string }) => [a.application_id, a.status])).toEqual([
      ['A0000001', 'approved'],
    ]);
    const certs = (await call('GET', '/api/me/certificates')).json();
    expect(certs.map((c: { certificate_no: string }) => c.certificate_no)).toEqual(['Y252832550087255000001']);
    // Applying again with the same certificate for the other subsidy: filed, then refused by the rules.
    const filed = await call('POST', '/api/applications', {
      type: 'skill_upgrade',
      certificateNo: 'Y252832550087255000001',
    });
    expect(filed.statusCode).toBe(201);
    expect(
      (
        await call('POST', '/api/applications', { type: 'skill_upgrade', certificateNo: 'Y252832550087255000001' })
      ).json().code,
    ).toBe('ALREADY_APPLIED');
    const { settleApplications } = await import('../src/modules/subsidy/index.ts');
    await settleApplications(ctx.db, { asOf: '2099-12-31', actor: 'test' });
    const after = (await call('GET', '/api/me/applications')).json();
    const mineNew = after.find((a: { application_id: string }) => a.application_id === filed.json().applicationId);
    expect(mineNew.status).toBe('rejected');
    expect(mineNew.reasons.map((r: { code: string }) => r.code)).toContain('CERT_ALREADY_SUBSIDIZED');
    expect(mineNew.reasons[0].zh).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('other roles cannot apply on a worker’s behalf through this route', async () => {
    const officer = await bearerToken(app, 'nanjing');
    const res = await app.inject({
      method: 'POST',
      url: '/api/applications',
      payload: { type: 'training', certificateNo: 'X' },
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(res.statusCode).toBe(403);
  });
});
