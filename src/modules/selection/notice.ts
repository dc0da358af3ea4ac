import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { addMonths } from '../../kernel/dates.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { applicationRow } from './applications.ts';
import { criteriaVersion } from './criteria.ts';
import { assertMayManage, assertProvince, textProblem } from './selection.policy.ts';

/**
 * 遴选公示 (docs/selection.md § Notice): an application that passed is on the public notice page from
 * notice_from to notice_until (inclusive); anyone may lodge an objection in that period; the
 * province decides each; after the period, with no objection open or upheld, the province lists it.
 */

/** The applications in their notice period today (public: no contact, no documents, no experts). */
export async function publicSelectionNotices(db: Db, clock: Clock = systemClock) {
  const today = chinaDate(clock.now());
  const rows = await db.query<{
    id: string;
    number: string;
    credit_code: string;
    name: string;
    city_code: string;
    type: string;
    roles: string[];
    occupations: { occupationCode: string; level: string | null }[];
    result_centi: number;
    notice_from: string;
    notice_until: string;
  }>(
    `SELECT id, number, credit_code, name, city_code, type, roles, occupations, result_centi, notice_from, notice_until
     FROM selection_applications WHERE status = 'notice' AND notice_from <= $1 AND notice_until >= $1
     ORDER BY notice_from DESC, number`,
    [today],
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    creditCode: r.credit_code,
    name: r.name,
    cityCode: r.city_code,
    type: r.type,
    roles: r.roles,
    occupations: r.occupations,
    result: r.result_centi / 100,
    noticeFrom: r.notice_from,
    noticeUntil: r.notice_until,
  }));
}

/** 异议: anyone lodges an objection to an application in its notice period (10–1000 characters). Audited. */
export async function lodgeObjection(
  db: Db,
  id: string,
  input: { reason: string; contact?: string | null },
  clock: Clock = systemClock,
) {
  const problem = textProblem(input.reason, 'reason', 10);
  if (problem) throw problem;
  const today = chinaDate(clock.now());
  const app = await applicationRow(db, id);
  if (app?.status !== 'notice' || !app.notice_from || app.notice_from > today || app.notice_until! < today)
    throw new NotFound({ zh: '公示中的遴选结果', en: 'a selection result in public notice' }, 'NOT_IN_NOTICE');
  const objectionId = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO selection_objections (id, application_id, reason, contact, filed_at) VALUES ($1,$2,$3,$4,$5)',
      [objectionId, id, input.reason.trim(), input.contact?.trim() || null, clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: 'public',
          action: 'selection.objection',
          entity: 'selection_application',
          entityId: id,
          after: { objection: objectionId },
        },
      ],
      clock,
    );
  });
  return { received: true as const, id: objectionId };
}

/**
 * The province decides an objection: upheld refuses the listing (the application becomes
 * `rejected`, the answer its reason); dismissed leaves the notice as it is. Written answer; audited.
 */
export async function decideObjection(
  db: Db,
  actor: Actor,
  id: string,
  objectionId: string,
  input: { outcome: 'upheld' | 'dismissed'; answer: string },
  clock: Clock = systemClock,
) {
  assertProvince(actor);
  const problem = textProblem(input.answer, 'answer', 5);
  if (problem) throw problem;
  await db.transaction(async (tx) => {
    const app = await applicationRow(tx, id, true);
    assertMayManage(actor, app);
    const [o] = await tx.query<{ status: string }>(
      'SELECT status FROM selection_objections WHERE id = $1 AND application_id = $2 FOR UPDATE',
      [objectionId, id],
    );
    if (!o) throw new NotFound({ zh: '异议', en: 'objection' });
    if (o.status !== 'open') throw new Conflict('OBJECTION_DECIDED', '该异议已处理', 'this objection has been decided');
    await tx.query(
      'UPDATE selection_objections SET status = $2, answer = $3, decided_by = $4, decided_at = $5 WHERE id = $1',
      [objectionId, input.outcome, input.answer.trim(), actorName(actor), clock.now()],
    );
    if (input.outcome === 'upheld' && app.status === 'notice')
      await tx.query(
        `UPDATE selection_applications SET status = 'rejected', decided_by = $2, decision_note = $3 WHERE id = $1`,
        [id, actorName(actor), input.answer.trim()],
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: `selection.objection.${input.outcome}`,
          entity: 'selection_application',
          entityId: id,
          before: { status: app.status },
          after: { objection: objectionId, outcome: input.outcome, answer: input.answer.trim() },
        },
      ],
      clock,
    );
  });
}

/** What the registry needs to list an institution that came through selection. */
export interface SelectedInstitution {
  applicationId: string;
  creditCode: string;
  name: string;
  cityCode: string;
  type: string;
  roles: string[];
  capacity: number;
  listedOn: string;
  listedUntil: string;
  reviewDueOn: string;
}

/**
 * Locks an application for listing and checks it may be listed today: province only; in notice;
 * the notice period over (today after notice_until); no objection open or upheld. Answers the
 * listing dates from its criteria version (validity years, first annual review).
 */
export async function lockForListing(tx: Db, actor: Actor, id: string, today: string): Promise<SelectedInstitution> {
  assertProvince(actor);
  const app = await applicationRow(tx, id, true);
  assertMayManage(actor, app);
  if (app.status !== 'notice')
    throw new Conflict(
      'NOT_IN_NOTICE',
      '只有公示中的申请可以列入目录',
      'only an application in public notice may be listed',
    );
  if (today <= app.notice_until!)
    throw new Conflict(
      'NOTICE_NOT_OVER',
      `公示期至 ${app.notice_until} 结束，期满后才能列入目录`,
      `the notice period runs until ${app.notice_until}; list after it ends`,
      { noticeUntil: app.notice_until },
    );
  const [{ open, upheld }] = await tx.query<{ open: number; upheld: number }>(
    `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'upheld')::int AS upheld
     FROM selection_objections WHERE application_id = $1`,
    [id],
  );
  if (open > 0 || upheld > 0)
    throw new Conflict(
      'OBJECTIONS_OPEN',
      `还有${open + upheld}条异议未处理或已成立，不能列入目录`,
      `${open + upheld} objection(s) are open or upheld: the institution cannot be listed`,
    );
  const c = await criteriaVersion(tx, app.criteria_version);
  return {
    applicationId: id,
    creditCode: app.credit_code,
    name: app.name,
    cityCode: app.city_code,
    type: app.type,
    roles: app.roles,
    capacity: app.capacity,
    listedOn: today,
    listedUntil: addMonths(today, c.validityYears * 12),
    reviewDueOn: addMonths(today, c.reviewMonths),
  };
}

/** Marks the application listed (after the registry listed the institution, in the same transaction). Audited. */
export async function markListed(tx: Db, actor: Actor, s: SelectedInstitution, clock: Clock = systemClock) {
  await tx.query(
    `UPDATE selection_applications SET status = 'listed', listed_on = $2, listed_until = $3, decided_by = $4 WHERE id = $1`,
    [s.applicationId, s.listedOn, s.listedUntil, actorName(actor)],
  );
  await recordAudit(
    tx,
    [
      {
        actor: actorName(actor),
        action: 'selection.list',
        entity: 'selection_application',
        entityId: s.applicationId,
        before: { status: 'notice' },
        after: { status: 'listed', listed_on: s.listedOn, listed_until: s.listedUntil, review_due_on: s.reviewDueOn },
      },
    ],
    clock,
  );
}
