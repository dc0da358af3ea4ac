export {
  importBundle,
  importFiles,
  bundleFiles,
  type ImportResult,
  type ImportProgress,
  type FileSummary,
} from './import-bundle.ts';
export { writeExport, exportLines, EXPORTS, type ExportName } from './export.ts';
export { FILE_SPECS } from './files.ts';
export { openTable } from '../../kernel/tabular/read-table.ts';
export { FILE_ENCODINGS, type FileEncoding } from '../../kernel/tabular/decode.ts';
export type { RowError } from '../../kernel/tabular/row-check.ts';
export { csvLine, errorReportCsv } from '../../kernel/tabular/csv-write.ts';
export { importErrorsAfter } from './import-errors.ts';
export { IMPORT_STATUS_NAMES } from './interchange.labels.ts';
export {
  importJob,
  importUpload,
  IMPORT_JOB,
  type ImportJobData,
  type ImportJobOutput,
  type ImportRunner,
} from './import-job.ts';
