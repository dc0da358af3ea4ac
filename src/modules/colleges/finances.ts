import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { assertFen } from '../../kernel/money.ts';
import { outOfScope } from '../../kernel/scope.ts';
import { recordAudit } from '../audit/index.ts';
import { mayReportFinances } from './colleges.policy.ts';
import { COLLEGE_TYPES } from './parameters.ts';

export interface CollegeFinancesInput {
  year: number;
  otherIncomeFen: number;
  costFen: number;
  note?: string | null;
}

/** The largest amount a form may carry (a hundred billion yuan): beyond it the figure is a typo. */
export const MAX_FEN = 10_000_000_000_000;

/**
 * 收支申报: a college (or the province for it) reports its year's other income from training for
 * society and the training's costs. The latest report replaces the earlier, each change audited with
 * the figures before and after.
 */
export async function reportCollegeFinances(
  db: Db,
  actor: Actor,
  creditCode: string,
  input: CollegeFinancesInput,
  clock: Clock = systemClock,
) {
  const [college] = await db.query<{ creditCode: string }>(
    `SELECT credit_code AS "creditCode" FROM registry.institutions WHERE credit_code = $1 AND type = ANY($2::text[])`,
    [creditCode, COLLEGE_TYPES],
  );
  if (!college) throw new NotFound({ zh: '职业院校', en: 'college' }, 'COLLEGE_NOT_FOUND');
  if (!mayReportFinances(actor, college)) throw outOfScope();
  for (const [field, zh, v] of [
    ['otherIncomeFen', '其他收入', input.otherIncomeFen],
    ['costFen', '成本', input.costFen],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0 || v > MAX_FEN)
      throw new Invalid(
        'BAD_AMOUNT',
        `${zh}：金额应为非负整数分，且不超过 1000 亿元`,
        `${field}: a non-negative whole number of fen, at most 100 billion yuan`,
        { field },
      );
    assertFen(v);
  }
  if (!Number.isInteger(input.year) || input.year < 2025 || input.year > 2035)
    throw new Invalid('BAD_YEAR', '年度应为 2025–2035', 'the year must be 2025–2035', { field: 'year' });
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ otherIncomeFen: number; costFen: number; note: string | null }>(
      `SELECT other_income_fen AS "otherIncomeFen", cost_fen AS "costFen", note FROM college_finances
       WHERE institution_code = $1 AND year = $2 FOR UPDATE`,
      [creditCode, input.year],
    );
    const after = { otherIncomeFen: input.otherIncomeFen, costFen: input.costFen, note: input.note ?? null };
    await tx.query(
      `INSERT INTO college_finances (institution_code, year, other_income_fen, cost_fen, note, reported_by, reported_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (institution_code, year) DO UPDATE SET other_income_fen = EXCLUDED.other_income_fen,
         cost_fen = EXCLUDED.cost_fen, note = EXCLUDED.note, reported_by = EXCLUDED.reported_by, reported_at = EXCLUDED.reported_at`,
      [creditCode, input.year, after.otherIncomeFen, after.costFen, after.note, actorName(actor), clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'college.finances.report',
          entity: 'college_finances',
          entityId: `${creditCode}/${input.year}`,
          before: before ?? null,
          after,
        },
      ],
      clock,
    );
    return {
      creditCode,
      year: input.year,
      ...after,
      beforeOtherIncomeFen: before?.otherIncomeFen ?? null,
      beforeCostFen: before?.costFen ?? null,
    };
  });
}
