import type { Db } from '../../db/client.ts';
import { Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';

/**
 * 异议: anyone reading the public 公示 page may object to an approved subsidy. An objection opens a
 * PUBLIC_OBJECTION case for the subsidy's city (one per person and project; a further objection to
 * the same subsidy is added to the case's evidence, and reopens it if it had been dismissed — a
 * new objection deserves a look). While the case is open the subsidy is not paid (payments.ts).
 * Confirming the case (decide-case.ts) voids or claws back like any case about a trainee in a project.
 */
/** Objections kept in a case's evidence; beyond it only their number grows (spam cannot grow a row without end). */
const MAX_OBJECTIONS_KEPT = 50;

export async function openObjectionCase(
  tx: Db,
  o: {
    applicationId: string;
    personKey: string;
    projectCode: string | null;
    cityCode: string;
    reason: string;
    contact: string | null;
    at: Date;
  },
): Promise<{ caseId: number }> {
  const reason = o.reason.trim();
  if (reason.length < 5 || reason.length > 500)
    throw new Invalid('BAD_OBJECTION', '请填写异议理由（5–500字）', 'give the objection’s reason (5–500 characters)', {
      field: 'reason',
    });
  const objection = { application: o.applicationId, reason, contact: o.contact, at: o.at.toISOString() };
  const [c] = await tx.query<{ id: number }>(
    `INSERT INTO integrity_cases (detector, subject_kind, subject_key, project_code, city_code, evidence)
     VALUES ('PUBLIC_OBJECTION', 'person', $1, $2, $3, jsonb_build_object('application', $4::text, 'objections', jsonb_build_array($5::jsonb)))
     ON CONFLICT (detector, subject_kind, subject_key, project_code)
     DO UPDATE SET
       evidence = CASE WHEN jsonb_array_length(coalesce(integrity_cases.evidence->'objections', '[]'::jsonb)) >= ${MAX_OBJECTIONS_KEPT}
         THEN jsonb_set(integrity_cases.evidence, '{more_objections}', to_jsonb(coalesce((integrity_cases.evidence->>'more_objections')::int, 0) + 1))
         ELSE jsonb_set(integrity_cases.evidence, '{objections}', coalesce(integrity_cases.evidence->'objections', '[]'::jsonb) || jsonb_build_array($5::jsonb)) END,
       status = CASE WHEN integrity_cases.status = 'dismissed' THEN 'open' ELSE integrity_cases.status END
     RETURNING id`,
    [o.personKey, o.projectCode ?? '', o.cityCode, o.applicationId, JSON.stringify(objection)],
  );
  await recordAudit(tx, [
    {
      actor: 'anonymous',
      action: 'objection.file',
      entity: 'integrity_case',
      entityId: String(c!.id),
      after: { application: o.applicationId, city: o.cityCode, contact_given: o.contact !== null },
    },
  ]);
  return { caseId: Number(c!.id) };
}
