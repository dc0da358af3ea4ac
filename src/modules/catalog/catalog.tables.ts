import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** 设区市: the 13 cities (GB/T 2260). */
export const cities = pgTable('cities', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
});

/** 六大领域 */
export const sectors = pgTable('sectors', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  keyTask: integer('key_task').notNull(),
});

/** 九类群体 */
export const targetGroups = pgTable('target_groups', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  keyTask: integer('key_task').notNull(),
});

/** 重点任务分工表: the 15 key tasks with their responsible units. */
export const keyTasks = pgTable('key_tasks', {
  no: integer('no').primaryKey(),
  title: text('title').notNull(),
  dimension: text('dimension').notNull(),
  target: text('target').notNull(),
  responsibleUnits: text('responsible_units').array().notNull(),
});

/** 新八级工 */
export const levels = pgTable('levels', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  rank: integer('rank').notNull(),
  highSkill: boolean('high_skill').notNull(),
});

/**
 * 职业目录: occupations, edited by the province; `version` counts edits, `catalog_changes` and the
 * audit log keep each. `special_ability_year`: set on a 专项职业能力 item, the year it was added as
 * an evaluation resource (plan: 40 new evaluation resources a year).
 */
export const occupations = pgTable('occupations', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sector: text('sector').notNull(),
  category: text('category').notNull(),
  hasLevels: boolean('has_levels').notNull(),
  codeSource: text('code_source').notNull().default('local'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  specialAbilityYear: integer('special_ability_year'),
});

/** The history of catalog edits: one row per change, with the record before and after (null when added). */
export const catalogChanges = pgTable(
  'catalog_changes',
  {
    id: uuid('id').primaryKey(),
    catalog: text('catalog').notNull(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after').notNull(),
    changedBy: text('changed_by').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('catalog_changes_version_uq').on(t.catalog, t.code, t.version)],
);

/** 紧缺职业目录: the published shortage list, by validity period. */
export const shortageList = pgTable(
  'shortage_list',
  {
    occupationCode: text('occupation_code').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
  },
  (t) => [primaryKey({ columns: [t.occupationCode, t.validFrom] })],
);

/**
 * 目录 publications: each of the plan's published directories (and the saturation list) as
 * numbered versions with an effective date; a version is a frozen snapshot of its entries.
 */
export const directoryVersions = pgTable(
  'directory_versions',
  {
    id: uuid('id').primaryKey(),
    directory: text('directory').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    note: text('note'),
    entryCount: integer('entry_count').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('directory_versions_uq').on(t.directory, t.version)],
);

export const directoryEntries = pgTable(
  'directory_entries',
  {
    versionId: uuid('version_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    cityCode: text('city_code'),
    attrs: jsonb('attrs').notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.code] })],
);
