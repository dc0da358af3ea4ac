import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  (t) => [index('applications_order_idx').on(t.appliedOn, t.applicationId), index('applications_person_idx').on(t.personKey)],
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
  (t) => [index('decisions_person_idx').on(t.personKey), index('decisions_certificate_idx').on(t.certificateNo), index('decisions_applied_idx').on(t.appliedOn)],
);

/** Versioned subsidy policy: the numbers as data (policy.md). */
export const policyVersions = pgTable('policy_versions', {
  code: text('code').primaryKey(),
  basedOn: text('based_on'),
  cityCode: text('city_code'),
  effectiveFrom: date('effective_from').notNull(),
  status: text('status').notNull(),
  params: jsonb('params').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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
