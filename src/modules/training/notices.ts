import type { Db } from '../../db/client.ts';
import type { Clock } from '../../kernel/clock.ts';
import { notify } from '../notify/index.ts';

/**
 * What the training module tells people (docs/notifications.md), in the transaction of the step
 * that caused it: the institution's staff of a class dispatched to it, a worker of their enrolment.
 * The names are read here, so a notice never shows a code.
 */

/** 派单通知 to the institution the project is (now) dispatched to. */
export async function noticeDispatched(tx: Db, projectCode: string, clock?: Clock): Promise<void> {
  const [p] = await tx.query<{
    title: string;
    institution_code: string;
    city: string;
    city_en: string;
    occupation: string;
    start_date: string;
    end_date: string;
    planned_trainees: number | null;
  }>(
    `SELECT pr.title, pr.institution_code, c.name AS city, c.name_en AS city_en, o.name AS occupation, pr.start_date, pr.end_date, pr.planned_trainees
     FROM projects pr LEFT JOIN catalog.cities c ON c.code = pr.city_code LEFT JOIN catalog.occupations o ON o.code = pr.occupation_code
     WHERE pr.project_code = $1`,
    [projectCode],
  );
  if (!p) return;
  await notify(
    tx,
    {
      recipients: [{ institutionStaff: p.institution_code }],
      kind: 'class_dispatched',
      eventKey: `class_dispatched:${projectCode}:${p.institution_code}`,
      params: {
        project: p.title,
        city: p.city,
        cityEn: p.city_en,
        occupation: p.occupation,
        startDate: p.start_date,
        endDate: p.end_date,
        trainees: p.planned_trainees,
      },
      link: `/projects/${projectCode}`,
    },
    clock,
  );
}

/** 报名成功 to the worker enrolled. */
export async function noticeEnrolled(tx: Db, projectCode: string, personKey: string, clock?: Clock): Promise<void> {
  const [p] = await tx.query<{ title: string; institution: string | null; start_date: string; end_date: string }>(
    `SELECT pr.title, i.name AS institution, pr.start_date, pr.end_date
     FROM projects pr LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code WHERE pr.project_code = $1`,
    [projectCode],
  );
  if (!p) return;
  await notify(
    tx,
    {
      recipients: [{ person: personKey }],
      kind: 'enrolled',
      eventKey: `enrolled:${projectCode}`,
      params: { project: p.title, institution: p.institution, startDate: p.start_date, endDate: p.end_date },
      link: '/training',
    },
    clock,
  );
}
