import type { Db } from '../../db/client.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { assertInScope } from '../../kernel/scope.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * 移送司法机关: a receivable the payee will not pay, or an integrity case that looks like a crime,
 * referred to a judicial organ (公安机关、检察院…) with its case reference and, later, the outcome.
 */
export interface NewReferral {
  subjectKind: 'clawback' | 'case';
  /** The receivable's application id, or the integrity case's id. */
  subjectId: string;
  referredOn: string;
  organ: string;
  caseRef?: string | null;
  outcome?: string | null;
}

interface ReferralRow {
  id: string;
  subjectKind: string;
  subjectId: string;
  cityCode: string | null;
  referredOn: string;
  organ: string;
  caseRef: string | null;
  outcome: string | null;
  recordedBy: string;
  recordedAt: Date;
}

const SELECT = `SELECT id, subject_kind AS "subjectKind", subject_id AS "subjectId", city_code AS "cityCode",
  to_char(referred_on, 'YYYY-MM-DD') AS "referredOn", organ, case_ref AS "caseRef", outcome,
  recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM judicial_referrals`;

/** The city a subject belongs to, or a 404 when there is no such receivable or case. */
async function cityOfSubject(db: Db, kind: 'clawback' | 'case', id: string): Promise<string | null> {
  const rows =
    kind === 'clawback'
      ? await db.query<{ city: string | null }>(
          'SELECT d.city_code AS city FROM clawbacks c JOIN decisions d USING (application_id) WHERE c.application_id = $1',
          [id],
        )
      : /^\d{1,18}$/.test(id)
        ? await db.query<{ city: string | null }>(
            'SELECT city_code AS city FROM integrity.integrity_cases WHERE id = $1',
            [Number(id)],
          )
        : [];
  if (!rows[0])
    throw new NotFound(kind === 'clawback' ? { zh: '追回应收', en: 'receivable' } : { zh: '案件', en: 'case' });
  return rows[0].city;
}

/** Records a referral (audited). A city officer refers subjects of its own city; a case without a city is the province's. */
export async function recordReferral(db: Db, actor: Actor, input: NewReferral, at = new Date()) {
  if (!isValidDate(input.referredOn) || input.referredOn > chinaDate(at))
    throw new Invalid(
      'BAD_REFERRED_ON',
      `移送日期 ${input.referredOn} 应为今天或以前的日期`,
      `the referral date ${input.referredOn} must be a date no later than today`,
      { field: 'referredOn' },
    );
  if (input.organ.trim().length < 2)
    throw new Invalid('ORGAN_REQUIRED', '请填写接收的司法机关', 'name the judicial organ', { field: 'organ' });
  const city = await cityOfSubject(db, input.subjectKind, input.subjectId);
  assertInScope(actor, { city });
  const id = newId();
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO judicial_referrals (id, subject_kind, subject_id, city_code, referred_on, organ, case_ref, outcome, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        id,
        input.subjectKind,
        input.subjectId,
        city,
        input.referredOn,
        input.organ.trim(),
        input.caseRef?.trim() || null,
        input.outcome?.trim() || null,
        actorName(actor),
        at,
      ],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'referral.record',
        entity: input.subjectKind === 'clawback' ? 'decision' : 'integrity_case',
        entityId: input.subjectId,
        after: { id, referredOn: input.referredOn, organ: input.organ, caseRef: input.caseRef ?? null },
      },
    ]);
    const [row] = await tx.query<ReferralRow>(`${SELECT} WHERE id = $1`, [id]);
    return row;
  });
}

/** Records what the judicial organ decided (判决、不予立案…), audited with the outcome before. */
export async function recordReferralOutcome(db: Db, actor: Actor, id: string, outcome: string) {
  if (outcome.trim().length < 2)
    throw new Invalid('OUTCOME_REQUIRED', '请填写处理结果', 'give the outcome', { field: 'outcome' });
  return db.transaction(async (tx) => {
    const [r] = await tx.query<ReferralRow>(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
    if (!r) throw new NotFound({ zh: '移送记录', en: 'referral' });
    assertInScope(actor, { city: r.cityCode });
    await tx.query('UPDATE judicial_referrals SET outcome = $2 WHERE id = $1', [id, outcome.trim()]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'referral.outcome',
        entity: r.subjectKind === 'clawback' ? 'decision' : 'integrity_case',
        entityId: r.subjectId,
        before: { id, outcome: r.outcome },
        after: { id, outcome: outcome.trim() },
      },
    ]);
    return { ...r, outcome: outcome.trim() };
  });
}

/** Referrals in the caller's scope (a city its own; the province all), newest first. */
export async function listReferrals(db: Db, actor: Actor): Promise<ReferralRow[]> {
  return db.query<ReferralRow>(`${SELECT} WHERE ($1::text IS NULL OR city_code = $1) ORDER BY recorded_at DESC`, [
    cityScope(actor),
  ]);
}
