import { date, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Certificates (证书) of every kind; skill-level ones on the 新八级工 ladder. */
export const certificates = pgTable(
  'certificates',
  {
    certificateNo: text('certificate_no').primaryKey(),
    personKey: text('person_key').notNull(),
    occupationCode: text('occupation_code').notNull(),
    kind: text('kind').notNull(),
    level: text('level'),
    issuedOn: date('issued_on').notNull(),
    evaluatorCode: text('evaluator_code').notNull(),
    projectCode: text('project_code'),
    revokedOn: date('revoked_on'),
    revokeReason: text('revoke_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('certificates_person_idx').on(t.personKey), index('certificates_issued_idx').on(t.issuedOn)],
);
