import { blacklistedBy, listedAs } from '../../registry/index.ts';
import { ratioBelow } from '../../training/index.ts';
import type { CountedDecision, Rule } from '../facts.ts';
import type { PolicyParams } from '../policy.ts';
import { allowance, type Allowance } from '../allowance.ts';
import type { ApplicationProgram } from './program.ts';

// policy.md § Reasons, type `training` (职业培训补贴), in the spec's order.
const CODE = 'training';

export const notTargetGroup: Rule = (c) => (c.person.groups.length === 0 ? 'NOT_TARGET_GROUP' : null);
/** TRAINING_LIFETIME_LIMIT as the person stands: training subsidies counted so far, and how many are left. */
export const trainingLifetimeAllowance = (counted: readonly CountedDecision[], p: PolicyParams): Allowance =>
  allowance(p.trainingLifetimeLimit, counted.filter((d) => d.type === CODE).length);
export const trainingLifetimeLimit: Rule = (c, p) =>
  trainingLifetimeAllowance(c.counted, p).left === 0 ? 'TRAINING_LIFETIME_LIMIT' : null;
/** Levelled kinds with a level the baseline table has no amount for (LA, LS, LC), or no level at all. */
export const trainingLevelNotCovered: Rule = (c, p) =>
  c.cert && p.levelledKinds.includes(c.cert.kind) && (!c.cert.level || !p.trainingBaseFen.levelled[c.cert.level])
    ? 'LEVEL_NOT_COVERED'
    : null;
export const projectNotFound: Rule = (c) => (c.app.projectCode && !c.project ? 'PROJECT_NOT_FOUND' : null);
export const notEnrolled: Rule = (c) => (c.project && !c.enrolled ? 'NOT_ENROLLED' : null);
export const institutionNotListed: Rule = (c) =>
  c.project && !listedAs(c.institution, 'training', c.project.startDate) ? 'INSTITUTION_NOT_LISTED' : null;
export const institutionBlacklisted: Rule = (c) =>
  c.project && blacklistedBy(c.institution, c.app.appliedOn) ? 'INSTITUTION_BLACKLISTED' : null;
export const attendanceBelow80: Rule = (c, p) =>
  c.project && ratioBelow(c.ratio, p.attendanceMinPercent) ? 'ATTENDANCE_BELOW_80' : null;

/** 职业培训补贴: for the nine target groups, from the employment fund, to the worker. */
export const TRAINING: ApplicationProgram = {
  code: CODE,
  name: { zh: '职业培训补贴', en: 'Vocational training subsidy' },
  fund: 'employment_fund',
  payee: 'person',
  rules: [
    notTargetGroup,
    trainingLifetimeLimit,
    trainingLevelNotCovered,
    projectNotFound,
    notEnrolled,
    institutionNotListed,
    institutionBlacklisted,
    attendanceBelow80,
  ],
  /** policy.md § Amount: by level for levelled kinds, else by kind; by the occupation's category. */
  baseFen: (c, p) => {
    const { kind, level } = c.cert;
    const category = c.occupation.category;
    if (p.levelledKinds.includes(kind)) return level ? p.trainingBaseFen.levelled[level]?.[category] : undefined;
    return p.trainingBaseFen.byKind[kind]?.[category];
  },
  /** The project's city when trained in a project, else the residence. */
  cityOf: (c) => (c.project ? c.project.cityCode : c.person.cityCode),
  /** policy.md § Review: a flag on the attendance in the project holds the decision for review. */
  reviewFlags: (c) => (c.project ? c.flags : []),
};
