export {
  importBundle,
  importFiles,
  bundleFiles,
  type ImportResult,
  type ImportProgress,
  type FileSummary,
} from './import-bundle.ts';
export { writeExport, exportLines, EXPORTS, type ExportName } from './export.ts';
export { FILE_SPECS, ATTENDANCE_COLUMNS } from './files.ts';
export { openTable } from './read-table.ts';
export { FILE_ENCODINGS, type FileEncoding } from './decode.ts';
export type { RowError } from './row-check.ts';
export { csvLine, errorReportCsv } from './csv-write.ts';
export { interchangeRoutes } from './interchange.routes.ts';
