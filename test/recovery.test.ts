import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PROVINCE, type Actor } from '../src/kernel/auth.ts';
import { chinaDate } from '../src/kernel/clock.ts';
import { addWorkingDays } from '../src/kernel/dates.ts';
import { newId } from '../src/kernel/ids.ts';
import { createUser } from '../src/modules/accounts/index.ts';
import {
  applyBankReturn,
  createPaymentBatches,
  decideWriteOff,
  exportBankFile,
  ledgerBalances,
  ledgerReport,
  recordRecovery,
  requestWriteOff,
} from '../src/modules/subsidy/index.ts';
import { post } from '../src/modules/subsidy/ledger.ts';
import { programOf } from '../src/modules/subsidy/programs/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 追回到最后一分 (issue 19): a clawback is recovered in parts by bank receipt, the rest written off
 * with a second province official's approval; the ledger balances after every step and nothing can
 * be recovered twice or above what is owed, also under parallel requests.
 */
describe('recovery to the last fen', () => {
  let d: DemoApp;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-recovery-'));
  const province2: Actor = { ...SYSTEM_PROVINCE, userId: 'p2', username: 'province2', displayName: '省厅复核员' };
  const today = chinaDate(new Date());
  let paidNanjing: { application_id: string; certificate_no: string; amount_fen: number }[];

  const receivable = async (applicationId: string) => {
    const [c] = await d.ctx.db.query<{
      status: string;
      amount_fen: number;
      recovered_fen: number;
      written_off_fen: number;
    }>('SELECT status, amount_fen, recovered_fen, written_off_fen FROM clawbacks WHERE application_id = $1', [
      applicationId,
    ]);
    return c;
  };
  /** The ledger's receivable for one application: what the postings say is still owed. */
  const ledgerOwed = async (applicationId: string) => {
    const [{ owed }] = await d.ctx.db.query<{ owed: number }>(
      `SELECT COALESCE(sum(debit_fen - credit_fen), 0)::bigint AS owed FROM ledger_entries
       WHERE application_id = $1 AND account = 'receivable'`,
      [applicationId],
    );
    return Number(owed);
  };
  const assertBalanced = async () => {
    expect((await ledgerBalances(d.ctx.db)).ok).toBe(true);
    for (const l of await ledgerReport(d.ctx.db))
      expect(l.budgetFen).toBe(l.availableFen + l.committedFen + l.paidFen + l.receivableFen);
  };

  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi']);
    await createUser(d.ctx.db, 'test', {
      username: 'province2',
      displayName: '省厅复核员',
      password: 'Recovery-Test-9!',
      role: 'province_admin',
    });
    const login = await d.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'province2', password: 'Recovery-Test-9!', bearer: true },
    });
    d.tokens.province2 = login.json().token;
    // Pay Nanjing's first batch, so its subsidies can be clawed back.
    await createPaymentBatches(d.ctx.db, { asOf: addWorkingDays(today, 6), actor: 'test' });
    const [batch] = await d.ctx.db.query<{ id: string }>(
      `SELECT id FROM payment_batches WHERE city_code = '320100' ORDER BY fund LIMIT 1`,
    );
    const bankFile = path.join(tmp, 'bank.csv');
    await exportBankFile(d.ctx.db, d.ctx.vault, batch.id, bankFile, 'test');
    const lines = parse(fs.readFileSync(bankFile), { columns: true, bom: true }) as Record<string, string>[];
    const ret = path.join(tmp, 'return.csv');
    fs.writeFileSync(
      ret,
      `idempotency_key,status,bank_ref,amount,reason\n${lines.map((l, i) => `${l.idempotency_key},paid,B${i},${l.amount},`).join('\n')}\n`,
    );
    await applyBankReturn(d.ctx.db, ret, 'test');
    paidNanjing = await d.ctx.db.query(
      `SELECT d.application_id, d.certificate_no, d.amount_fen FROM decisions d JOIN payment_lines l USING (application_id)
       WHERE l.status = 'paid' AND d.city_code = '320100' ORDER BY 1`,
    );
    expect(paidNanjing.length).toBeGreaterThanOrEqual(4);
  }, 180_000);
  afterAll(() => d.close());

  const revoke = async (certificateNo: string) => {
    const res = await d.call('province', 'POST', `/api/certificates/${certificateNo}/revoke`, { reason: '考核舞弊' });
    expect(res.statusCode, res.body).toBe(200);
  };
  const recover = (user: string, applicationId: string, receiptRef: string, amountFen: number) =>
    d.call(user, 'POST', `/api/receivables/${applicationId}/recoveries`, { receiptRef, amountFen, receivedOn: today });

  it('clawback → partial recovery → the rest written off with a second official’s approval, balanced after each step', async () => {
    const a = paidNanjing[0]!;
    // Before confirming, the official sees what the revocation will claw back.
    const preview = await d.call('province', 'GET', `/api/certificates/${a.certificate_no}/revocation-effects`);
    expect(preview.json()).toMatchObject({
      effects: [{ applicationId: a.application_id, amountFen: a.amount_fen, effect: 'clawback' }],
      clawbackFen: a.amount_fen,
      releaseFen: 0,
    });
    expect(
      (await d.call('nanjing', 'GET', `/api/certificates/${a.certificate_no}/revocation-effects`)).statusCode,
    ).toBe(403);
    await revoke(a.certificate_no);
    expect(
      (await d.call('province', 'GET', `/api/certificates/${a.certificate_no}/revocation-effects`)).json().effects,
    ).toEqual([]);
    await assertBalanced();
    expect(await ledgerOwed(a.application_id)).toBe(a.amount_fen);
    const list = (await d.call('nanjing', 'GET', '/api/receivables')).json() as { applicationId: string }[];
    expect(list.find((r) => r.applicationId === a.application_id)).toMatchObject({
      status: 'open',
      outstandingFen: a.amount_fen,
      personIdMasked: expect.stringMatching(/^\d{4}\*+\d{3}[\dX]$/),
      dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });

    const part = Math.floor(a.amount_fen / 3);
    const first = await recover('nanjing', a.application_id, 'HD-0001', part);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ recoveredFen: part, outstandingFen: a.amount_fen - part, replayed: false });
    await assertBalanced();
    expect(await ledgerOwed(a.application_id)).toBe(a.amount_fen - part);

    // The same receipt again (a retry) records nothing more.
    const again = await recover('nanjing', a.application_id, 'HD-0001', part);
    expect(again.json()).toMatchObject({ recoveredFen: part, replayed: true });
    // The same receipt for another amount is refused.
    expect((await recover('nanjing', a.application_id, 'HD-0001', part + 1)).json().code).toBe('RECEIPT_USED');
    // More than is still owed is refused, in both languages.
    const over = await recover('nanjing', a.application_id, 'HD-0002', a.amount_fen);
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({
      code: 'OVER_RECOVERY',
      message: expect.stringContaining('超过尚欠金额'),
      message_en: expect.stringContaining('still owed'),
    });

    const asked = await d.call('nanjing', 'POST', `/api/receivables/${a.application_id}/write-off`, {
      reason: '当事人已无可执行财产',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const writeOffId = asked.json().id as string;
    expect(asked.json().amountFen).toBe(a.amount_fen - part);
    // A second request while one waits is refused.
    expect(
      (
        await d.call('province', 'POST', `/api/receivables/${a.application_id}/write-off`, { reason: '再次申请' })
      ).json().code,
    ).toBe('WRITEOFF_PENDING');
    // A city officer cannot approve; nothing moved yet.
    expect(
      (await d.call('nanjing', 'POST', `/api/write-offs/${writeOffId}/decision`, { approve: true })).statusCode,
    ).toBe(403);
    await assertBalanced();
    expect(await ledgerOwed(a.application_id)).toBe(a.amount_fen - part);

    const approved = await d.call('province2', 'POST', `/api/write-offs/${writeOffId}/decision`, { approve: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      writtenOffFen: a.amount_fen - part,
      receivable: { status: 'written_off', outstandingFen: 0 },
    });
    await assertBalanced();
    expect(await ledgerOwed(a.application_id)).toBe(0);
    expect(await receivable(a.application_id)).toEqual({
      status: 'written_off',
      amount_fen: a.amount_fen,
      recovered_fen: part,
      written_off_fen: a.amount_fen - part,
    });
    // Settled: no further recovery.
    expect((await recover('nanjing', a.application_id, 'HD-0003', 1)).json().code).toBe('RECEIVABLE_CLOSED');
    const audit = await d.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = $1 AND action LIKE 'clawback.%' ORDER BY seq`,
      [a.application_id],
    );
    expect(audit.map((r) => r.action)).toEqual([
      'clawback.open',
      'clawback.recovery',
      'clawback.writeoff.request',
      'clawback.writeoff.approved',
    ]);
  });

  it('refuses the approval of a write-off by the official who asked for it (four eyes)', async () => {
    const a = paidNanjing[1]!;
    await revoke(a.certificate_no);
    const asked = await d.call('province', 'POST', `/api/receivables/${a.application_id}/write-off`, {
      reason: '无法追回',
    });
    const self = await d.call('province', 'POST', `/api/write-offs/${asked.json().id}/decision`, { approve: true });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'FOUR_EYES', message_en: expect.stringContaining('other than') });
    expect((await receivable(a.application_id)).written_off_fen).toBe(0);
    const refused = await d.call('province2', 'POST', `/api/write-offs/${asked.json().id}/decision`, {
      approve: false,
    });
    expect(refused.json()).toMatchObject({ status: 'refused', writtenOffFen: 0 });
    expect(await receivable(a.application_id)).toMatchObject({ status: 'open', written_off_fen: 0 });
  });

  it('keeps a city officer to its own city’s receivables', async () => {
    const a = paidNanjing[1]!;
    const wuxi = await recover('wuxi', a.application_id, 'HD-WX-1', 100);
    expect(wuxi.statusCode).toBe(403);
    expect(wuxi.json().code).toBe('OUT_OF_SCOPE');
    expect(
      (await d.call('wuxi', 'POST', `/api/receivables/${a.application_id}/write-off`, { reason: '越权核销' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await d.call('wuxi', 'POST', '/api/referrals', {
          subjectKind: 'clawback',
          subjectId: a.application_id,
          referredOn: today,
          organ: '无锡市公安局',
        })
      ).statusCode,
    ).toBe(403);
    const list = (await d.call('wuxi', 'GET', '/api/receivables')).json() as { cityCode: string }[];
    expect(list.every((r) => r.cityCode === '320200')).toBe(true);
    expect((await receivable(a.application_id)).recovered_fen).toBe(0);
  });

  it('parallel recoveries cannot record more than is owed, nor one receipt twice', async () => {
    const a = paidNanjing[2]!;
    await revoke(a.certificate_no);
    const half = Math.floor(a.amount_fen / 2);
    // Ten different receipts of half the debt at once: two fit, eight are refused.
    const res = await Promise.all(
      Array.from({ length: 10 }, (_, i) => recover('nanjing', a.application_id, `HD-PAR-${i}`, half)),
    );
    expect(res.filter((r) => r.statusCode === 200)).toHaveLength(2);
    const refused = res.filter((r) => r.statusCode === 409).map((r) => r.json().code as string);
    expect(refused).toHaveLength(8);
    // Above what is left, or nothing left at all when the two halves paid it off.
    for (const code of refused) expect(['OVER_RECOVERY', 'RECEIVABLE_CLOSED']).toContain(code);
    expect((await receivable(a.application_id)).recovered_fen).toBe(2 * half);
    // One receipt sent ten times at once: recorded once.
    const b = paidNanjing[3]!;
    await revoke(b.certificate_no);
    const same = await Promise.all(
      Array.from({ length: 10 }, () => recover('nanjing', b.application_id, 'HD-ONCE', 100)),
    );
    expect(same.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect(same.filter((r) => r.json().replayed === false)).toHaveLength(1);
    expect((await receivable(b.application_id)).recovered_fen).toBe(100);
    await assertBalanced();
    expect(await ledgerOwed(a.application_id)).toBe(a.amount_fen - 2 * half);
    expect(await ledgerOwed(b.application_id)).toBe(b.amount_fen - 100);
  });

  it('records a referral to a judicial organ and its outcome, audited', async () => {
    const a = paidNanjing[2]!;
    const res = await d.call('nanjing', 'POST', '/api/referrals', {
      subjectKind: 'clawback',
      subjectId: a.application_id,
      referredOn: today,
      organ: '南京市公安局玄武分局',
      caseRef: '玄公(经)立字〔2026〕101号',
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = await d.call('nanjing', 'POST', `/api/referrals/${res.json().id}/outcome`, { outcome: '已立案侦查' });
    expect(out.json()).toMatchObject({ outcome: '已立案侦查', cityCode: '320100' });
    expect((await d.call('wuxi', 'GET', '/api/referrals')).json()).toEqual([]);
    const future = await d.call('nanjing', 'POST', '/api/referrals', {
      subjectKind: 'clawback',
      subjectId: a.application_id,
      referredOn: '2099-01-01',
      organ: '南京市公安局',
    });
    expect(future.json().code).toBe('BAD_REFERRED_ON');
  });

  it('property: any sequence of partial recoveries and write-offs keeps the ledger balanced and recovered + written off ≤ owed', async () => {
    const [template] = await d.ctx.db.query<{ application_id: string }>(
      `SELECT application_id FROM decisions WHERE decision = 'approved' ORDER BY application_id LIMIT 1`,
    );
    const step = fc.oneof(
      fc.record({ kind: fc.constant('recover' as const), fen: fc.integer({ min: -5, max: 200_000 }) }),
      fc.record({ kind: fc.constant('writeoff' as const), approve: fc.boolean() }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200_000 }), fc.array(step, { maxLength: 6 }), async (owed, steps) => {
        const appId = `PROP${String(++n).padStart(5, '0')}`;
        await openReceivable(d, template!.application_id, appId, owed);
        let recovered = 0;
        let writtenOff = 0;
        for (const [i, s] of steps.entries()) {
          const outstanding = owed - recovered - writtenOff;
          if (s.kind === 'recover') {
            const call = recordRecovery(d.ctx.db, SYSTEM_PROVINCE, {
              applicationId: appId,
              receiptRef: `${appId}-${i}`,
              amountFen: s.fen,
              receivedOn: today,
            });
            if (s.fen <= 0) await expect(call).rejects.toMatchObject({ code: 'BAD_AMOUNT' });
            else if (outstanding === 0) await expect(call).rejects.toMatchObject({ code: 'RECEIVABLE_CLOSED' });
            else if (s.fen > outstanding) await expect(call).rejects.toMatchObject({ code: 'OVER_RECOVERY' });
            else {
              await call;
              recovered += s.fen;
            }
          } else if (outstanding > 0) {
            const w = await requestWriteOff(d.ctx.db, SYSTEM_PROVINCE, appId, '无法追回');
            await decideWriteOff(d.ctx.db, province2, w.id, s.approve);
            if (s.approve) writtenOff += outstanding;
          }
          const c = await receivable(appId);
          expect(c).toMatchObject({ recovered_fen: recovered, written_off_fen: writtenOff });
          expect(c!.recovered_fen + c!.written_off_fen).toBeLessThanOrEqual(owed);
          expect(await ledgerOwed(appId)).toBe(owed - recovered - writtenOff);
        }
        expect((await ledgerBalances(d.ctx.db)).ok).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

/** A receivable of `owed` fen on a copy of an approved decision: paid, then clawed back. */
async function openReceivable(d: DemoApp, templateId: string, appId: string, owed: number) {
  await d.ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO decisions (application_id, person_key, type, applied_on, certificate_no, occupation_code, level, shortage,
         project_code, decision, amount_fen, reasons, policy_version, city_code, run_id, decided_at)
       SELECT $2, person_key, type, applied_on, $2, occupation_code, level, shortage, project_code, 'approved', $3, reasons,
         policy_version, city_code, run_id, decided_at FROM decisions WHERE application_id = $1`,
      [templateId, appId, owed],
    );
    const [dec] = await tx.query<{ city_code: string; type: string; applied_on: string }>(
      `SELECT city_code, type, to_char(applied_on, 'YYYY-MM-DD') AS applied_on FROM decisions WHERE application_id = $1`,
      [appId],
    );
    const scope = {
      cityCode: dec!.city_code,
      fund: programOf(dec!.type).fund,
      year: Number(dec!.applied_on.slice(0, 4)),
    };
    const at = new Date();
    await post(tx, 'commit', scope, owed, { applicationId: appId, memo: 'test', at });
    await post(tx, 'pay', scope, owed, { applicationId: appId, memo: 'test', at });
    await post(tx, 'clawback', scope, owed, { applicationId: appId, memo: 'test', at });
    await tx.query(
      `INSERT INTO clawbacks (id, application_id, amount_fen, reason, status, trail, created_at, due_on)
       VALUES ($1,$2,$3,'test','open','[]'::jsonb,$4, CURRENT_DATE + 30)`,
      [newId(), appId, owed, at],
    );
  });
}
