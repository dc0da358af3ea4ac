import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { actorName, assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * Project quality evaluation (质量评估): the institution's self-assessment, a third party's
 * evaluation (recorded by officials) and government spot checks of projects drawn at random,
 * each a 0–100 score with findings, combined with weights into a project's evaluation score.
 */
export const QUALITY_PARAMS = { weights: { self: 0.2, third_party: 0.4, spot_check: 0.4 } as Record<string, number> };
export const SOURCES = ['self', 'third_party', 'spot_check'] as const;
export type EvaluationSource = (typeof SOURCES)[number];

export async function submitEvaluation(
  db: Db,
  actor: Actor,
  projectCode: string,
  input: { source: EvaluationSource; score: number; findings: string; evaluator?: string },
  clock: Clock = systemClock,
) {
  if (!Number.isInteger(input.score) || input.score < 0 || input.score > 100)
    throw new Invalid('BAD_SCORE', '评分应为0–100的整数', 'score must be a whole number 0–100', { field: 'score' });
  if (!input.findings?.trim())
    throw new Invalid('FINDINGS_REQUIRED', '请填写评估意见', 'give the findings', { field: 'findings' });
  return db.transaction(async (tx) => {
    const [p] = await tx.query<{ institution_code: string; city_code: string }>(
      'SELECT institution_code, city_code FROM training.projects WHERE project_code = $1',
      [projectCode],
    );
    if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
    let evaluator = actorName(actor);
    if (input.source === 'self') {
      if (actor.role !== 'institution_staff' || actor.institutionCode !== p.institution_code) throw new Forbidden();
    } else {
      if (actor.role !== 'city_officer' && actor.role !== 'province_admin') throw new Forbidden();
      assertCity(actor, p.city_code);
      if (input.source === 'third_party') {
        if (!input.evaluator?.trim())
          throw new Invalid('EVALUATOR_REQUIRED', '请填写第三方评估机构名称', 'name the third-party evaluator', {
            field: 'evaluator',
          });
        evaluator = input.evaluator.trim();
      } else {
        const [drawn] = await tx.query('SELECT 1 FROM spot_check_draws WHERE project_code = $1 LIMIT 1', [projectCode]);
        if (!drawn)
          throw new Invalid(
            'NOT_DRAWN',
            '该项目未被抽中，不能登记抽查结果',
            'this project was not drawn for a spot check',
          );
      }
    }
    const [done] = await tx.query('SELECT 1 FROM quality_evaluations WHERE project_code = $1 AND source = $2', [
      projectCode,
      input.source,
    ]);
    if (done)
      throw new Conflict('ALREADY_EVALUATED', '该项目已有此类评估', 'this project already has this kind of evaluation');
    await tx.query(
      'INSERT INTO quality_evaluations (project_code, source, score, findings, evaluator, evaluated_at) VALUES ($1,$2,$3,$4,$5,$6)',
      [projectCode, input.source, input.score, input.findings.trim(), evaluator, clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `quality.${input.source}`,
          entity: 'project',
          entityId: projectCode,
          after: { score: input.score, evaluator },
        },
      ],
      clock,
    );
    return { projectCode, source: input.source, score: input.score };
  });
}

const rank = (seed: string, code: string) => createHash('sha256').update(`${seed}|${code}`).digest('hex');

/** Projects a seed draws: per city, the `sharePercent` (rounded up) whose seeded hash is lowest. Pure. */
export function drawSample(
  projects: { project_code: string; city_code: string }[],
  seed: string,
  sharePercent: number,
): { project_code: string; city_code: string }[] {
  const byCity = new Map<string, string[]>();
  for (const p of projects) byCity.set(p.city_code, [...(byCity.get(p.city_code) ?? []), p.project_code]);
  const out: { project_code: string; city_code: string }[] = [];
  for (const [city, codes] of [...byCity].sort(([a], [b]) => a.localeCompare(b))) {
    const n = Math.ceil((codes.length * sharePercent) / 100);
    for (const code of codes.sort((a, b) => rank(seed, a).localeCompare(rank(seed, b))).slice(0, n))
      out.push({ project_code: code, city_code: city });
  }
  return out;
}

/**
 * 政府抽查: draws a random sample of projects per city, reproducible from the seed (the same seed
 * over the same projects always draws the same sample, so anyone can check the draw was fair).
 */
export async function drawSpotChecks(
  db: Db,
  actor: Actor,
  input: { seed: string; sharePercent: number; cityCode?: string },
  clock: Clock = systemClock,
) {
  if (actor.role !== 'city_officer' && actor.role !== 'province_admin') throw new Forbidden();
  if (!input.seed?.trim())
    throw new Invalid('SEED_REQUIRED', '请填写随机种子（公开，可复核）', 'give the (public) seed', { field: 'seed' });
  if (!Number.isInteger(input.sharePercent) || input.sharePercent < 1 || input.sharePercent > 100)
    throw new Invalid('BAD_SHARE', '抽查比例应为1–100', 'share must be 1–100 percent', { field: 'sharePercent' });
  const city = cityScope(actor) ?? input.cityCode ?? null;
  const projects = await db.query<{ project_code: string; city_code: string }>(
    `SELECT project_code, city_code FROM training.projects WHERE status IN ('open', 'running', 'closed') AND ($1::text IS NULL OR city_code = $1) ORDER BY project_code`,
    [city],
  );
  const sample = drawSample(projects, input.seed.trim(), input.sharePercent);
  await db.transaction(async (tx) => {
    for (const s of sample) {
      await tx.query(
        'INSERT INTO spot_check_draws (seed, project_code, city_code, drawn_by, drawn_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING',
        [input.seed.trim(), s.project_code, s.city_code, actorName(actor), clock.now()],
      );
    }
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'quality.draw',
          entity: 'spot_check',
          entityId: input.seed.trim(),
          after: { share_percent: input.sharePercent, city, drawn: sample.map((s) => s.project_code) },
        },
      ],
      clock,
    );
  });
  return { seed: input.seed.trim(), population: projects.length, drawn: sample };
}

/** Quality report per project in scope, and per institution (mean of its evaluated projects). */
export async function qualityReport(db: Db, actor: Actor) {
  const rows = await db.query<{
    project_code: string;
    title: string;
    institution_code: string;
    institution_name: string;
    city_code: string;
    enrolled: number;
    certified: number;
    drawn: boolean;
    evaluations: { source: string; score: number; findings: string; evaluator: string }[] | null;
  }>(
    `SELECT p.project_code, p.title, p.institution_code, i.name AS institution_name, p.city_code,
            (SELECT count(*)::int FROM training.enrolments e WHERE e.project_code = p.project_code) AS enrolled,
            (SELECT count(DISTINCT c.person_key)::int FROM evaluation.certificates c WHERE c.project_code = p.project_code AND c.revoked_on IS NULL) AS certified,
            EXISTS (SELECT 1 FROM spot_check_draws d WHERE d.project_code = p.project_code) AS drawn,
            (SELECT json_agg(json_build_object('source', q.source, 'score', q.score, 'findings', q.findings, 'evaluator', q.evaluator))
               FROM quality_evaluations q WHERE q.project_code = p.project_code) AS evaluations
     FROM training.projects p LEFT JOIN registry.institutions i ON i.credit_code = p.institution_code
     WHERE ($1::text IS NULL OR p.city_code = $1) AND ($2::text IS NULL OR p.institution_code = $2) ORDER BY p.project_code`,
    [cityScope(actor), actor.role === 'institution_staff' ? actor.institutionCode : null],
  );
  const projects = rows.map((r) => {
    const ev = r.evaluations ?? [];
    const w = ev.reduce((s, e) => s + QUALITY_PARAMS.weights[e.source], 0);
    const score = w
      ? Math.round((ev.reduce((s, e) => s + e.score * QUALITY_PARAMS.weights[e.source], 0) / w) * 10) / 10
      : null;
    return {
      ...r,
      evaluations: ev,
      passRate: r.enrolled ? Math.min(1, r.certified / r.enrolled) : null,
      evaluationScore: score,
    };
  });
  const byInst = new Map<string, { institutionCode: string; name: string; scores: number[] }>();
  for (const p of projects) {
    if (p.evaluationScore === null) continue;
    const e = byInst.get(p.institution_code) ?? {
      institutionCode: p.institution_code,
      name: p.institution_name,
      scores: [],
    };
    e.scores.push(p.evaluationScore);
    byInst.set(p.institution_code, e);
  }
  const institutions = [...byInst.values()].map((e) => ({
    institutionCode: e.institutionCode,
    name: e.name,
    projects: e.scores.length,
    evaluationScore: Math.round((e.scores.reduce((a, b) => a + b, 0) / e.scores.length) * 10) / 10,
  }));
  return { projects, institutions };
}
