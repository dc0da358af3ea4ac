import type { PiiVault } from '../../kernel/pii.ts';
import type { RowCheck } from '../../kernel/tabular/row-check.ts';
import { csvField } from '../../kernel/tabular/csv-write.ts';

export const ATTENDANCE_METHODS = ['face_terminal', 'mobile_app', 'card', 'manual'] as const;

/** An attendance event as stored (the event key is all of them), with each column's SQL type: the import's and the device API's writers both use it. */
export const ATTENDANCE_COLUMNS: Record<string, string> = {
  project_code: 'text',
  session_no: 'int',
  person_key: 'text',
  check_in_at: 'timestamptz',
  check_out_at: 'timestamptz',
  method: 'text',
  face_score: 'float8',
  lat: 'float8',
  lon: 'float8',
  device_id: 'text',
};

/** The cells of an attendance row of the interchange standard: an import file's row and a device's event alike. */
export const ATTENDANCE_FILE_COLUMNS = [
  'project_code',
  'session_no',
  'id_number',
  'check_in_at',
  'check_out_at',
  'method',
  'face_score',
  'lat',
  'lon',
  'device_id',
];

/**
 * Checks an attendance row and gives the event as stored (the person by the blind index of the ID
 * number, computed only while the row is still good). Refusals are left on the RowCheck.
 */
export function parseAttendanceRow(c: RowCheck, vault: Pick<PiiVault, 'blindIndex'>): Record<string, unknown> {
  const project = c.text('project_code');
  const sessionNo = c.int('session_no', { min: 1 });
  const id = c.idNumber();
  const personKey = c.ok ? vault.blindIndex(id) : '';
  const data: Record<string, unknown> = {
    project_code: project,
    session_no: sessionNo,
    person_key: personKey,
    check_in_at: c.timestamp('check_in_at'),
    check_out_at: c.timestamp('check_out_at'),
    method: c.oneOf('method', ATTENDANCE_METHODS),
    face_score: c.number('face_score', { min: 0, max: 1, optional: true }),
    lat: c.number('lat', { min: -90, max: 90, optional: true }),
    lon: c.number('lon', { min: -180, max: 180, optional: true }),
    device_id: c.optionalText('device_id'),
  };
  if (c.ok && (data.check_out_at as Date) < (data.check_in_at as Date))
    c.fail('check_out_at', 'END_BEFORE_START', '签退时间早于签到时间', 'check_out_at is before check_in_at');
  return data;
}

/**
 * A checked attendance event as a line for COPY into `attendance` (writeAttendanceCsv): the same
 * text as `eventCsvLine(ATTENDANCE_COLUMNS, data)` (test/import-threads.test.ts), written out column
 * by column — the parsing threads make one a row, and the generic writer's array and map were a
 * tenth of a thread's time.
 */
export const attendanceCsvLine = (d: Record<string, unknown>): string =>
  `${cell(d.project_code)},${cell(d.session_no)},${cell(d.person_key)},${cell(d.check_in_at)},${cell(d.check_out_at)},${cell(d.method)},${cell(d.face_score)},${cell(d.lat)},${cell(d.lon)},${cell(d.device_id)}\n`;

/** A COPY cell as eventCsvLine writes it: a number as it prints (never quoted), a time in UTC ISO form, text quoted when it must be. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return csvField(v instanceof Date ? v.toISOString() : v);
}
