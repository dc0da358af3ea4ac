import type { Db } from '../../db/client.ts';
import { ratioBelow, type Ratio } from './attendance-ratio.ts';
import { ratiosOf, type RatioRules } from './classes.ts';

/** A trainee whose attendance so far is below the share a subsidy needs. */
export interface BelowPace {
  personKey: string;
  projectCode: string;
  projectTitle: string;
  /** The ratio over the sessions held so far (blended with online time in a blended project). */
  ratio: Ratio;
}

/**
 * 出勤不足: trainees of running classes with at least two sessions held whose attendance over the
 * sessions held so far is below `minPercent` — the same ratio the subsidy decision reads
 * (classroom hours, plus the online valid time that counts in a blended project), so a learner
 * who makes up theory online is not told they are short.
 */
export async function traineesBelowPace(
  db: Db,
  rules: RatioRules,
  minPercent: number,
  now: Date,
): Promise<BelowPace[]> {
  const projects = await db.query<{ project_code: string; title: string }>(
    `SELECT pr.project_code, pr.title FROM projects pr
      WHERE pr.status = 'running'
        AND (SELECT count(*) FROM sessions s WHERE s.project_code = pr.project_code AND s.ends_at <= $1) >= 2
      ORDER BY pr.project_code`,
    [now],
  );
  const out: BelowPace[] = [];
  for (const p of projects) {
    const { ratioOf } = await ratiosOf(db, p.project_code, rules, now, { heldOnly: true });
    const trainees = await db.query<{ person_key: string }>(
      'SELECT person_key FROM enrolments WHERE project_code = $1 ORDER BY person_key',
      [p.project_code],
    );
    for (const t of trainees) {
      const ratio = ratioOf(t.person_key);
      if (ratioBelow(ratio, minPercent))
        out.push({ personKey: t.person_key, projectCode: p.project_code, projectTitle: p.title, ratio });
    }
  }
  return out;
}
