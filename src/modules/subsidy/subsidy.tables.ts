import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Subsidy applications (补贴申请): 职业培训补贴 `training` or 技能提升补贴 `skill_upgrade`. */
export const applications = pgTable(
  'applications',
  {
    applicationId: text('application_id').primaryKey(),
    personKey: text('person_key').notNull(),
    type: text('type').notNull(),
    certificateNo: text('certificate_no').notNull(),
    projectCode: text('project_code'),
    appliedOn: date('applied_on').notNull(),
    source: text('source').notNull().default('import'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('applications_order_idx').on(t.appliedOn, t.applicationId),
    index('applications_person_idx').on(t.personKey),
    // A worker files one application per type and certificate a day on the web (a rejected one may
    // be filed again on a later day: settlement decides nothing on its filing day).
    uniqueIndex('applications_web_daily_uq')
      .on(t.personKey, t.type, t.certificateNo, t.appliedOn)
      .where(sql`source = 'web'`),
  ],
);

/** One decision per application, with the policy version that made it. */
export const decisions = pgTable(
  'decisions',
  {
    applicationId: text('application_id').primaryKey(),
    personKey: text('person_key').notNull(),
    type: text('type').notNull(),
    appliedOn: date('applied_on').notNull(),
    certificateNo: text('certificate_no').notNull(),
    occupationCode: text('occupation_code'),
    level: text('level'),
    shortage: boolean('shortage').notNull().default(false),
    projectCode: text('project_code'),
    decision: text('decision').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reasons: text('reasons').array().notNull(),
    policyVersion: text('policy_version').notNull(),
    cityCode: text('city_code'),
    runId: uuid('run_id').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('decisions_person_idx').on(t.personKey),
    index('decisions_certificate_idx').on(t.certificateNo),
    index('decisions_applied_idx').on(t.appliedOn),
    index('decisions_project_idx').on(t.projectCode),
  ],
);

/**
 * 线上线下结合: how a blended project's attendance counted for a decision (docs/online-learning.md
 * § Blended projects): classroom hours, online valid hours, the part counted and why the rest was
 * not. Only decisions of projects with a project-bound online course have a row.
 */
export const decisionAttendance = pgTable('decision_attendance', {
  applicationId: text('application_id').primaryKey(),
  scheduledMs: bigint('scheduled_ms', { mode: 'number' }).notNull(),
  classroomMs: bigint('classroom_ms', { mode: 'number' }).notNull(),
  onlineValidMs: bigint('online_valid_ms', { mode: 'number' }).notNull(),
  onlineCountedMs: bigint('online_counted_ms', { mode: 'number' }).notNull(),
  shareCapMs: bigint('share_cap_ms', { mode: 'number' }).notNull(),
  /** Missed session time online learning could stand in for (theory only under onlineTheoryOnly). */
  roomMs: bigint('room_ms', { mode: 'number' }).notNull(),
  /** OVER_SHARE, NO_THEORY_LEFT, NO_HOURS_LEFT, or null when all online valid time counted. */
  notCounted: text('not_counted'),
});

/** Versioned subsidy policy: the numbers as data (policy.md). */
export const policyVersions = pgTable('policy_versions', {
  code: text('code').primaryKey(),
  basedOn: text('based_on'),
  cityCode: text('city_code'),
  effectiveFrom: date('effective_from').notNull(),
  status: text('status').notNull(),
  params: jsonb('params').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Who drafted or proposed it, and who approved it: four eyes, never the same official. */
  createdBy: text('created_by'),
  approvedBy: text('approved_by'),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
});

/** A settlement run: resumable, it records how far it got. */
export const settlementRuns = pgTable('settlement_runs', {
  id: uuid('id').primaryKey(),
  asOf: date('as_of').notNull(),
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  decided: integer('decided').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** Officials' resolution of a `review` decision (复核): cleared to approved, or rejected with a reason. */
export const decisionReviews = pgTable('decision_reviews', {
  applicationId: text('application_id').primaryKey(),
  outcome: text('outcome').notNull(),
  note: text('note').notNull(),
  reviewer: text('reviewer').notNull(),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
});

/**
 * A decision made again after it was first made: an upheld appeal (申诉) re-decides a rejected
 * application. The `decisions` row holds the decision in force; each revision keeps what it was
 * before, what it became and on whose word, so the first decision is never lost.
 */
export const decisionRevisions = pgTable(
  'decision_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: text('application_id').notNull(),
    /** `appeal` (more sources may follow). */
    source: text('source').notNull(),
    /** The appeal's id. */
    sourceRef: text('source_ref').notNull(),
    before: jsonb('before').notNull(),
    decision: text('decision').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** Reasons of the first decision the revision overruled. */
    overruled: text('overruled').array().notNull(),
    policyVersion: text('policy_version').notNull(),
    note: text('note').notNull(),
    decidedBy: text('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('decision_revisions_application_idx').on(t.applicationId)],
);

/** 公示: an approved decision may be paid once its public notice period has ended. */
export const publicNotices = pgTable('public_notices', {
  applicationId: text('application_id').primaryKey(),
  approvedOn: date('approved_on').notNull(),
  noticeUntil: date('notice_until').notNull(),
});

/** A payment batch per city and fund, exported as one bank file. */
export const paymentBatches = pgTable('payment_batches', {
  id: uuid('id').primaryKey(),
  cityCode: text('city_code').notNull(),
  fund: text('fund').notNull(),
  status: text('status').notNull(),
  lineCount: integer('line_count').notNull(),
  totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * One payment to one payee. The idempotency key travels to the bank and back; a partial unique
 * index allows one live (pending or paid) line per application, so nothing is paid twice.
 */
export const paymentLines = pgTable(
  'payment_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    batchId: uuid('batch_id').notNull(),
    applicationId: text('application_id').notNull(),
    attempt: integer('attempt').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    payeeKind: text('payee_kind').notNull(),
    payeeKey: text('payee_key').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    bankRef: text('bank_ref'),
    failureReason: text('failure_reason'),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payment_lines_live_uq').on(t.applicationId).where(sql`status IN ('pending', 'paid')`),
    index('payment_lines_batch_idx').on(t.batchId),
  ],
);

/** 资金来源: the funds budgets are set in (plan (二)); the province adds more, retires by `active`. */
export const funds = pgTable('funds', {
  code: text('code').primaryKey(),
  zh: text('zh').notNull(),
  en: text('en').notNull(),
  active: boolean('active').notNull().default(true),
});

/** Yearly budgets per city and fund (预算). */
export const budgets = pgTable(
  'budgets',
  {
    cityCode: text('city_code').notNull(),
    year: integer('year').notNull(),
    fund: text('fund').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityCode, t.year, t.fund] })],
);

/** Double-entry funds ledger: every transaction's debits equal its credits. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    txId: uuid('tx_id').notNull(),
    account: text('account').notNull(),
    cityCode: text('city_code').notNull(),
    fund: text('fund').notNull(),
    year: integer('year').notNull(),
    debitFen: bigint('debit_fen', { mode: 'number' }).notNull(),
    creditFen: bigint('credit_fen', { mode: 'number' }).notNull(),
    applicationId: text('application_id'),
    memo: text('memo').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The city leads the key: the table's distribution column when sharded (docs/operations.md § Sharding).
    primaryKey({ name: 'ledger_entries_pkey', columns: [t.cityCode, t.id] }),
    index('ledger_scope_idx').on(t.cityCode, t.year, t.fund, t.account),
    index('ledger_application_idx').on(t.applicationId),
  ],
);

/** 追回: a paid subsidy turned into a receivable against the payee, with its status trail. */
export const clawbacks = pgTable(
  'clawbacks',
  {
    id: uuid('id').primaryKey(),
    applicationId: text('application_id').notNull().unique(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    trail: jsonb('trail').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the payee must have paid back (追回期限). */
    dueOn: date('due_on'),
    /** Recovered and written off so far; the constraint keeps their sum within what is owed. */
    recoveredFen: bigint('recovered_fen', { mode: 'number' }).notNull().default(0),
    writtenOffFen: bigint('written_off_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    check(
      'clawbacks_within_owed',
      sql`${t.recoveredFen} >= 0 AND ${t.writtenOffFen} >= 0 AND ${t.recoveredFen} + ${t.writtenOffFen} <= ${t.amountFen}`,
    ),
  ],
);

/** One payment back from the payee, by its bank receipt (回单号): the receipt makes it idempotent. */
export const clawbackRecoveries = pgTable(
  'clawback_recoveries',
  {
    id: uuid('id').primaryKey(),
    applicationId: text('application_id').notNull(),
    receiptRef: text('receipt_ref').notNull().unique(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    receivedOn: date('received_on').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('clawback_recoveries_app_idx').on(t.applicationId)],
);

/**
 * 核销: writing off what cannot be recovered. One official asks, a second province official
 * approves (four-eyes); at most one request is pending per receivable.
 */
export const clawbackWriteoffs = pgTable(
  'clawback_writeoffs',
  {
    id: uuid('id').primaryKey(),
    applicationId: text('application_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('clawback_writeoffs_pending_uq').on(t.applicationId).where(sql`status = 'pending'`)],
);

/** 移送司法机关: a receivable or an integrity case referred to a judicial organ, and what came of it. */
export const judicialReferrals = pgTable(
  'judicial_referrals',
  {
    id: uuid('id').primaryKey(),
    /** `clawback` (subject = application id) or `case` (subject = integrity case id). */
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    cityCode: text('city_code'),
    referredOn: date('referred_on').notNull(),
    organ: text('organ').notNull(),
    caseRef: text('case_ref'),
    outcome: text('outcome'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('judicial_referrals_subject_idx').on(t.subjectKind, t.subjectId)],
);

/**
 * 项目制 payments to institutions: per completer at the project's price (`completion`), and the
 * employment-linked bonus claimed once six months have passed (`employment_bonus`). One claim of
 * each kind per project; decided on submission by the rules in `project-claims.ts`.
 */
export const projectClaims = pgTable(
  'project_claims',
  {
    claimId: text('claim_id').primaryKey(),
    projectCode: text('project_code').notNull(),
    institutionCode: text('institution_code').notNull(),
    kind: text('kind').notNull(),
    cityCode: text('city_code').notNull(),
    appliedOn: date('applied_on').notNull(),
    completers: integer('completers').notNull(),
    stablyEmployed: integer('stably_employed').notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    decision: text('decision').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    reasons: text('reasons').array().notNull(),
    policyVersion: text('policy_version').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('project_claims_kind_uq').on(t.projectCode, t.kind)],
);
