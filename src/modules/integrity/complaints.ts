import type { Db } from '../../db/client.ts';
import { actorName, assertCity, cityScope, type Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';

/** A trainee complains about the institution of a class they were enrolled in. */
export async function fileComplaint(db: Db, actor: Actor, input: { projectCode: string; text: string }) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const text = input.text?.trim();
  if (!text || text.length > 1000)
    throw new Invalid(
      'BAD_TEXT',
      '请填写投诉内容（不超过1000字）',
      'describe the complaint (at most 1,000 characters)',
      { field: 'text' },
    );
  const [p] = await db.query<{ institution_code: string; city_code: string }>(
    `SELECT pr.institution_code, pr.city_code FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code WHERE e.project_code = $1 AND e.person_key = $2`,
    [input.projectCode, actor.personKey],
  );
  if (!p)
    throw new Invalid('NOT_ENROLLED', '只能投诉本人参加过的培训', 'you can complain only about a class you were in', {
      field: 'projectCode',
    });
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO complaints (id, institution_code, project_code, person_key, city_code, text) VALUES ($1,$2,$3,$4,$5,$6)',
      [id, p.institution_code, input.projectCode, actor.personKey, p.city_code, text],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'complaint.file',
        entity: 'complaint',
        entityId: id,
        after: { institution: p.institution_code, project: input.projectCode },
      },
    ]);
  });
  return { id, status: 'open' };
}

export async function listComplaints(db: Db, actor: Actor) {
  return db.query<{
    id: string;
    institution_code: string;
    institution_name: string | null;
    project_code: string | null;
    city_code: string;
    text: string;
    status: string;
    finding: string | null;
    created_at: Date;
    person_name: string;
  }>(
    `SELECT c.id, c.institution_code, i.name AS institution_name, c.project_code, c.city_code, c.text, c.status, c.finding, c.created_at, p.name AS person_name
     FROM complaints c LEFT JOIN registry.institutions i ON i.credit_code = c.institution_code JOIN registry.persons p ON p.person_key = c.person_key
     WHERE ($1::text IS NULL OR c.city_code = $1) AND ($2::text IS NULL OR c.person_key = $2) AND ($3::text IS NULL OR c.institution_code = $3)
     ORDER BY c.created_at DESC LIMIT 500`,
    [
      cityScope(actor),
      actor.role === 'worker' ? actor.personKey : null,
      actor.role === 'institution_staff' ? actor.institutionCode : null,
    ],
  );
}

/** An official upholds or rejects a complaint with a finding; upheld complaints count against credit. */
export async function decideComplaint(
  db: Db,
  actor: Actor,
  id: string,
  input: { status: 'upheld' | 'rejected'; finding: string },
) {
  if (!input.finding?.trim())
    throw new Invalid('FINDING_REQUIRED', '请填写核查结论', 'give the finding', { field: 'finding' });
  return db.transaction(async (tx) => {
    const [c] = await tx.query<{ city_code: string; status: string }>(
      'SELECT city_code, status FROM complaints WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!c) throw new NotFound({ zh: '投诉', en: 'complaint' });
    assertCity(actor, c.city_code);
    if (c.status !== 'open') throw new Conflict('COMPLAINT_CLOSED', '该投诉已处理', 'this complaint has been decided');
    await tx.query('UPDATE complaints SET status = $2, finding = $3, decided_by = $4 WHERE id = $1', [
      id,
      input.status,
      input.finding.trim(),
      actorName(actor),
    ]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: `complaint.${input.status}`,
        entity: 'complaint',
        entityId: id,
        before: { status: 'open' },
        after: { status: input.status, finding: input.finding.trim() },
      },
    ]);
    return { id, status: input.status };
  });
}
