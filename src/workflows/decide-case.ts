import type { Db } from '../db/client.ts';
import { actorName, type Actor } from '../kernel/auth.ts';
import { Invalid } from '../kernel/errors.ts';
import { recordAudit } from '../modules/audit/index.ts';
import { clawbackForCertificate } from '../modules/subsidy/index.ts';
import { closeCase } from '../modules/integrity/index.ts';

/**
 * An official confirms or dismisses an integrity case, always with a finding. Confirming a case
 * about a trainee in a project claws back what was paid, and voids what was approved, for that
 * trainee's certificates from that project — or, for a public objection, for the subsidies it
 * named. Dismissals feed the detector's precision.
 */
export async function decideCase(db: Db, actor: Actor, id: number, status: 'confirmed' | 'dismissed', finding: string) {
  if (finding.trim().length < 2) throw new Invalid('FINDING_REQUIRED', '请填写核查结论', 'a finding is required');
  return db.transaction(async (tx) => {
    const c = await closeCase(tx, actor, id, status, finding);
    const effects = { clawedBack: [] as string[], released: [] as string[], held: [] as string[] };
    if (status === 'confirmed' && c.subject_kind === 'person') {
      // The trainee's certificates from the case's project, and those of the subsidies a public
      // objection named (a skill-upgrade subsidy has no project: without this, confirming did nothing).
      const named =
        c.detector === 'PUBLIC_OBJECTION'
          ? [c.evidence?.application, ...(c.evidence?.objections ?? []).map((o) => o.application)].filter(
              (a): a is string => typeof a === 'string',
            )
          : [];
      const certs = await tx.query<{ certificate_no: string }>(
        `SELECT DISTINCT certificate_no FROM subsidy.decisions
         WHERE person_key = $1 AND decision IN ('approved', 'review')
           AND ((project_code = $2 AND $2 <> '') OR application_id = ANY($3::text[]))`,
        [c.subject_key, c.project_code ?? '', named],
      );
      for (const { certificate_no } of certs) {
        const r = await clawbackForCertificate(
          tx,
          certificate_no,
          `${c.detector}: ${finding}`,
          actorName(actor),
          new Date(),
        );
        effects.clawedBack.push(...r.clawedBack);
        effects.released.push(...r.released);
        effects.held.push(...r.held);
      }
    }
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `case.${status}`,
        entity: 'integrity_case',
        entityId: String(id),
        before: { status: 'open' },
        after: { status, finding, ...effects },
      },
    ]);
    return { id, status, ...effects };
  });
}
