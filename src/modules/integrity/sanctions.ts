import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { assertInScope } from '../../kernel/scope.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { recordAudit } from '../audit/index.ts';
import {
  listSanctions,
  lockSanction,
  markRectificationChecked,
  markSanctionLifted,
  recordSanction,
  type SanctionRecord,
} from '../registry/index.ts';
import type { Sanction } from './ratings.ts';

export interface SanctionInput {
  sanction: Exclude<Sanction, 'none'>;
  reason: string;
  /** Integrity cases the sanction rests on. */
  caseIds?: string[];
  evidence?: string;
  /** A suspension's last day, a rectification's deadline (required for 整改). */
  untilOn?: string | null;
}

/**
 * The province applies a sanction (with a reason, audited), kept as a 处理记录. A suspension
 * refuses the institution's accept / schedule / enrol / open-class calls while in force; removal
 * clears the directory listing; a blacklist sets `blacklisted_from` to today — both take effect
 * in settlement by policy.md's rules. A rectification has a deadline and a follow-up check.
 */
export async function applySanction(db: Db, actor: Actor, creditCode: string, input: SanctionInput, at = new Date()) {
  if (input.reason.trim().length < 2) throw new Invalid('REASON_REQUIRED', '请填写处理依据', 'a reason is required');
  const today = chinaDate(at);
  const untilOn = input.untilOn ?? null;
  if (untilOn !== null && (!isValidDate(untilOn) || untilOn < today))
    throw new Invalid(
      'BAD_UNTIL',
      `期限 ${untilOn} 应为今天（${today}）或以后的日期`,
      `the end date ${untilOn} must be a date from today (${today}) on`,
      { field: 'untilOn' },
    );
  if (input.sanction === 'rectification' && !untilOn)
    throw new Invalid('DEADLINE_REQUIRED', '限期整改须填写整改期限', 'a rectification needs a deadline', {
      field: 'untilOn',
    });
  return db.transaction(async (tx) => {
    const [i] = await tx.query<{ listed_from: string | null; blacklisted_from: string | null }>(
      'SELECT listed_from, blacklisted_from FROM registry.institutions WHERE credit_code = $1',
      [creditCode],
    );
    if (!i) throw new NotFound({ zh: '机构', en: 'institution' });
    const id = await recordSanction(
      tx,
      {
        creditCode,
        kind: input.sanction,
        reason: input.reason.trim(),
        evidence: { caseIds: input.caseIds ?? [], note: input.evidence?.trim() || undefined },
        untilOn: input.sanction === 'removal' || input.sanction === 'blacklist' ? null : untilOn,
        actor: actorName(actor),
      },
      today,
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `institution.sanction.${input.sanction}`,
        entity: 'institution',
        entityId: creditCode,
        before: i,
        after: { sanction: input.sanction, reason: input.reason, on: today, untilOn, id, caseIds: input.caseIds ?? [] },
      },
    ]);
    return { id, creditCode, sanction: input.sanction, on: today };
  });
}

/** 处理记录 in the caller's scope: the province all, a city officer its city's institutions, an institution its own. */
export async function sanctionsFor(db: Db, actor: Actor): Promise<SanctionRecord[]> {
  switch (actor.role) {
    case 'province_admin':
      return listSanctions(db, {});
    case 'city_officer':
      return listSanctions(db, { cityCode: actor.cityCode });
    case 'institution_staff':
      return listSanctions(db, { creditCode: actor.institutionCode });
    default:
      throw new Forbidden();
  }
}

/** The province lifts a sanction (解除): a lifted suspension gives the institution its calls back. Audited. */
export async function liftSanction(db: Db, actor: Actor, id: string, reason: string, at = new Date()) {
  if (reason.trim().length < 2) throw new Invalid('REASON_REQUIRED', '请填写解除理由', 'a reason is required');
  return db.transaction(async (tx) => {
    const s = await lockSanction(tx, id);
    assertInScope(actor, { city: s.cityCode });
    await markSanctionLifted(tx, id, actorName(actor), reason.trim(), at);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `institution.sanction.lift`,
        entity: 'institution',
        entityId: s.creditCode,
        before: { id, kind: s.kind, liftedAt: null },
        after: { id, kind: s.kind, liftedAt: at.toISOString(), reason },
      },
    ]);
    return { id, liftedAt: at };
  });
}

/**
 * The follow-up check of a rectification (整改复查): passed closes it; failed recommends a
 * suspension (the province then applies one — the answer says so, nothing is applied silently).
 */
export async function checkRectification(
  db: Db,
  actor: Actor,
  id: string,
  result: 'passed' | 'failed',
  note: string,
  at = new Date(),
) {
  return db.transaction(async (tx) => {
    const s = await lockSanction(tx, id);
    assertInScope(actor, { city: s.cityCode });
    if (s.kind !== 'rectification')
      throw new Conflict('NOT_RECTIFICATION', '只有限期整改需要复查', 'only a rectification has a follow-up check');
    if (s.checkResult)
      throw new Conflict('ALREADY_CHECKED', '该整改已复查', 'this rectification has already been checked');
    await markRectificationChecked(tx, id, result, note.trim(), actorName(actor), at);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `institution.rectification.${result}`,
        entity: 'institution',
        entityId: s.creditCode,
        before: { id, checkResult: null },
        after: { id, checkResult: result, note },
      },
    ]);
    return { id, checkResult: result, recommendation: result === 'failed' ? ('suspension' as const) : null };
  });
}
