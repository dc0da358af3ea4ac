import type { Db } from '../db/client.ts';
import type { Actor } from '../kernel/auth.ts';
import { Forbidden } from '../kernel/errors.ts';
import { nominateCraftsman } from '../modules/evaluation/index.ts';
import { winnerForNomination } from '../modules/field/index.ts';

/**
 * A contest's prize-winner goes onto the 江苏工匠 nomination list (plan (七): “举办‘江苏工匠’岗位练兵
 * 职业技能竞赛活动”): the same nomination a city or department makes by hand (evaluation's
 * nominateCraftsman — its scope rules and one-per-person-per-year), with the result as citation.
 */
export async function nominateWinner(db: Db, actor: Actor, competitionId: string, entryId: string) {
  const w = await winnerForNomination(db, actor, competitionId, entryId);
  if (!w.actorMayNominate) throw new Forbidden();
  return nominateCraftsman(db, actor, { year: w.year, idNumberKey: w.personKey, unit: w.unit, citation: w.citation });
}
