import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../src/db/client.ts';
import { SYSTEM_PROVINCE, type Actor } from '../src/kernel/auth.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { applyForSubsidy } from '../src/modules/subsidy/applications.ts';
import { myEntitlement } from '../src/modules/subsidy/entitlement.ts';
import {
  applyBankReturn,
  clawbackForCertificate,
  createPaymentBatches,
  exportBankFile,
  recordRecovery,
  settleApplications,
} from '../src/modules/subsidy/index.ts';
import type { TEntitlement } from '../src/modules/subsidy/subsidy.schema.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 我的补贴 (GET /api/me/entitlement): what is still open to a worker must be exactly what
 * settlement then decides when they claim (policy.md JS-2025). The examples walk the rules one by
 * one; the property claims every certificate of random histories and compares.
 */

const EVALUATOR = '523201001953640571'; // listed for evaluation since 2024-01-01
/** Occupations of the demo catalog: category, and whether on the shortage list (from 2025-01-01). */
const OCC = {
  welder: '6-18-02-04', // 焊工, A, not shortage
  electrician: 'JS-0001', // 电工, A, shortage
  carer: 'JS-0016', // 养老护理员, C, not shortage
  ecommerce: '4-01-06-01', // 电子商务师, B, shortage
  massage: 'JS-0025', // 盲人按摩（专项职业能力）, C, not shortage
} as const;
const PERSON = 'ENTITLEMENT-TEST-PERSON';
/** The test person's ID number as stored (the bank file decrypts it). */
let sealedId = '';

const worker = (personKey: string): Actor => ({
  userId: 'u-entitlement',
  username: 'entitlement-test',
  displayName: '测试劳动者',
  role: 'worker',
  cityCode: null,
  institutionCode: null,
  enterpriseCode: null,
  personKey,
  sectors: [],
  keyTasks: [],
});
const at = (date: string) => fixedClock(`${date}T10:00:00+08:00`);

async function addPerson(
  db: Db,
  over: { groups?: string[]; insuredMonths?: number; cityCode?: string } = {},
  personKey = PERSON,
) {
  await db.query(
    `INSERT INTO persons (person_key, id_enc, id_masked, name, city_code, groups, insured_months, birth_date)
     VALUES ($1, $5, '3201**********0000', '测试', $2, $3, $4, '1990-01-01')`,
    [personKey, over.cityCode ?? '320100', over.groups ?? ['G2'], over.insuredMonths ?? 24, sealedId],
  );
}
async function addCert(
  db: Db,
  no: string,
  c: { occupation?: string; kind?: string; level?: string | null; issuedOn: string; project?: string | null },
  personKey = PERSON,
) {
  await db.query(
    `INSERT INTO certificates (certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code, project_code)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [
      no,
      personKey,
      c.occupation ?? OCC.welder,
      c.kind ?? 'skill_level',
      c.level === undefined ? 'L4' : c.level,
      c.issuedOn,
      EVALUATOR,
      c.project ?? null,
    ],
  );
}
async function addApp(
  db: Db,
  id: string,
  a: { type: 'training' | 'skill_upgrade'; cert: string; appliedOn: string; project?: string | null },
  personKey = PERSON,
) {
  await db.query(
    `INSERT INTO applications (application_id, person_key, type, certificate_no, project_code, applied_on) VALUES ($1,$2,$3,$4,$5,$6)`,
    [id, personKey, a.type, a.cert, a.project ?? null, a.appliedOn],
  );
}
const settle = (db: Db, asOf: string) => settleApplications(db, { asOf, actor: 'test', clock: at(asOf) });
const claimOf = (e: TEntitlement, cert: string, type: string) =>
  e.certificates.find((c) => c.certificateNo === cert)!.claims.find((c) => c.type === type)!;
const codes = (rs: { code: string }[]) => rs.map((r) => r.code);

describe('我的补贴: the entitlement is what settlement decides', () => {
  let demo: DemoApp;
  let db: Db;
  const rollback = new Error('rollback');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-entitlement-'));
  /** Runs `fn` in a transaction that is always rolled back, so every example starts from the demo province. */
  const inRollback = (fn: (tx: Db) => Promise<void>) =>
    db
      .transaction(async (tx) => {
        await fn(tx);
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });

  beforeAll(async () => {
    demo = await demoApp(['xielei', 'nanjing']);
    db = demo.ctx.db;
    sealedId = demo.ctx.vault.encrypt('320102199001010012');
  }, 120_000);
  afterAll(async () => {
    await demo.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('the route', () => {
    it('answers the signed-in worker about themselves, with their demo claim decided and paid state in words', async () => {
      const res = await demo.call('xielei', 'GET', '/api/me/entitlement');
      expect(res.statusCode).toBe(200);
      const e = res.json() as TEntitlement;
      expect(e.policyVersion).toBe('JS-2025');
      expect(e.certificates.map((c) => c.certificateNo)).toContain('Y252832550087255000001');
      const demoClaim = e.decisions.find((d) => d.applicationId === 'A0000001')!;
      expect(demoClaim).toMatchObject({ type: 'training', status: 'approved', appliedOn: '2025-12-26' });
      expect(demoClaim.notice).not.toBeNull();
      expect(e.training.lifetime).toEqual({ limit: 3, used: 1, left: 2 });
    });
    it('refuses officials (there is no person to ask about) and the anonymous', async () => {
      expect((await demo.call('nanjing', 'GET', '/api/me/entitlement')).statusCode).toBe(403);
      expect((await demo.call('', 'GET', '/api/me/entitlement')).statusCode).toBe(401);
    });
  });

  describe('policy.md, rule by rule', () => {
    it('TRAINING_LIFETIME_LIMIT: three training subsidies in a life, whatever the years', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        const years = ['2025-03-01', '2026-03-01', '2027-02-01'];
        for (const [i, d] of years.entries()) {
          await addCert(tx, `C${i}`, { occupation: [OCC.welder, OCC.carer, OCC.ecommerce][i], issuedOn: d });
          await addApp(tx, `A${i}`, { type: 'training', cert: `C${i}`, appliedOn: d });
        }
        await addCert(tx, 'C9', { occupation: OCC.electrician, issuedOn: '2027-03-01' });
        await settle(tx, '2027-03-01');
        const e = await myEntitlement(tx, worker(PERSON), at('2027-03-10'));
        expect(e.training.lifetime).toEqual({ limit: 3, used: 3, left: 0 });
        expect(e.training.leftThisYear).toBe(0);
        expect(e.thisYear).toEqual({ limit: 3, used: 1, left: 2 });
        expect(claimOf(e, 'C9', 'training')).toMatchObject({ state: 'closed', amountFen: null });
        expect(codes(claimOf(e, 'C9', 'training').reasons)).toEqual(['TRAINING_LIFETIME_LIMIT']);
        expect(claimOf(e, 'C9', 'training').reasons[0].zh).toBe('职业培训补贴已享受3次');
        // The skill-upgrade subsidy is another programme: still open for the certificate.
        expect(claimOf(e, 'C9', 'skill_upgrade')).toMatchObject({ state: 'claimable', amountFen: 195000 }); // 1,500 × 1.30
      }));

    it('ANNUAL_LIMIT: three subsidies of any kind a calendar year; last year’s do not count', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'C0', { occupation: OCC.carer, issuedOn: '2026-11-01' });
        await addApp(tx, 'A0', { type: 'training', cert: 'C0', appliedOn: '2026-12-31' });
        const occs = [OCC.welder, OCC.electrician, OCC.ecommerce];
        for (const [i, occ] of occs.entries()) {
          await addCert(tx, `C${i + 1}`, { occupation: occ, issuedOn: '2027-01-02' });
          await addApp(tx, `A${i + 1}`, {
            type: i === 0 ? 'training' : 'skill_upgrade',
            cert: `C${i + 1}`,
            appliedOn: '2027-01-05',
          });
        }
        await addCert(tx, 'C9', {
          occupation: OCC.massage,
          kind: 'special_ability',
          level: null,
          issuedOn: '2027-01-02',
        });
        await settle(tx, '2027-01-05');
        const e = await myEntitlement(tx, worker(PERSON), at('2027-02-01'));
        expect(e.thisYear).toEqual({ limit: 3, used: 3, left: 0 });
        expect(e.training.lifetime.left).toBe(1);
        expect(e.training.leftThisYear).toBe(0);
        expect(codes(claimOf(e, 'C9', 'training').reasons)).toEqual(['ANNUAL_LIMIT']);
        // Next year the same history leaves three.
        const next = await myEntitlement(tx, worker(PERSON), at('2028-01-01'));
        expect(next.thisYear.left).toBe(3);
        expect(next.training.leftThisYear).toBe(1);
      }));

    it('UPGRADE_ANNUAL_LIMIT: one non-shortage occupation a year, two more for shortage occupations', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'C0', { occupation: OCC.welder, level: 'L5', issuedOn: '2027-01-02' });
        await addApp(tx, 'A0', { type: 'skill_upgrade', cert: 'C0', appliedOn: '2027-01-03' });
        await addCert(tx, 'C1', { occupation: OCC.carer, level: 'L4', issuedOn: '2027-01-02' }); // not shortage
        await addCert(tx, 'C2', { occupation: OCC.electrician, level: 'L3', issuedOn: '2027-01-02' }); // shortage
        await settle(tx, '2027-01-03');
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-10'));
        expect(e.skillUpgrade.thisYear).toEqual({ limit: 3, used: 1, left: 2 });
        expect(e.skillUpgrade.nonShortage).toEqual({ limit: 1, used: 1, left: 0 });
        expect(codes(claimOf(e, 'C1', 'skill_upgrade').reasons)).toEqual(['UPGRADE_ANNUAL_LIMIT']);
        expect(claimOf(e, 'C2', 'skill_upgrade')).toMatchObject({
          state: 'claimable',
          amountFen: 260000, // L3 2,000 × 1.30
          basis: { baseFen: 200000, shortageBp: 13000, cityBp: 10000, cityCode: '320100' },
        });
        expect(e.certificates.find((c) => c.certificateNo === 'C2')!.shortage).toBe(true);
      }));

    it('INSURED_MONTHS_SHORT and NOT_TARGET_GROUP are the person’s own: shown beside the numbers', () =>
      inRollback(async (tx) => {
        await addPerson(tx, { groups: [], insuredMonths: 11 });
        await addCert(tx, 'C0', { issuedOn: '2027-01-02' });
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-10'));
        expect(codes(e.training.reasons)).toEqual(['NOT_TARGET_GROUP']);
        expect(codes(e.skillUpgrade.reasons)).toEqual(['INSURED_MONTHS_SHORT']);
        expect(e.skillUpgrade).toMatchObject({ insuredMonths: 11, insuredMonthsMin: 12 });
        expect(claimOf(e, 'C0', 'training').state).toBe('closed');
        expect(codes(claimOf(e, 'C0', 'skill_upgrade').reasons)).toEqual(['INSURED_MONTHS_SHORT']);
      }));

    it('LATE_APPLICATION: claimable until issue + 12 calendar months, that day included (29 Feb → 28 Feb)', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'C0', { issuedOn: '2026-03-15' });
        await addCert(tx, 'C1', { occupation: OCC.carer, issuedOn: '2028-02-29' });
        const onTheDay = await myEntitlement(tx, worker(PERSON), at('2027-03-15'));
        const c0 = onTheDay.certificates.find((c) => c.certificateNo === 'C0')!;
        expect(c0).toMatchObject({ lastDay: '2027-03-15', daysLeft: 0 });
        expect(claimOf(onTheDay, 'C0', 'training').state).toBe('claimable');
        const after = await myEntitlement(tx, worker(PERSON), at('2027-03-16'));
        expect(after.certificates.find((c) => c.certificateNo === 'C0')!.daysLeft).toBe(-1);
        expect(codes(claimOf(after, 'C0', 'training').reasons)).toEqual(['LATE_APPLICATION']);
        expect(after.certificates.find((c) => c.certificateNo === 'C1')!.lastDay).toBe('2029-02-28');
      }));

    it('amounts: training by level and category, × 1.30 for a shortage occupation; special ability by kind; LA not covered', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'L4A', { occupation: OCC.welder, level: 'L4', issuedOn: '2027-01-02' });
        await addCert(tx, 'L2B', { occupation: OCC.ecommerce, level: 'L2', issuedOn: '2027-01-02' });
        await addCert(tx, 'L5C', { occupation: OCC.carer, level: 'L5', issuedOn: '2027-01-02' });
        await addCert(tx, 'SAC', {
          occupation: OCC.massage,
          kind: 'special_ability',
          level: null,
          issuedOn: '2027-01-02',
        });
        await addCert(tx, 'LAA', { occupation: OCC.welder, level: 'LA', issuedOn: '2027-01-02' });
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-10'));
        expect(claimOf(e, 'L4A', 'training')).toMatchObject({ amountFen: 150000, basis: { category: 'A' } });
        expect(claimOf(e, 'L2B', 'training')).toMatchObject({
          amountFen: 325000, // 2,500 × 1.30
          basis: { baseFen: 250000, shortageBp: 13000, category: 'B' },
        });
        expect(claimOf(e, 'L5C', 'training').amountFen).toBe(50000);
        expect(claimOf(e, 'SAC', 'training').amountFen).toBe(40000);
        expect(codes(claimOf(e, 'SAC', 'skill_upgrade').reasons)).toEqual(['KIND_NOT_COVERED']);
        expect(codes(claimOf(e, 'LAA', 'training').reasons)).toEqual(['LEVEL_NOT_COVERED']);
        expect(codes(claimOf(e, 'L2B', 'skill_upgrade').reasons)).toEqual(['LEVEL_NOT_COVERED']);
      }));

    it('SAME_OCCUPATION_LEVEL, LOWER_THAN_SUBSIDIZED and CERT_ALREADY_SUBSIDIZED close a certificate', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'L3', { level: 'L3', issuedOn: '2026-06-01' });
        await addApp(tx, 'A0', { type: 'skill_upgrade', cert: 'L3', appliedOn: '2026-06-02' });
        await settle(tx, '2026-06-02');
        await addCert(tx, 'L3b', { level: 'L3', issuedOn: '2026-08-01' });
        await addCert(tx, 'L4', { level: 'L4', issuedOn: '2026-08-01' });
        await addCert(tx, 'L2', { level: 'L2', issuedOn: '2026-08-01' });
        const e = await myEntitlement(tx, worker(PERSON), at('2026-09-01'));
        expect(claimOf(e, 'L3', 'skill_upgrade')).toMatchObject({ state: 'applied', applicationId: 'A0' });
        expect(codes(claimOf(e, 'L3', 'training').reasons)).toEqual(['CERT_ALREADY_SUBSIDIZED']);
        expect(codes(claimOf(e, 'L3b', 'training').reasons)).toEqual(['SAME_OCCUPATION_LEVEL']);
        expect(codes(claimOf(e, 'L4', 'training').reasons)).toEqual(['LOWER_THAN_SUBSIDIZED']);
        expect(claimOf(e, 'L2', 'training')).toMatchObject({ state: 'claimable', amountFen: 350000 });
      }));

    it('counts applications not yet decided as settlement will decide them', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'C0', { issuedOn: '2027-01-02' });
        await addCert(tx, 'C1', { occupation: OCC.carer, issuedOn: '2027-01-02' });
        await addCert(tx, 'C2', { occupation: OCC.ecommerce, issuedOn: '2026-01-02' });
        await addApp(tx, 'A0', { type: 'training', cert: 'C0', appliedOn: '2027-01-05' }); // will be approved
        await addApp(tx, 'A1', { type: 'training', cert: 'C2', appliedOn: '2027-01-05' }); // too late: rejected
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-10'));
        expect(e.pendingApplications).toBe(2);
        expect(e.training.lifetime.used).toBe(1);
        expect(e.thisYear.used).toBe(1);
        expect(claimOf(e, 'C0', 'training')).toMatchObject({ state: 'applied', applicationStatus: 'submitted' });
        expect(claimOf(e, 'C0', 'skill_upgrade').state).toBe('closed'); // the certificate is being claimed
        expect(claimOf(e, 'C2', 'training').state).toBe('applied'); // an undecided application blocks a second
        expect(e.decisions.filter((d) => d.status === 'submitted')).toHaveLength(2);
      }));

    it('shows a revoked certificate as closed though settlement does not read revocation', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'C0', { issuedOn: '2027-01-02' });
        await tx.query(`UPDATE certificates SET revoked_on = '2027-01-05' WHERE certificate_no = 'C0'`);
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-10'));
        expect(claimOf(e, 'C0', 'training')).toMatchObject({ state: 'closed', amountFen: null });
        expect(claimOf(e, 'C0', 'training').reasons).toEqual([
          { code: 'CERT_REVOKED', zh: '证书已被撤销', en: 'the certificate has been revoked' },
        ]);
      }));
  });

  describe('decisions: reasons in words, 公示, payment', () => {
    it('a rejection lists every reason in words; an approval its notice period, in notice until its last day', () =>
      inRollback(async (tx) => {
        await addPerson(tx, { groups: [] });
        await addCert(tx, 'C0', { issuedOn: '2027-01-02' });
        await addCert(tx, 'C1', { occupation: OCC.carer, issuedOn: '2027-01-02' });
        await addApp(tx, 'A0', { type: 'training', cert: 'C0', appliedOn: '2027-01-04' });
        await addApp(tx, 'A1', { type: 'skill_upgrade', cert: 'C1', appliedOn: '2027-01-04' });
        await settle(tx, '2027-01-04'); // approved on Monday 4 January 2027: 5 working days → 11 January
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-11'));
        const [a1, a0] = e.decisions;
        expect(a0).toMatchObject({
          applicationId: 'A0',
          status: 'rejected',
          amountFen: 0,
          notice: null,
          payment: null,
        });
        expect(a0.reasons).toEqual([
          { code: 'NOT_TARGET_GROUP', zh: '不属于九类重点群体', en: 'not in any of the nine target groups' },
        ]);
        expect(a1).toMatchObject({
          applicationId: 'A1',
          status: 'approved',
          amountFen: 150000, // 技能提升 L4
          occupationCode: OCC.carer,
          level: 'L4',
          notice: { from: '2027-01-04', until: '2027-01-11' },
          payment: { stage: 'in_notice', attempts: 0, paidOn: null },
        });
        const later = await myEntitlement(tx, worker(PERSON), at('2027-01-12'));
        expect(later.decisions[0].payment!.stage).toBe('awaiting_payment');
      }));

    it('follows the money: batched, sent, failed and paid again, then recovered when the certificate is revoked', () =>
      inRollback(async (tx) => {
        await addPerson(tx);
        await addCert(tx, 'C0', { issuedOn: '2027-01-02' });
        await addApp(tx, 'A0', { type: 'training', cert: 'C0', appliedOn: '2027-01-04' });
        await settle(tx, '2027-01-04');
        const stage = async () => (await myEntitlement(tx, worker(PERSON), at('2027-01-20'))).decisions[0].payment;
        /** Batches every payable approval (the demo's too) and answers the batch holding A0's new line. */
        const batchOf = async () => {
          await createPaymentBatches(tx, { asOf: '2027-01-12', actor: 'test' });
          const [l] = await tx.query<{ batch_id: string; idempotency_key: string }>(
            `SELECT batch_id, idempotency_key FROM payment_lines WHERE application_id = 'A0' AND status = 'pending'`,
          );
          return l;
        };
        const bankReturn = async (line: { batch_id: string; idempotency_key: string }, status: string, reason = '') => {
          await exportBankFile(tx, demo.ctx.vault, line.batch_id, path.join(tmp, 'bank.csv'), 'test');
          const ret = path.join(tmp, `${line.idempotency_key}.csv`);
          fs.writeFileSync(
            ret,
            `idempotency_key,status,bank_ref,amount,reason\n${line.idempotency_key},${status},R1,1500.00,${reason}\n`,
          );
          await applyBankReturn(tx, ret, 'test', at('2027-01-15'));
        };
        const first = await batchOf();
        expect(await stage()).toMatchObject({ stage: 'batched', attempts: 1 });
        await exportBankFile(tx, demo.ctx.vault, first.batch_id, path.join(tmp, 'bank.csv'), 'test');
        expect(await stage()).toMatchObject({ stage: 'sent', attempts: 1 });
        await bankReturn(first, 'failed', '账户已冻结');
        expect(await stage()).toEqual({ stage: 'failed', attempts: 1, paidOn: null, failureReason: '账户已冻结' });
        const second = await batchOf();
        await bankReturn(second, 'paid');
        expect(await stage()).toEqual({ stage: 'paid', attempts: 2, paidOn: '2027-01-15', failureReason: null });
        await clawbackForCertificate(tx, 'C0', '考核舞弊', 'test', new Date('2027-01-18T02:00:00Z'));
        const e = await myEntitlement(tx, worker(PERSON), at('2027-01-20'));
        // Paid money stays an approval and becomes a receivable against the worker.
        expect(e.decisions[0]).toMatchObject({
          status: 'approved',
          payment: { stage: 'recovery' },
          clawback: { status: 'open', amountFen: 150000, reason: '考核舞弊' },
        });
        await recordRecovery(
          tx,
          SYSTEM_PROVINCE,
          { applicationId: 'A0', receiptRef: 'R-A0-1', amountFen: 150000, receivedOn: '2027-01-19' },
          new Date('2027-01-19T02:00:00Z'),
        );
        expect(await stage()).toMatchObject({ stage: 'recovered' });
      }));

    it('withholds the money of a decision under review', () =>
      inRollback(async (tx) => {
        const xielei = demo.ctx.vault.blindIndex('320311199409187319');
        await addCert(tx, 'C0', { occupation: OCC.carer, issuedOn: '2027-01-02', project: 'P000001' }, xielei);
        await tx.query(
          `INSERT INTO flags (code, attendance_id, project_code, session_no, person_key, detail) VALUES ('PROXY_DEVICE', 999999, 'P000001', 1, $1, 'test')`,
          [xielei],
        );
        const before = await myEntitlement(tx, worker(xielei), at('2027-01-04'));
        expect(claimOf(before, 'C0', 'training')).toMatchObject({ state: 'review', amountFen: 100000 });
        expect(codes(claimOf(before, 'C0', 'training').reasons)).toEqual(['PROXY_DEVICE']);
        await addApp(tx, 'A0', { type: 'training', cert: 'C0', appliedOn: '2027-01-04', project: 'P000001' }, xielei);
        await settle(tx, '2027-01-04');
        const e = await myEntitlement(tx, worker(xielei), at('2027-01-20'));
        expect(e.decisions[0]).toMatchObject({
          applicationId: 'A0',
          status: 'review',
          amountFen: 100000,
          notice: null,
          payment: { stage: 'withheld' },
        });
        expect(e.decisions[0].reasons[0].zh).toContain('代打卡');
      }));
  });

  describe('property: for random histories, a claim made today is decided as the entitlement said', () => {
    const TODAY = '2027-10-20';
    const day = (offset: number) => new Date(Date.parse(TODAY) + offset * 86_400_000).toISOString().slice(0, 10);
    const occupations = Object.values(OCC);
    const certArb = fc.record({
      occupation: fc.constantFrom(...occupations),
      kind: fc.constantFrom(
        'skill_level',
        'skill_level',
        'skill_level',
        'qualification',
        'special_ability',
        'training',
      ),
      level: fc.constantFrom('L5', 'L4', 'L3', 'L5', 'L4', 'L3', 'L2', 'L1', 'LA'),
      // Mostly this year's certificates (open), some older (closed by the 12-month window).
      issuedOffset: fc.oneof(
        fc.integer({ min: -290, max: 0 }),
        fc.integer({ min: -290, max: 0 }),
        fc.integer({ min: -700, max: 0 }),
      ),
      // The demo class P000001 (xielei enrolled, with attendance) or none.
      project: fc.constantFrom(null, null, 'P000001'),
    });
    const appArb = fc.record({
      type: fc.constantFrom('training' as const, 'skill_upgrade' as const),
      cert: fc.nat(6), // past the certificates: an unknown number
      // Days after the certificate's issue (before it, or past the window, now and then); never after today.
      delay: fc.integer({ min: -10, max: 400 }),
    });
    const historyArb = fc.record({
      person: fc.record({
        groups: fc.constantFrom([], ['G2'], ['G2'], ['G3', 'G7']),
        insuredMonths: fc.constantFrom(6, 12, 30, 30),
      }),
      certs: fc.array(certArb, { minLength: 2, maxLength: 6 }),
      apps: fc.array(appArb, { minLength: 2, maxLength: 12 }),
      /** Applications up to this day were settled before today; the rest wait for the next settlement. */
      settledUpTo: fc.integer({ min: -600, max: 0 }),
      /** An open integrity flag on the person's attendance in P000001 (a training claim with it goes to review). */
      flagged: fc.boolean(),
    });

    it('every claimable certificate is approved (or held for review) at its amount, every closed one rejected for its reasons, and the limits fail exactly when nothing is left', async () => {
      const personKey = demo.ctx.vault.blindIndex('320311199409187319'); // xielei: enrolled in P000001
      await fc.assert(
        fc.asyncProperty(historyArb, async (h) => {
          await inRollback(async (tx) => {
            await tx.query('UPDATE persons SET groups = $2, insured_months = $3 WHERE person_key = $1', [
              personKey,
              h.person.groups,
              h.person.insuredMonths,
            ]);
            if (h.flagged)
              await tx.query(
                `INSERT INTO flags (code, attendance_id, project_code, session_no, person_key, detail) VALUES ('PROXY_DEVICE', 999999, 'P000001', 1, $1, 'test')`,
                [personKey],
              );
            const certNos = h.certs.map((_, i) => `PC${i}`);
            for (const [i, c] of h.certs.entries())
              await addCert(
                tx,
                certNos[i],
                {
                  occupation: c.occupation,
                  kind: c.kind,
                  level: ['skill_level', 'qualification'].includes(c.kind) ? c.level : null,
                  issuedOn: day(c.issuedOffset),
                  project: c.project,
                },
                personKey,
              );
            for (const [i, a] of h.apps.entries())
              await addApp(
                tx,
                `PA${String(i).padStart(2, '0')}`,
                {
                  type: a.type,
                  cert: `PC${a.cert}`,
                  appliedOn: day(Math.min(0, (h.certs[a.cert]?.issuedOffset ?? -200) + a.delay)),
                  project: a.type === 'training' ? (h.certs[a.cert]?.project ?? null) : null,
                },
                personKey,
              );
            await settle(tx, day(h.settledUpTo));
            const me = worker(personKey);
            const e = await myEntitlement(tx, me, at(TODAY));

            for (const cert of e.certificates.filter((c) => certNos.includes(c.certificateNo))) {
              for (const claim of cert.claims) {
                await tx.query('SAVEPOINT claim');
                const filing = applyForSubsidy(
                  tx,
                  me,
                  {
                    type: claim.type as 'training' | 'skill_upgrade',
                    certificateNo: cert.certificateNo,
                    projectCode:
                      claim.type === 'training' ? h.certs[certNos.indexOf(cert.certificateNo)].project : null,
                  },
                  at(TODAY),
                );
                if (claim.state === 'applied') {
                  await expect(filing).rejects.toMatchObject({ code: 'ALREADY_APPLIED' });
                  await tx.query('ROLLBACK TO SAVEPOINT claim');
                  continue;
                }
                const { applicationId } = await filing;
                await settle(tx, TODAY);
                const [d] = await tx.query<{ decision: string; amount_fen: number; reasons: string[] }>(
                  'SELECT decision, amount_fen, reasons FROM decisions WHERE application_id = $1',
                  [applicationId],
                );
                const where = `${cert.certificateNo} ${claim.type}`;
                const expected = { claimable: 'approved', review: 'review', closed: 'rejected' }[claim.state];
                expect(d.decision, where).toBe(expected);
                expect(d.amount_fen, where).toBe(claim.amountFen ?? 0);
                if (claim.state !== 'claimable') expect(d.reasons, where).toEqual(codes(claim.reasons));
                // Each limit fails exactly when the entitlement said none was left.
                expect(d.reasons.includes('ANNUAL_LIMIT'), where).toBe(e.thisYear.left === 0);
                if (claim.type === 'training')
                  expect(d.reasons.includes('TRAINING_LIFETIME_LIMIT'), where).toBe(e.training.lifetime.left === 0);
                else
                  expect(d.reasons.includes('UPGRADE_ANNUAL_LIMIT'), where).toBe(
                    (cert.shortage ? e.skillUpgrade.thisYear : e.skillUpgrade.nonShortage).left === 0,
                  );
                // And afterwards the account has moved by exactly that claim (the pending ones were already counted).
                const after = await myEntitlement(tx, me, at(TODAY));
                const counted = d.decision !== 'rejected' ? 1 : 0;
                expect(after.pendingApplications, where).toBe(0);
                expect(after.thisYear.used, where).toBe(e.thisYear.used + counted);
                expect(after.training.lifetime.used, where).toBe(
                  e.training.lifetime.used + (claim.type === 'training' ? counted : 0),
                );
                expect(after.skillUpgrade.thisYear.used, where).toBe(
                  e.skillUpgrade.thisYear.used + (claim.type === 'skill_upgrade' ? counted : 0),
                );
                await tx.query('ROLLBACK TO SAVEPOINT claim');
              }
            }
          });
        }),
        { numRuns: 30 },
      );
    }, 600_000);
  });
});
