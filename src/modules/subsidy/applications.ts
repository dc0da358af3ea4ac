import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid } from '../../kernel/errors.ts';
import { newToken } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { explainReason } from './reasons.ts';
import { ATTENDANCE_NOTE_COLUMNS, type AttendanceNoteRow, withAttendanceNote } from './attendance-note.ts';
import type { TMyApplication, TMyCertificate } from './subsidy.schema.ts';

/**
 * A worker applies in the web app (申领补贴). The application is recorded as filed today and is
 * decided by the next settlement, by the same rules as imported ones; the only refusal here is a
 * second open application for the same certificate and type.
 */
export async function applyForSubsidy(
  db: Db,
  actor: Actor,
  input: { type: 'training' | 'skill_upgrade'; certificateNo: string; projectCode?: string | null },
  clock: Clock = systemClock,
) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  if (!input.certificateNo.trim()) throw new Invalid('CERTIFICATE_REQUIRED', '请选择证书', 'choose a certificate');
  // A worker claims on their own certificates only; one answer for another's and an unknown number (no oracle).
  const [own] = await db.query<{ revoked_on: string | null }>(
    'SELECT revoked_on FROM evaluation.certificates WHERE certificate_no = $1 AND person_key = $2',
    [input.certificateNo, actor.personKey],
  );
  if (!own)
    throw new Invalid(
      'NOT_YOUR_CERTIFICATE',
      '该证书不在您的名下，请从“我的证书”中选择',
      'this certificate is not yours; choose one of your certificates',
      { field: 'certificateNo' },
    );
  if (own.revoked_on)
    throw new Invalid(
      'CERT_REVOKED',
      '该证书已被撤销，不能申请补贴',
      'this certificate has been revoked; it cannot be claimed',
      {
        field: 'certificateNo',
      },
    );
  return db.transaction(async (tx) => {
    const today = chinaDate(clock.now());
    const id = `W${today.replace(/-/g, '')}${newToken(6)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 6)
      .toUpperCase()}`;
    // An earlier application that is not rejected (filed on the web or imported) blocks a new one.
    // Parallel identical requests are decided by the unique index on web applications of the day.
    const [stored] = await tx.query(
      `INSERT INTO applications (application_id, person_key, type, certificate_no, project_code, applied_on, source)
       SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::date, 'web' WHERE NOT EXISTS (
         SELECT 1 FROM applications a WHERE a.person_key = $2 AND a.certificate_no = $4 AND a.type = $3
           AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.application_id = a.application_id AND d.decision = 'rejected'))
       ON CONFLICT (person_key, type, certificate_no, applied_on) WHERE source = 'web' DO NOTHING
       RETURNING application_id`,
      [id, actor.personKey, input.type, input.certificateNo, input.projectCode ?? null, today],
    );
    if (!stored)
      throw new Conflict(
        'ALREADY_APPLIED',
        '该证书已提交过此类补贴申请',
        'you have already applied for this subsidy with this certificate',
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'application.create',
          entity: 'application',
          entityId: id,
          after: {
            type: input.type,
            certificate_no: input.certificateNo,
            project_code: input.projectCode ?? null,
            applied_on: today,
          },
        },
      ],
      clock,
    );
    return { applicationId: id, appliedOn: today, status: 'submitted' };
  });
}

/** A worker's own applications: status, each rejection reason in plain words, notice and payment. */
export async function myApplications(db: Db, actor: Actor): Promise<TMyApplication[]> {
  if (!actor.personKey) throw new Forbidden();
  const rows = await db.query<
    Omit<TMyApplication, 'reasons' | 'status'> & { reasons: string[] | null } & AttendanceNoteRow
  >(
    `SELECT a.application_id, a.type, a.certificate_no, a.project_code, a.applied_on, a.source,
            d.decision, d.amount_fen, d.reasons, d.policy_version, n.notice_until, ${ATTENDANCE_NOTE_COLUMNS},
            (SELECT l.status FROM payment_lines l WHERE l.application_id = a.application_id ORDER BY l.attempt DESC LIMIT 1) AS payment_status,
            (SELECT c.status FROM clawbacks c WHERE c.application_id = a.application_id) AS clawback_status
     FROM applications a LEFT JOIN decisions d USING (application_id) LEFT JOIN public_notices n USING (application_id)
          LEFT JOIN decision_attendance da ON da.application_id = a.application_id
     WHERE a.person_key = $1 ORDER BY a.applied_on DESC, a.application_id DESC`,
    [actor.personKey],
  );
  return rows.map((r) => ({
    ...withAttendanceNote(r),
    status: r.decision ?? 'submitted',
    reasons: (r.reasons ?? []).map(explainReason),
  }));
}

/** A worker's certificates, to choose from when applying. */
export async function myCertificates(db: Db, actor: Actor) {
  if (!actor.personKey) throw new Forbidden();
  return db.query<TMyCertificate>(
    `SELECT c.certificate_no, c.kind, c.level, c.issued_on, c.project_code, c.revoked_on, o.name AS occupation_name, l.name AS level_name
     FROM evaluation.certificates c LEFT JOIN catalog.occupations o ON o.code = c.occupation_code LEFT JOIN catalog.levels l ON l.code = c.level
     WHERE c.person_key = $1 ORDER BY c.issued_on DESC`,
    [actor.personKey],
  );
}
