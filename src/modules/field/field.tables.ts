import { date, index, integer, numeric, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * 技能活动: a field activity the plan asks cities to run — 技能夜校, 暑期学校, 送技下乡/入企/进社区,
 * 招聘会, 直播带岗 (docs/field-activities.md). Scope facts: its city, the occupation's sector, the
 * institution that organises it (if one does).
 */
export const fieldActivities = pgTable(
  'field_activities',
  {
    activityId: text('activity_id').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The organiser's name as people read it (南京市人社局, 某技工学校). */
    organiser: text('organiser').notNull(),
    cityCode: text('city_code').notNull(),
    district: text('district'),
    place: text('place').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    occupationCode: text('occupation_code'),
    /** The occupation's sector, kept so a department's scope is a plain comparison. */
    sector: text('sector'),
    institutionCode: text('institution_code'),
    capacity: integer('capacity').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('field_activities_city_idx').on(t.cityCode, t.startsAt), index('field_activities_kind_idx').on(t.kind)],
);

/** 活动报名: a worker's place at an activity, with the check-in code they show at the door. */
export const activitySignups = pgTable(
  'activity_signups',
  {
    signupId: text('signup_id').primaryKey(),
    activityId: text('activity_id').notNull(),
    personKey: text('person_key').notNull(),
    /** Six digits shown on the worker's phone; the organiser types it at check-in. */
    checkinCode: text('checkin_code').notNull(),
    signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull(),
    attendedAt: timestamp('attended_at', { withTimezone: true }),
    checkedInBy: text('checked_in_by'),
  },
  (t) => [
    unique('activity_signups_person_uq').on(t.activityId, t.personKey),
    unique('activity_signups_code_uq').on(t.activityId, t.checkinCode),
    index('activity_signups_person_idx').on(t.personKey),
  ],
);

/** 活动录用: a hire made at an activity (a job fair's hires), recorded by its organiser. */
export const activityHires = pgTable(
  'activity_hires',
  {
    hireId: text('hire_id').primaryKey(),
    activityId: text('activity_id').notNull(),
    signupId: text('signup_id').notNull(),
    enterpriseCode: text('enterprise_code').notNull(),
    startDate: date('start_date').notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('activity_hires_signup_enterprise_uq').on(t.signupId, t.enterpriseCode)],
);

/** 职业技能竞赛: a contest (岗位练兵, 江苏工匠), at province, city or industry level. */
export const competitions = pgTable('competitions', {
  competitionId: text('competition_id').primaryKey(),
  name: text('name').notNull(),
  organiser: text('organiser').notNull(),
  /** `province`, `city` or `industry` (COMPETITION_LEVEL_NAMES). */
  level: text('level').notNull(),
  cityCode: text('city_code'),
  sector: text('sector'),
  occupationCode: text('occupation_code').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 参赛选手 and, once recorded, the result (rank, score, award). */
export const competitionEntries = pgTable(
  'competition_entries',
  {
    entryId: text('entry_id').primaryKey(),
    competitionId: text('competition_id').notNull(),
    personKey: text('person_key').notNull(),
    /** The entrant's work unit, as the citation names it. */
    unit: text('unit').notNull(),
    rank: integer('rank'),
    score: numeric('score', { precision: 6, scale: 2 }),
    award: text('award'),
    resultBy: text('result_by'),
    resultAt: timestamp('result_at', { withTimezone: true }),
  },
  (t) => [
    unique('competition_entries_person_uq').on(t.competitionId, t.personKey),
    unique('competition_entries_rank_uq').on(t.competitionId, t.rank),
  ],
);

/**
 * 晋升记录: a level promotion a contest result allows by rule — proposed by the platform, confirmed or
 * rejected by a province official. Confirming issues no certificate (docs/field-activities.md).
 */
export const promotionRecords = pgTable(
  'promotion_records',
  {
    promotionId: text('promotion_id').primaryKey(),
    entryId: text('entry_id').notNull(),
    competitionId: text('competition_id').notNull(),
    personKey: text('person_key').notNull(),
    occupationCode: text('occupation_code').notNull(),
    fromLevel: text('from_level').notNull(),
    toLevel: text('to_level').notNull(),
    /** The code of the promotion rule (promotion_rules) that proposed it, so the record says why it exists. */
    rule: text('rule').notNull(),
    /** `proposed`, `confirmed` or `rejected`. */
    status: text('status').notNull(),
    note: text('note'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('promotion_records_entry_uq').on(t.entryId), index('promotion_records_status_idx').on(t.status)],
);

/**
 * 竞赛晋升规则: which contest results may propose a level promotion, one row per version (the
 * version in force on a contest's last day applies). Policy data the province sets
 * (`POST /api/promotion-rules`), not a code constant: the plan states no such rule
 * (docs/field-activities.md § Promotion rule).
 */
export const promotionRules = pgTable('promotion_rules', {
  effectiveFrom: date('effective_from').primaryKey(),
  /** The rule's code, written on each promotion record it proposes. */
  code: text('code').notNull(),
  /** The contest levels whose results may lead to a promotion (`province`, `city`, `industry`). */
  levels: text('levels').array().notNull(),
  /** The awards that may (`first` … `merit`). */
  awards: text('awards').array().notNull(),
  /** The highest level rank (新八级工) a result may lead to. */
  maxRank: integer('max_rank').notNull(),
  /** The rule's source or the assumption it rests on, in the words of whoever set it. */
  basis: text('basis').notNull(),
  setBy: text('set_by').notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
});
