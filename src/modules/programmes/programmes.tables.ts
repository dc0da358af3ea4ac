import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 专项计划: a programme the plan's annex names (百万青年职业技能提升行动, 以工代训 …), reference data. */
export const programmes = pgTable('programmes', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** The annex's key task (重点任务) that names it. */
  keyTask: integer('key_task').notNull(),
  /** The plan's sentence that names it, quoted. */
  source: text('source').notNull(),
});

/** 培训载体: a high-skill training base, 技能大师工作室, 微专业 or a chain leader's skills ecosystem. */
export const carriers = pgTable(
  'carriers',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    cityCode: text('city_code').notNull(),
    /** Who runs it (a college, an enterprise, a master's name): free text as the province registers it. */
    owner: text('owner').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('carriers_city_idx').on(t.cityCode)],
);

/** The member enterprises of a carrier (a chain leader's upstream and downstream firms). */
export const carrierMembers = pgTable(
  'carrier_members',
  {
    carrierId: uuid('carrier_id').notNull(),
    /** 统一社会信用代码 when the enterprise is registered here, else its name. */
    enterpriseKey: text('enterprise_key').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.carrierId, t.enterpriseKey] })],
);

/** A project's programme tags (set at dispatch or edit by its city or the province). */
export const projectProgrammes = pgTable(
  'project_programmes',
  {
    projectCode: text('project_code').notNull(),
    programmeCode: text('programme_code').notNull(),
    taggedBy: text('tagged_by').notNull(),
    taggedAt: timestamp('tagged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.projectCode, t.programmeCode] }),
    index('project_programmes_programme_idx').on(t.programmeCode),
  ],
);

/** The carriers a project is run at or for. */
export const projectCarriers = pgTable(
  'project_carriers',
  {
    projectCode: text('project_code').notNull(),
    carrierId: uuid('carrier_id').notNull(),
    taggedBy: text('tagged_by').notNull(),
    taggedAt: timestamp('tagged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.carrierId] }), index('project_carriers_carrier_idx').on(t.carrierId)],
);
