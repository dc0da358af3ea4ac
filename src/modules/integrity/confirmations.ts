import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { EMPLOYED_BEFORE_CLASS, assertMayConfirmAsEmployer } from '../jobs/index.ts';

/** A denial opens its case at once (one per person and project, like every detector's). */
async function openDenialCase(
  tx: Db,
  detector: 'TRAINEE_DENIED' | 'EMPLOYER_DENIED',
  d: { person_key: string; project_code: string | null; city_code: string | null },
  evidence: object,
) {
  await tx.query(
    `INSERT INTO integrity_cases (detector, subject_kind, subject_key, project_code, city_code, evidence) VALUES ($1, 'person', $2, $3, $4, $5)
     ON CONFLICT (detector, subject_kind, subject_key, project_code) DO NOTHING`,
    [detector, d.person_key, d.project_code, d.city_code, JSON.stringify(evidence)],
  );
}

/**
 * Trainee confirmation (学员确认) before payment. Each approved (or withheld) `training` decision
 * with a project asks its trainee whether the training took place. A denial withholds payment
 * (payment batches skip it) and opens a TRAINEE_DENIED case at once; silence past the notice period
 * opens a NOT_CONFIRMED case (the detectors find it) but does not stop payment — a trainee
 * without the app must not lose a subsidy the records support.
 */
export async function myConfirmations(db: Db, actor: Actor, query: { pending?: boolean } = {}) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  return db.query<{
    application_id: string;
    project_code: string;
    title: string;
    institution_name: string | null;
    start_date: string;
    end_date: string;
    amount_fen: number;
    decision: string;
    notice_until: string | null;
    answer: string | null;
    answered_at: Date | null;
  }>(`${myDecisions(query.pending)} ORDER BY d.applied_on DESC`, [actor.personKey]);
}

/** The worker's training decisions that ask for a confirmation ($1: the person), only unanswered ones when `pending`. */
const myDecisions = (pending = false) => `
  SELECT d.application_id, d.project_code, pr.title, i.name AS institution_name, pr.start_date, pr.end_date, d.amount_fen, d.decision,
         n.notice_until, c.answer, c.answered_at
  FROM subsidy.decisions d JOIN training.projects pr ON pr.project_code = d.project_code LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
  LEFT JOIN subsidy.public_notices n ON n.application_id = d.application_id LEFT JOIN trainee_confirmations c ON c.application_id = d.application_id
  WHERE d.person_key = $1 AND d.type = 'training' AND d.decision IN ('approved', 'review')${pending ? ' AND c.answer IS NULL' : ''}`;

/** How many rows `myConfirmations` answers (待确认 on the home page: `pending`). */
export async function countMyConfirmations(db: Db, actor: Actor, query: { pending?: boolean } = {}) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${myDecisions(query.pending)}) x`, [
    actor.personKey,
  ]);
  return n;
}

export async function answerConfirmation(
  db: Db,
  actor: Actor,
  applicationId: string,
  input: { answer: 'confirmed' | 'denied'; satisfaction?: number | null; note?: string | null },
  clock: Clock = systemClock,
) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  if (input.answer === 'denied' && !input.note?.trim())
    throw new Invalid(
      'NOTE_REQUIRED',
      '请说明情况（例如：从未参加该培训）',
      'say what happened (for example: I never attended)',
      { field: 'note' },
    );
  const satisfaction = input.answer === 'confirmed' ? (input.satisfaction ?? null) : null;
  if (satisfaction !== null && !(Number.isInteger(satisfaction) && satisfaction >= 1 && satisfaction <= 5))
    throw new Invalid('BAD_SATISFACTION', '满意度应为1–5分', 'satisfaction is 1 to 5', { field: 'satisfaction' });
  return db.transaction(async (tx) => {
    const [d] = await tx.query<{
      person_key: string;
      project_code: string | null;
      type: string;
      city_code: string | null;
      decision: string;
    }>('SELECT person_key, project_code, type, city_code, decision FROM subsidy.decisions WHERE application_id = $1', [
      applicationId,
    ]);
    // Someone else's application is answered as an unknown one: nothing to learn about its existence.
    if (!d || d.person_key !== actor.personKey) throw new NotFound({ zh: '补贴决定', en: 'decision' });
    if (d.type !== 'training' || !d.project_code || !['approved', 'review'].includes(d.decision))
      throw new Invalid('NOTHING_TO_CONFIRM', '该申请无需确认参训', 'this application needs no confirmation');
    const [done] = await tx.query('SELECT 1 FROM trainee_confirmations WHERE application_id = $1', [applicationId]);
    if (done)
      throw new Conflict(
        'ALREADY_ANSWERED',
        '已确认过，如需更正请联系经办机构',
        'already answered; contact the bureau to correct it',
      );
    const now = clock.now();
    await tx.query(
      'INSERT INTO trainee_confirmations (application_id, person_key, project_code, answer, satisfaction, note, answered_at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
      [applicationId, d.person_key, d.project_code, input.answer, satisfaction, input.note?.trim() || null, now],
    );
    if (input.answer === 'denied') {
      await openDenialCase(tx, 'TRAINEE_DENIED', d, { application: applicationId, note: input.note?.trim() });
    }
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `confirmation.${input.answer}`,
          entity: 'decision',
          entityId: applicationId,
          after: { answer: input.answer, satisfaction, note: input.note?.trim() || null },
        },
      ],
      clock,
    );
    return { applicationId, answer: input.answer };
  });
}

/**
 * Post-training decisions of the enterprise's employees — employed by it before the class began
 * (jobs' EMPLOYED_BEFORE_CLASS) — with any answer given. Built on use: the jobs module's index is
 * part of a load-order cycle with this one.
 */
const employeesDecisions = () => `
  SELECT DISTINCT ON (d.application_id) d.application_id, d.person_key, d.project_code, d.city_code, pr.title, pr.start_date, pr.end_date,
         p.name AS person_name, p.id_masked, m.employer_code, c.answer, c.answered_at
  FROM subsidy.decisions d JOIN training.projects pr ON pr.project_code = d.project_code JOIN registry.persons p ON p.person_key = d.person_key
  JOIN training.employment m ON ${EMPLOYED_BEFORE_CLASS}
  LEFT JOIN employer_confirmations c ON c.application_id = d.application_id
  WHERE d.type = 'training' AND pr.kind = 'post_skills' AND d.decision IN ('approved', 'review')`;

/**
 * Employer confirmation (企业确认) for 岗位技能提升 classes: the trainee's employer during the class
 * confirms the training happened. A denial withholds payment and opens an EMPLOYER_DENIED case.
 */
export async function employerConfirmations(db: Db, actor: Actor, query: { pending?: boolean } = {}) {
  if (actor.role !== 'enterprise_staff' || !actor.enterpriseCode) throw new Forbidden();
  return db.query<{
    application_id: string;
    person_key: string;
    project_code: string;
    city_code: string | null;
    title: string;
    start_date: string;
    end_date: string;
    person_name: string;
    id_masked: string;
    employer_code: string;
    answer: string | null;
    answered_at: Date | null;
  }>(`${employeesDecisions()}${query.pending ? UNANSWERED : ''} ORDER BY d.application_id`, [actor.enterpriseCode]);
}

const UNANSWERED = ' AND c.answer IS NULL';

/** How many rows `employerConfirmations` answers (待确认 on the enterprise's home page: `pending`). */
export async function countEmployerConfirmations(db: Db, actor: Actor, query: { pending?: boolean } = {}) {
  if (actor.role !== 'enterprise_staff' || !actor.enterpriseCode) throw new Forbidden();
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${employeesDecisions()}${query.pending ? UNANSWERED : ''}) x`,
    [actor.enterpriseCode],
  );
  return n;
}

export async function answerEmployerConfirmation(
  db: Db,
  actor: Actor,
  applicationId: string,
  input: { answer: 'confirmed' | 'denied'; note?: string | null },
  clock: Clock = systemClock,
) {
  if (actor.role !== 'enterprise_staff' || !actor.enterpriseCode) throw new Forbidden();
  if (input.answer === 'denied' && !input.note?.trim())
    throw new Invalid('NOTE_REQUIRED', '请说明情况', 'say what happened', { field: 'note' });
  return db.transaction(async (tx) => {
    const [d] = await tx.query<{
      person_key: string;
      project_code: string;
      city_code: string | null;
      employer_code: string;
      answer: string | null;
    }>(`${employeesDecisions()} AND d.application_id = $2`, [actor.enterpriseCode, applicationId]);
    assertMayConfirmAsEmployer(actor, d);
    if (d.answer) throw new Conflict('ALREADY_ANSWERED', '已确认过', 'already answered');
    await tx.query(
      'INSERT INTO employer_confirmations (application_id, enterprise_code, answer, note, answered_by, answered_at) VALUES ($1,$2,$3,$4,$5,$6)',
      [applicationId, actor.enterpriseCode, input.answer, input.note?.trim() || null, actorName(actor), clock.now()],
    );
    if (input.answer === 'denied') {
      await openDenialCase(tx, 'EMPLOYER_DENIED', d, {
        application: applicationId,
        employer: actor.enterpriseCode,
        note: input.note?.trim(),
      });
    }
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `employer_confirmation.${input.answer}`,
          entity: 'decision',
          entityId: applicationId,
          after: { answer: input.answer, note: input.note?.trim() || null },
        },
      ],
      clock,
    );
    return { applicationId, answer: input.answer };
  });
}
