import type { Actor } from '../../kernel/auth.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { inScope, outOfScope } from '../../kernel/scope.ts';

/**
 * Who may do what in 遴选 (docs/selection.md § Who does what):
 * - anyone submits an application; the applicant reads it with its access key only;
 * - the city officer of the applicant's city and the province read it and appoint experts;
 * - an appointed expert (an official account) reads it, declares conflicts and scores;
 * - the province publishes the result, decides objections and lists the institution.
 */

const OFFICIALS = ['province_admin', 'city_officer', 'department_officer'] as const;

/** Accounts that may be appointed experts: officials (the appointment is the expert flag). */
export const mayBeExpert = (role: string): boolean => (OFFICIALS as readonly string[]).includes(role);

/** The province, or the city officer of the application's city (appoint experts, read all). */
export function assertMayManage(actor: Actor, app: { city_code: string } | undefined): asserts app {
  if (!app) throw new NotFound({ zh: '遴选申请', en: 'selection application' });
  if (actor.role !== 'province_admin' && actor.role !== 'city_officer') throw new Forbidden();
  if (!inScope(actor, { city: app.city_code })) throw outOfScope();
}

/** Only the province publishes results, decides objections and lists (the directory is provincial). */
export function assertProvince(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden('PROVINCE_ONLY', '只有省级管理员可以执行此操作', 'only the province may do this');
}

/**
 * An official reads an application when it may manage it or is one of its experts; anyone else
 * (another institution, a worker) is told it does not exist.
 */
export function assertMayRead(actor: Actor, app: { city_code: string } | undefined, isExpert: boolean): asserts app {
  if (!app) throw new NotFound({ zh: '遴选申请', en: 'selection application' });
  if (isExpert) return;
  if (actor.role === 'province_admin' || actor.role === 'city_officer') {
    if (!inScope(actor, { city: app.city_code })) throw outOfScope();
    return;
  }
  throw new NotFound({ zh: '遴选申请', en: 'selection application' });
}

/** The expert may act only on an application they were appointed to. */
export function assertAppointed(expert: unknown): asserts expert {
  if (!expert)
    throw new Forbidden(
      'NOT_APPOINTED',
      '您不是该申请的评审专家',
      'you are not an appointed expert on this application',
    );
}

/** 利益冲突: an expert who declared a conflict of interest may not score. */
export function conflictBarsScore(expert: { conflict: boolean | null }): Forbidden | null {
  if (expert.conflict === true)
    return new Forbidden(
      'EXPERT_CONFLICT',
      '您已申报与该机构存在利益冲突，不能评分',
      'you declared a conflict of interest with this institution and may not score it',
    );
  if (expert.conflict === null)
    return new Forbidden(
      'CONFLICT_NOT_DECLARED',
      '评分前须先申报是否存在利益冲突',
      'declare whether you have a conflict of interest before scoring',
    );
  return null;
}

/** A written reason of at least `min` characters (objections, decisions). */
export function textProblem(text: string | undefined, field: string, min: number): Invalid | null {
  const n = [...(text ?? '').trim()].length;
  return n < min || n > 1000
    ? new Invalid('TEXT_REQUIRED', `请填写${min}–1000字的说明`, `write ${min}–1000 characters`, { field })
    : null;
}
