import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { newId } from '../kernel/ids.ts';
import type { PiiVault } from '../kernel/pii.ts';
import { openTable } from '../modules/interchange/index.ts';

/**
 * Loads the generator's `assessments.csv` (not part of the interchange standard: assessments are
 * recorded in the platform by evaluators) as closed assessments with their candidates' results, so
 * that EVALUATOR_PASS_RATE has a province of history to look at. One assessment per (evaluator,
 * project); the generator writes each project's candidates together. Bulk SQL, for benchmarks.
 */
export async function loadAssessments(
  db: Db,
  vault: PiiVault,
  file: string,
): Promise<{ assessments: number; candidates: number }> {
  let current = null as { key: string; id: string } | null;
  let heads: unknown[][] = [];
  let rows: [string, string, boolean][] = [];
  let assessments = 0;
  let candidates = 0;
  const flush = async () => {
    if (heads.length) {
      await db.query(
        `INSERT INTO assessments (id, evaluator_code, occupation_code, kind, level, project_code, scheduled_on, status, created_by, created_at)
         SELECT id, ev, occ, CASE WHEN lvl = '' THEN 'special_ability' ELSE 'skill_level' END, nullif(lvl, ''), pc, d::date, 'closed', 'synthetic', now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, ev, occ, lvl, pc, d)`,
        [0, 1, 2, 3, 4, 5].map((c) => heads.map((h) => h[c])),
      );
    }
    if (rows.length) {
      await db.query(
        `INSERT INTO assessment_candidates (assessment_id, person_key, passed) SELECT * FROM unnest($1::uuid[], $2::text[], $3::boolean[]) ON CONFLICT DO NOTHING`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    }
    heads = [];
    rows = [];
  };
  for await (const { values: v } of (await openTable(file)).rows) {
    const [evaluator, project] = [v.evaluator_credit_code, v.project_code];
    const key = `${evaluator}|${project}`;
    if (current?.key !== key) {
      current = { key, id: newId() };
      heads.push([current.id, evaluator, v.occupation_code, v.level, project, v.held_on]);
      assessments++;
    }
    rows.push([current.id, vault.blindIndex(v.id_number), v.passed === 'true']);
    candidates++;
    if (rows.length >= 5000) await flush();
  }
  await flush();
  return { assessments, candidates };
}

/** The template id a face terminal would report for a person's own enrolled face. */
export const faceTemplateOf = (personKey: string): string =>
  `FT-${createHash('md5').update(personKey).digest('hex').slice(0, 16)}`;
/** The same, in SQL, for rewriting every face record at once. */
const FACE_TEMPLATE_SQL = `'FT-' || left(md5(person_key), 16)`;

/**
 * Face templates as face terminals would report them through the device API (the standard's
 * attendance file has no such column): every face record matches its own person's template, except
 * those in the generator's `face-templates.csv`, matched to another person's face.
 */
export async function applyFaceTemplates(db: Db, vault: PiiVault, file: string): Promise<number> {
  await db.query(
    `UPDATE attendance SET face_template = ${FACE_TEMPLATE_SQL} WHERE method IN ('face_terminal', 'mobile_app')`,
  );
  let planted = 0;
  for await (const { values: v } of (await openTable(file)).rows) {
    await db.query(
      `UPDATE attendance SET face_template = $4 WHERE project_code = $1 AND session_no = $2 AND person_key = $3 AND method = 'face_terminal'`,
      [
        v.project_code,
        Number(v.session_no),
        vault.blindIndex(v.id_number),
        faceTemplateOf(vault.blindIndex(v.face_of_id_number)),
      ],
    );
    planted++;
  }
  await db.exec('ANALYZE attendance'); // every face record was rewritten: fresh statistics for the detectors' plans
  return planted;
}
