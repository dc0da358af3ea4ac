import { z } from 'zod';
import { ZDate } from '../../kernel/schemas.ts';

/**
 * Response contracts of subsidy and payments: the serializer writes only what these declare
 * (docs/security.md § Who sees what). Wire names stay as the services send them (snake_case rows
 * from SQL, camelCase built answers); money in fen; dates `YYYY-MM-DD`; timestamps leave the
 * database as `Date` (sent as ISO strings).
 */

/** A reason code with its plain words (reasons.ts). */
export const ZSubsidyReason = z
  .object({ code: z.string(), zh: z.string(), en: z.string() })
  .meta({ id: 'SubsidyReason' });

/** 线上线下结合: how a blended project's classroom and online hours counted (docs/online-learning.md). */
export const ZAttendanceNote = z.object({ zh: z.string(), en: z.string() }).meta({ id: 'AttendanceNote' });

export const ZSubsidyDecision = z
  .object({
    application_id: z.string(),
    type: z.string(),
    applied_on: z.string(),
    certificate_no: z.string(),
    project_code: z.string().nullable(),
    decision: z.enum(['approved', 'rejected', 'review']),
    amount_fen: z.number(),
    reasons: z.array(ZSubsidyReason),
    policy_version: z.string(),
    city_code: z.string().nullable(),
    city_name: z.string().nullable(),
    person_name: z.string(),
    id_masked: z.string(),
    /** Blended projects only: how the classroom and online hours counted in the attendance ratio. */
    attendance_note: ZAttendanceNote.nullable().optional(),
  })
  .meta({ id: 'SubsidyDecision' });
export type TSubsidyDecision = z.infer<typeof ZSubsidyDecision>;

/** A project-based claim just decided (项目制补贴). */
export const ZProjectClaimDecided = z
  .object({
    claimId: z.string(),
    kind: z.string(),
    completers: z.number(),
    stablyEmployed: z.number(),
    decision: z.string(),
    amountFen: z.number(),
    reasons: z.array(ZSubsidyReason),
    policyVersion: z.string(),
  })
  .meta({ id: 'ProjectClaimDecided' });

export const ZProjectClaim = z
  .object({
    claim_id: z.string(),
    project_code: z.string(),
    institution_code: z.string(),
    institution_name: z.string().nullable(),
    kind: z.string(),
    city_code: z.string(),
    applied_on: z.string(),
    completers: z.number(),
    stably_employed: z.number(),
    price_fen: z.number(),
    decision: z.string(),
    amount_fen: z.number(),
    reasons: z.array(ZSubsidyReason),
    policy_version: z.string(),
    decided_at: z.date(),
    notice_until: z.string().nullable(),
    payment_status: z.string().nullable(),
  })
  .meta({ id: 'ProjectClaim' });
export type TProjectClaim = z.infer<typeof ZProjectClaim>;

/** A worker's own application; the decision's fields are null until it is decided (`status` submitted). */
export const ZMyApplication = z
  .object({
    application_id: z.string(),
    type: z.string(),
    certificate_no: z.string(),
    project_code: z.string().nullable(),
    applied_on: z.string(),
    source: z.string(),
    decision: z.string().nullable(),
    amount_fen: z.number().nullable(),
    reasons: z.array(ZSubsidyReason),
    policy_version: z.string().nullable(),
    notice_until: z.string().nullable(),
    payment_status: z.string().nullable(),
    clawback_status: z.string().nullable(),
    status: z.string(),
    /** Blended projects only: how the classroom and online hours counted in the attendance ratio. */
    attendance_note: ZAttendanceNote.nullable().optional(),
  })
  .meta({ id: 'MyApplication' });
export type TMyApplication = z.infer<typeof ZMyApplication>;

export const ZMyCertificate = z
  .object({
    certificate_no: z.string(),
    kind: z.string(),
    level: z.string().nullable(),
    issued_on: z.string(),
    project_code: z.string().nullable(),
    revoked_on: z.string().nullable(),
    occupation_name: z.string().nullable(),
    level_name: z.string().nullable(),
  })
  .meta({ id: 'MyCertificate' });
export type TMyCertificate = z.infer<typeof ZMyCertificate>;

export const ZApplicationSubmitted = z
  .object({ applicationId: z.string(), appliedOn: z.string(), status: z.string() })
  .meta({ id: 'ApplicationSubmitted' });

/** 待复核: a decision withheld for integrity flags, its raw reason codes and the flags as evidence. */
export const ZReviewItem = z
  .object({
    application_id: z.string(),
    type: z.string(),
    applied_on: z.string(),
    project_code: z.string().nullable(),
    amount_fen: z.number(),
    reasons: z.array(z.string()),
    city_code: z.string().nullable(),
    person_name: z.string(),
    id_masked: z.string(),
    evidence: z
      .array(
        z.object({
          code: z.string(),
          session_no: z.number(),
          device_id: z.string().nullable(),
          /** The detector's own note (English, for logs); people read `zh`/`en`. */
          detail: z.string(),
          /** For a shared phone: how many persons it checked in during that session. */
          persons: z.number().nullable(),
          zh: z.string(),
          en: z.string(),
        }),
      )
      .nullable(),
  })
  .meta({ id: 'ReviewItem' });
export type TReviewItem = z.infer<typeof ZReviewItem>;

export const ZReviewResolved = z
  .object({ applicationId: z.string(), decision: z.enum(['approved', 'rejected']), amountFen: z.number() })
  .meta({ id: 'ReviewResolved' });

/** A fund's code (a row of the `funds` table, checked by the service: UNKNOWN_FUND). */
const ZFund = z.string();

export const ZFundRow = z
  .strictObject({ code: z.string(), zh: z.string(), en: z.string(), active: z.boolean() })
  .meta({ id: 'Fund' });
export const ZFundNew = z.object({
  code: z.string().trim().min(1).max(40),
  zh: z.string().trim().min(1).max(100),
  en: z.string().trim().min(1).max(100),
});

export const ZPaymentBatch = z
  .object({
    id: z.string(),
    city_code: z.string(),
    fund: z.string(),
    status: z.string(),
    line_count: z.number(),
    total_fen: z.number(),
    created_by: z.string(),
    created_at: z.date(),
    paid: z.number(),
    failed: z.number(),
  })
  .meta({ id: 'PaymentBatch' });
export type TPaymentBatch = z.infer<typeof ZPaymentBatch>;

export const ZPaymentBatchCreated = z
  .object({ id: z.string(), cityCode: z.string(), fund: ZFund, lineCount: z.number(), totalFen: z.number() })
  .meta({ id: 'PaymentBatchCreated' });

export const ZBankReturnResult = z
  .object({
    paid: z.number(),
    failed: z.number(),
    unchanged: z.number(),
    errors: z.array(z.object({ line: z.number(), key: z.string(), reason: z.string() })),
  })
  .meta({ id: 'BankReturnResult' });

export const ZLedgerReport = z
  .object({
    lines: z.array(
      z.object({
        cityCode: z.string(),
        fund: ZFund,
        year: z.number(),
        budgetFen: z.number(),
        availableFen: z.number(),
        committedFen: z.number(),
        paidFen: z.number(),
        receivableFen: z.number(),
      }),
    ),
    balance: z.object({
      ok: z.boolean(),
      unbalancedTx: z.number(),
      totalDebitFen: z.number(),
      totalCreditFen: z.number(),
    }),
  })
  .meta({ id: 'LedgerReport' });

export const ZBudgetSet = z
  .object({ ok: z.literal(true), beforeFen: z.number().nullable(), afterFen: z.number() })
  .meta({ id: 'BudgetSet' });

/** 追回: a receivable with its status trail (who moved it when). */
export const ZClawback = z
  .object({
    id: z.string(),
    application_id: z.string(),
    amount_fen: z.number(),
    reason: z.string(),
    status: z.string(),
    trail: z.array(z.object({ at: z.string(), status: z.string(), by: z.string(), note: z.string().optional() })),
    created_at: z.date(),
    city_code: z.string().nullable(),
  })
  .meta({ id: 'Clawback' });
export type TClawback = z.infer<typeof ZClawback>;

export const ZPolicyVersionState = z
  .object({ code: z.string(), status: z.string() })
  .meta({ id: 'PolicyVersionState' });

export const ZWhatIfRow = z
  .object({
    cityCode: z.string(),
    actualApproved: z.number(),
    draftApproved: z.number(),
    actualFen: z.number(),
    draftFen: z.number(),
    changedDecisions: z.number(),
  })
  .meta({ id: 'WhatIfRow' });

export const ZPolicyVersion = z
  .object({
    code: z.string(),
    based_on: z.string().nullable(),
    city_code: z.string().nullable(),
    effective_from: z.string(),
    status: z.string(),
    // Free form on purpose: the numbers as stored by the version — a province version's whole
    // PolicyParams (policy.ts, grown over time), a city version's factor only.
    params: z.record(z.string(), z.unknown()),
    created_at: z.date(),
    /** Who drafted and who approved (four eyes): shown to province administrators only. */
    created_by: z.string().nullable().optional(),
    approved_by: z.string().nullable().optional(),
  })
  .meta({ id: 'PolicyVersion' });

const ZPolicyUnit = z.enum([
  'fen',
  'factor_bp',
  'share_bp',
  'percent',
  'count',
  'months',
  'meters',
  'minutes',
  'score',
  'flag',
]);

/** One number of the policy a province draft may change, with the active version's value. */
export const ZPolicyField = z
  .object({
    path: z.string(),
    zh: z.string(),
    en: z.string(),
    unit: ZPolicyUnit,
    min: z.number(),
    max: z.number(),
    integer: z.boolean(),
    value: z.number(),
  })
  .meta({ id: 'PolicyField' });

export const ZPolicyForm = z
  .object({ active: z.string(), effectiveFrom: z.string(), fields: z.array(ZPolicyField) })
  .meta({ id: 'PolicyForm' });

export const ZPolicyDraftRequest = z
  .object({
    effectiveFrom: ZDate,
    /** Numbers by path (PolicyField.path) in their stored unit: fen, basis points, counts. */
    numbers: z.record(z.string().max(80), z.number()),
  })
  .meta({ id: 'PolicyDraftRequest' });

export const ZPolicyDiff = z
  .object({
    code: z.string(),
    against: z.string(),
    effectiveFrom: z.string(),
    status: z.string(),
    createdBy: z.string().nullable(),
    approvedBy: z.string().nullable(),
    changes: z.array(
      z.object({
        path: z.string(),
        zh: z.string(),
        en: z.string(),
        unit: ZPolicyUnit,
        before: z.number(),
        after: z.number(),
      }),
    ),
  })
  .meta({ id: 'PolicyDiff' });

export const ZWhatIfGroup = z
  .object({
    key: z.string(),
    actualApproved: z.number(),
    draftApproved: z.number(),
    actualFen: z.number(),
    draftFen: z.number(),
    changedDecisions: z.number(),
  })
  .meta({ id: 'WhatIfGroup' });

/** A what-if by city, by subsidy type and by certificate level ('' = no level). */
export const ZWhatIfReport = z
  .object({ byCity: z.array(ZWhatIfGroup), byType: z.array(ZWhatIfGroup), byLevel: z.array(ZWhatIfGroup) })
  .meta({ id: 'WhatIfReport' });
export type TPolicyVersion = z.infer<typeof ZPolicyVersion>;

/** A limit of the policy as the worker stands: allowed, counted so far, left (allowance.ts). */
export const ZAllowance = z.object({ limit: z.number(), used: z.number(), left: z.number() }).meta({ id: 'Allowance' });

/** How an expected amount is made: base × shortage factor × city factor (policy.md § Amount). */
export const ZAmountBasis = z
  .object({
    baseFen: z.number(),
    /** 13000 = × 1.30 (the occupation was on the shortage list on the issue date), 10000 = × 1.00. */
    shortageBp: z.number(),
    cityBp: z.number(),
    cityCode: z.string(),
    /** The occupation's category (A, B, C) the training base is read by. */
    category: z.string().nullable(),
    policyVersion: z.string(),
  })
  .meta({ id: 'AmountBasis' });

/**
 * One programme on one certificate, as a claim made today would be decided: `claimable` (approved,
 * `amountFen` expected), `review` (approved amount, held for review of integrity flags), `applied`
 * (an application that is not rejected exists: `applicationId`), `closed` (rejected: `reasons`).
 */
export const ZEntitlementClaim = z
  .object({
    type: z.string(),
    state: z.enum(['claimable', 'review', 'applied', 'closed']),
    amountFen: z.number().nullable(),
    basis: ZAmountBasis.nullable(),
    reasons: z.array(ZSubsidyReason),
    applicationId: z.string().nullable(),
    applicationStatus: z.string().nullable(),
  })
  .meta({ id: 'EntitlementClaim' });
export type TEntitlementClaim = z.infer<typeof ZEntitlementClaim>;

export const ZEntitlementCertificate = z
  .object({
    certificateNo: z.string(),
    occupationCode: z.string(),
    kind: z.string(),
    level: z.string().nullable(),
    issuedOn: z.string(),
    /** The class it came from: a training claim names it (as the entitlement's probe did). */
    projectCode: z.string().nullable(),
    /** The last day to apply: issued + 12 calendar months (LATE_APPLICATION). */
    lastDay: z.string(),
    daysLeft: z.number(),
    revokedOn: z.string().nullable(),
    /** On the shortage list on the issue date (× 1.30). */
    shortage: z.boolean(),
    claims: z.array(ZEntitlementClaim),
  })
  .meta({ id: 'EntitlementCertificate' });

/** One of my applications with its decision, 公示, payment and recovery (null while not reached). */
export const ZEntitlementDecision = z
  .object({
    applicationId: z.string(),
    type: z.string(),
    certificateNo: z.string(),
    occupationCode: z.string().nullable(),
    level: z.string().nullable(),
    appliedOn: z.string(),
    status: z.enum(['submitted', 'approved', 'rejected', 'review']),
    amountFen: z.number().nullable(),
    reasons: z.array(ZSubsidyReason),
    policyVersion: z.string().nullable(),
    notice: z.object({ from: z.string(), until: z.string() }).nullable(),
    payment: z
      .object({
        /** PAYMENT_STAGE_NAMES */
        stage: z.string(),
        attempts: z.number(),
        paidOn: z.string().nullable(),
        failureReason: z.string().nullable(),
      })
      .nullable(),
    clawback: z.object({ status: z.string(), amountFen: z.number(), reason: z.string() }).nullable(),
  })
  .meta({ id: 'EntitlementDecision' });
export type TEntitlementDecision = z.infer<typeof ZEntitlementDecision>;

/** 我的补贴: what is still open to a worker under the active policy, as of `asOf` (China date). */
export const ZEntitlement = z
  .object({
    asOf: z.string(),
    policyVersion: z.string(),
    year: z.number(),
    /** Subsidies of any type this calendar year (ANNUAL_LIMIT). */
    thisYear: ZAllowance,
    training: z.object({
      /** TRAINING_LIFETIME_LIMIT */
      lifetime: ZAllowance,
      leftThisYear: z.number(),
      /** The person's own reasons that close it (not in the nine groups). */
      reasons: z.array(ZSubsidyReason),
    }),
    skillUpgrade: z.object({
      /** UPGRADE_ANNUAL_LIMIT: all occupations, and of them non-shortage ones. */
      thisYear: ZAllowance,
      nonShortage: ZAllowance,
      leftThisYear: z.number(),
      nonShortageLeftThisYear: z.number(),
      insuredMonths: z.number(),
      insuredMonthsMin: z.number(),
      reasons: z.array(ZSubsidyReason),
    }),
    /** Applications filed and not yet decided; the numbers already count them as the rules will decide them. */
    pendingApplications: z.number(),
    certificates: z.array(ZEntitlementCertificate),
    decisions: z.array(ZEntitlementDecision),
  })
  .meta({ id: 'Entitlement' });
export type TEntitlement = z.infer<typeof ZEntitlement>;

/** 追回应收 with payee, institution, due date and its recoveries (what is still owed = amount − recovered − written off). */
export const ZReceivable = z
  .object({
    applicationId: z.string(),
    cityCode: z.string().nullable(),
    personName: z.string().nullable(),
    /** Masked (3201**********123X): the list is for officials at work, not for auditors' exports. */
    personIdMasked: z.string().nullable(),
    institutionCode: z.string().nullable(),
    institutionName: z.string().nullable(),
    reason: z.string(),
    status: z.string(),
    amountFen: z.number(),
    recoveredFen: z.number(),
    writtenOffFen: z.number(),
    outstandingFen: z.number(),
    dueOn: z.string().nullable(),
    openedAt: z.date(),
    pendingWriteOff: z
      .object({ id: z.string(), amountFen: z.number(), reason: z.string(), requestedBy: z.string() })
      .nullable(),
    recoveries: z.array(
      z.object({ receiptRef: z.string(), amountFen: z.number(), receivedOn: z.string(), recordedBy: z.string() }),
    ),
  })
  .meta({ id: 'Receivable' });

const ZReceivableState = z.object({
  applicationId: z.string(),
  status: z.string(),
  amountFen: z.number(),
  recoveredFen: z.number(),
  writtenOffFen: z.number(),
  outstandingFen: z.number(),
});

export const ZRecoveryRecorded = ZReceivableState.extend({ replayed: z.boolean() }).meta({ id: 'RecoveryRecorded' });

export const ZWriteOffRequested = z
  .object({ id: z.string(), applicationId: z.string(), amountFen: z.number(), status: z.literal('pending') })
  .meta({ id: 'WriteOffRequested' });

export const ZWriteOffDecided = z
  .object({ id: z.string(), status: z.string(), writtenOffFen: z.number(), receivable: ZReceivableState })
  .meta({ id: 'WriteOffDecided' });

/** 移送司法机关 record. */
export const ZReferral = z
  .object({
    id: z.string(),
    subjectKind: z.string(),
    subjectId: z.string(),
    cityCode: z.string().nullable(),
    referredOn: z.string(),
    organ: z.string(),
    caseRef: z.string().nullable(),
    outcome: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.date(),
  })
  .meta({ id: 'Referral' });
