import { applyFactorsFen } from '../../../kernel/money.ts';
import { blacklistedBy, listedAs } from '../../registry/index.ts';
import type { ClaimRule } from '../facts.ts';
import type { ClaimProgram } from './program.ts';

// 项目制 payment rules (issue 7): both claims need a listed, not blacklisted institution (policy.md's
// institution tests); the bonus also needs an approved completion and enough stable employment.
export const institutionNotListed: ClaimRule = (f) =>
  listedAs(f.institution, 'training', f.projectStart) ? null : 'INSTITUTION_NOT_LISTED';
export const institutionBlacklisted: ClaimRule = (f) =>
  blacklistedBy(f.institution, f.appliedOn) ? 'INSTITUTION_BLACKLISTED' : null;
export const noCompleters: ClaimRule = (f) => (f.completers === 0 ? 'NO_COMPLETERS' : null);
export const completionNotApproved: ClaimRule = (f) =>
  f.kind === 'employment_bonus' && f.completionAmountFen === null ? 'COMPLETION_NOT_APPROVED' : null;
/** Stably employed completers below `minStableShareBp` of completers. */
export const employmentBelow50: ClaimRule = (f, p) =>
  f.kind === 'employment_bonus' && f.stablyEmployed * 10000 < p.minStableShareBp * f.completers
    ? 'EMPLOYMENT_BELOW_50'
    : null;

/**
 * 项目制培训补贴: the institution of a closed 项目制 class (project kind `project_based`) is paid
 * from the employment fund. Completion: completers × price per head. Employment bonus: `bonusBp`
 * of the approved completion amount.
 */
export const PROJECT_PAYMENT: ClaimProgram = {
  code: 'project_based',
  name: { zh: '项目制培训补贴', en: 'Project-based training payment' },
  fund: 'employment_fund',
  payee: 'institution',
  rules: [institutionNotListed, institutionBlacklisted, noCompleters, completionNotApproved, employmentBelow50],
  amountFen: (f, p) =>
    f.kind === 'employment_bonus'
      ? applyFactorsFen(f.completionAmountFen ?? 0, [p.bonusBp])
      : f.completers * f.priceFen,
};
