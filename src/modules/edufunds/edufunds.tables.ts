import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The number of plan (二) for enterprises as policy data: the least share of the staff-education fund
 * (职工教育经费) spent on front-line workers' training, in basis points, with the plan's sentence.
 */
export const edufundParameters = pgTable('edufund_parameters', {
  code: text('code').primaryKey(),
  value: integer('value').notNull(),
  unit: text('unit').notNull(),
  sourceZh: text('source_zh').notNull(),
  sourceRef: text('source_ref').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 职工教育经费: an enterprise's fund for a year — what it set aside (提取) and what it spent by category:
 * front-line workers' training, managers' and professionals' training, other (学历教育 etc.). Reported
 * by the enterprise or by its department (form or upload); the latest report for a year replaces the earlier.
 */
export const edufundReports = pgTable(
  'edufund_reports',
  {
    enterpriseCode: text('enterprise_code').notNull(),
    year: integer('year').notNull(),
    extractedFen: bigint('extracted_fen', { mode: 'number' }).notNull(),
    frontLineFen: bigint('front_line_fen', { mode: 'number' }).notNull(),
    managementFen: bigint('management_fen', { mode: 'number' }).notNull(),
    otherFen: bigint('other_fen', { mode: 'number' }).notNull(),
    /** `form` or `upload`; an upload's id in `upload_id`. */
    source: text('source').notNull(),
    uploadId: uuid('upload_id'),
    reportedBy: text('reported_by').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseCode, t.year] })],
);

/** An upload of fund reports (CSV or XLSX): how many rows, how many kept, each refused row's reason. */
export const edufundUploads = pgTable('edufund_uploads', {
  id: uuid('id').primaryKey(),
  fileName: text('file_name').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  rowsTotal: integer('rows_total').notNull(),
  rowsAccepted: integer('rows_accepted').notNull(),
  errors: jsonb('errors').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
});
