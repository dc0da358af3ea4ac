import type { Db } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * Projects without a chosen evaluator take the one that issued most of their certificates (the
 * evaluator they in effect chose): for data loaded through the interchange standard, which has no
 * column for it (migration 0022 did the same for the data already stored).
 */
export async function evaluatorsFromCertificates(db: Db, actor: string): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ project_code: string; evaluator_code: string }>(
      `UPDATE projects p SET evaluator_code = m.evaluator_code, updated_at = now() FROM (
         SELECT DISTINCT ON (project_code) project_code, evaluator_code FROM evaluation.certificates WHERE project_code IS NOT NULL
         GROUP BY project_code, evaluator_code ORDER BY project_code, count(*) DESC, evaluator_code) m
       WHERE m.project_code = p.project_code AND p.evaluator_code IS NULL RETURNING p.project_code, p.evaluator_code`,
    );
    if (rows.length)
      await recordAudit(
        tx,
        rows.map((r) => ({
          actor,
          action: 'project.evaluator',
          entity: 'project',
          entityId: r.project_code,
          before: { evaluator: null },
          after: { evaluator: r.evaluator_code, from: 'certificates' },
        })),
      );
    return rows.length;
  });
}
