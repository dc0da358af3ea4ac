import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * 实名制 persons. The identity number is never stored in clear: `person_key` is its blind index
 * (keyed hash), `id_enc` the AES-GCM ciphertext, `id_masked` the display form.
 */
export const persons = pgTable(
  'persons',
  {
    personKey: text('person_key').primaryKey(),
    idEnc: text('id_enc').notNull(),
    idMasked: text('id_masked').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    cityCode: text('city_code').notNull(),
    groups: text('groups').array().notNull().default([]),
    insuredMonths: integer('insured_months').notNull().default(0),
    insuredAsOf: date('insured_as_of'),
    birthDate: date('birth_date').notNull(),
    /**
     * `active`, or `pending` for a person who registered themself with an ID number the registry did
     * not hold: groups empty and no sign-in until the city officer of `city_code` confirms (docs/security.md § Self-registration).
     */
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('persons_city_idx').on(t.cityCode), index('persons_dup_idx').on(t.name, t.birthDate, t.phone)],
);

/** Training and evaluation institutions (培训机构 / 评价机构). */
export const institutions = pgTable(
  'institutions',
  {
    creditCode: text('credit_code').primaryKey(),
    name: text('name').notNull(),
    roles: text('roles').array().notNull(),
    type: text('type').notNull(),
    cityCode: text('city_code').notNull(),
    listedFrom: date('listed_from'),
    blacklistedFrom: date('blacklisted_from'),
    /**
     * 在训容量: how many trainees the institution can teach at one time (declared by the institution or
     * its city); dispatch compares what is left of it with the class size. Null: not declared.
     */
    capacity: integer('capacity'),
    /**
     * 遴选 listing validity (docs/selection.md): the end of the listing period and the next annual
     * review. Shown and flagged; the rules still ask only `listed_from` / `blacklisted_from`.
     */
    listedUntil: date('listed_until'),
    reviewDueOn: date('review_due_on'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('institutions_city_idx').on(t.cityCode)],
);

/** Enterprises (企业), chain leaders (链主) flagged. */
export const enterprises = pgTable('enterprises', {
  creditCode: text('credit_code').primaryKey(),
  name: text('name').notNull(),
  cityCode: text('city_code').notNull(),
  sector: text('sector').notNull(),
  chainLeader: boolean('chain_leader').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 处理记录: a sanction on an institution, kept so its state can be asked (is it suspended today?).
 * `until_on` is a suspension's end or a rectification's deadline (整改期限); a rectification gets a
 * follow-up check (`check_result` passed / failed); a lifted sanction has `lifted_at` and `lifted_by`.
 */
export const institutionSanctions = pgTable(
  'institution_sanctions',
  {
    id: uuid('id').primaryKey(),
    creditCode: text('credit_code').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    /** What the sanction rests on: integrity case ids and free-text evidence. */
    evidence: jsonb('evidence').notNull().default({}),
    fromOn: date('from_on').notNull(),
    untilOn: date('until_on'),
    checkResult: text('check_result'),
    checkNote: text('check_note'),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    checkedBy: text('checked_by'),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: text('lifted_by'),
    liftReason: text('lift_reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('institution_sanctions_code_idx').on(t.creditCode)],
);
