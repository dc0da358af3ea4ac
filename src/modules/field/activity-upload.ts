import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Forbidden, Invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { openTable } from '../../kernel/tabular/read-table.ts';
import { recordAudit } from '../audit/index.ts';
import { activityLookups, insertActivities, organiserInstitution } from './activities.ts';
import { ACTIVITY_COLUMNS, checkActivity, type ActivityProblem, type CheckedActivity } from './activity-row.ts';
import { assertMayOrganiseActivity } from './field.policy.ts';

export interface ActivityRowError extends ActivityProblem {
  line: number;
}

/** Rows read from one file at most (a city's calendar for a year is a few hundred). */
export const MAX_ACTIVITY_ROWS = 5_000;

/**
 * 批量导入活动: an organiser uploads its activity list (CSV in UTF-8 or GB18030, or XLSX, columns
 * ACTIVITY_COLUMNS). Each row is checked on its own: a bad row — or one outside the organiser's
 * scope — is refused with its line, column and reasons in Chinese and English; the good rows are
 * kept, all in one transaction with one audit entry each.
 */
export async function uploadActivities(
  db: Db,
  actor: Actor,
  file: string,
  fileName: string,
  clock: Clock = systemClock,
) {
  if (!['province_admin', 'city_officer', 'department_officer', 'institution_staff'].includes(actor.role))
    throw new Forbidden();
  const table = await openTable(file);
  if (!table.header.length) throw new Invalid('EMPTY_FILE', '文件为空', 'the file is empty');
  const missing = ACTIVITY_COLUMNS.filter((c) => !table.header.includes(c));
  if (missing.length)
    throw new Invalid(
      'MISSING_COLUMNS',
      `缺少列：${missing.join('、')}（应为 ${ACTIVITY_COLUMNS.join(',')}）`,
      `missing columns: ${missing.join(', ')} (expected ${ACTIVITY_COLUMNS.join(',')})`,
    );
  const lookups = await activityLookups(db);
  const errors: ActivityRowError[] = [];
  const good: CheckedActivity[] = [];
  let total = 0;
  const now = clock.now();
  for await (const row of table.rows) {
    if (!row.problem && Object.values(row.values).every((v) => !v)) continue;
    total++;
    if (total > MAX_ACTIVITY_ROWS)
      throw new Invalid(
        'TOO_MANY_ROWS',
        `一次最多导入 ${MAX_ACTIVITY_ROWS} 行`,
        `at most ${MAX_ACTIVITY_ROWS} rows per file`,
      );
    if (row.problem) {
      errors.push({
        line: row.line,
        column: row.problem.column,
        reason: row.problem.reason,
        zh: row.problem.messageZh,
        en: row.problem.messageEn,
      });
      continue;
    }
    const checked = checkActivity(row.values, lookups);
    if ('problems' in checked) {
      for (const p of checked.problems) errors.push({ line: row.line, ...p });
      continue;
    }
    const a = checked.activity;
    try {
      assertMayOrganiseActivity(actor, {
        city_code: a.cityCode,
        sector: a.sector,
        institution_code: organiserInstitution(actor),
      });
    } catch {
      errors.push({
        line: row.line,
        column: a.sector || actor.role !== 'department_officer' ? 'city' : 'occupation',
        reason: 'OUT_OF_SCOPE',
        zh: '该活动不在您的组织范围内（城市或行业领域）',
        en: 'this activity is outside the area you organise (city or sector)',
      });
      continue;
    }
    if (a.endsAt <= now) {
      errors.push({
        line: row.line,
        column: 'end',
        reason: 'ACTIVITY_IN_PAST',
        zh: '活动已结束，不能再登记',
        en: 'the activity has already ended',
      });
      continue;
    }
    good.push(a);
  }
  const uploadId = newId();
  const ids = await db.transaction(async (tx) => {
    const created = await insertActivities(tx, actor, good, clock);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'field_activity.upload',
          entity: 'activity_upload',
          entityId: uploadId,
          after: { file: fileName.slice(0, 200), rows: total, accepted: good.length, refused: total - good.length },
        },
      ],
      clock,
    );
    return created;
  });
  const refusedLines = new Set(errors.map((e) => e.line));
  return { rowsTotal: total, rowsAccepted: ids.length, rowsRefused: refusedLines.size, activityIds: ids, errors };
}
