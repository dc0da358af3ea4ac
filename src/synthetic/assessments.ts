import fs from 'node:fs';
import readline from 'node:readline';
import type { Db } from '../db/client.ts';
import { newId } from '../kernel/ids.ts';
import type { PiiVault } from '../kernel/pii.ts';

/**
 * Loads the generator's `assessments.csv` (not part of the interchange standard: assessments are
 * recorded in the platform by evaluators) as closed assessments with their candidates' results, so
 * that EVALUATOR_PASS_RATE has a province of history to look at. One assessment per (evaluator,
 * project); the generator writes each project's candidates together. Bulk SQL, for benchmarks.
 */
export async function loadAssessments(db: Db, vault: PiiVault, file: string): Promise<{ assessments: number; candidates: number }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let header = true;
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
  for await (const line of lines) {
    if (header) { header = false; continue; }
    if (!line) continue;
    const [evaluator, project, occupation, level, heldOn, idNumber, passed] = line.split(',');
    const key = `${evaluator}|${project}`;
    if (current?.key !== key) {
      current = { key, id: newId() };
      heads.push([current.id, evaluator, occupation, level, project, heldOn]);
      assessments++;
    }
    rows.push([current.id, vault.blindIndex(idNumber), passed === 'true']);
    candidates++;
    if (rows.length >= 5000) await flush();
  }
  await flush();
  return { assessments, candidates };
}

/**
 * Face templates as face terminals would report them through the device API (the standard's
 * attendance file has no such column): every face record matches its own person's template, except
 * those in the generator's `face-templates.csv`, matched to another person's face.
 */
export async function applyFaceTemplates(db: Db, vault: PiiVault, file: string): Promise<number> {
  const template = `'FT-' || left(md5(person_key), 16)`;
  await db.query(`UPDATE attendance SET face_template = ${template} WHERE method IN ('face_terminal', 'mobile_app')`);
  let planted = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header || !line) { header = false; continue; }
    const [project, session, idNumber, faceOf] = line.split(',');
    await db.query(`UPDATE attendance SET face_template = 'FT-' || left(md5($4), 16) WHERE project_code = $1 AND session_no = $2 AND person_key = $3 AND method = 'face_terminal'`,
      [project, Number(session), vault.blindIndex(idNumber), vault.blindIndex(faceOf)]);
    planted++;
  }
  await db.exec('ANALYZE attendance'); // every face record was rewritten: fresh statistics for the detectors' plans
  return planted;
}
