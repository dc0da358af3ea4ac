import type { Db } from '../../db/client.ts';
import { keyedWriter } from '../audit/index.ts';
import { eventWriter, insertNewEventsCsv } from '../../db/copy-events.ts';
import { ATTENDANCE_COLUMNS } from './attendance-row.ts';

/**
 * How the interchange import stores rows of this module's tables: the module owns its tables, so the
 * import hands it parsed, checked rows and it writes them (keyed rows upserted with an audit entry per
 * change; event rows inserted once).
 */

export const writeProjectRows = keyedWriter(
  'projects',
  ['project_code'],
  [
    'project_code',
    'title',
    'institution_code',
    'occupation_code',
    'level',
    'kind',
    'key_task',
    'city_code',
    'start_date',
    'end_date',
    'fee_fen',
  ],
  { key_task: 'int', start_date: 'date', end_date: 'date', fee_fen: 'bigint' },
  'project',
);

export const writeSessionRows = keyedWriter(
  'sessions',
  ['project_code', 'session_no'],
  ['project_code', 'session_no', 'starts_at', 'ends_at', 'site_lat', 'site_lon'],
  { session_no: 'int', starts_at: 'timestamptz', ends_at: 'timestamptz', site_lat: 'float8', site_lon: 'float8' },
  null,
);

export const writeEnrolmentRows = keyedWriter(
  'enrolments',
  ['project_code', 'person_key'],
  ['project_code', 'person_key', 'enrolled_on'],
  { enrolled_on: 'date' },
  null,
);

export const writeAttendanceRows = eventWriter('attendance', ATTENDANCE_COLUMNS);
/** Attendance rows already written as COPY lines (attendanceCsvLine): the import's parsing threads make them. */
export const writeAttendanceCsv = (tx: Db, csv: string, count: number) =>
  insertNewEventsCsv(tx, 'attendance', ATTENDANCE_COLUMNS, csv, count);

export const writeEmploymentRows = eventWriter('employment', {
  person_key: 'text',
  employer_code: 'text',
  start_date: 'date',
  end_date: 'date',
  contract_months: 'int',
});
