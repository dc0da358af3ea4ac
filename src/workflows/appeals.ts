import type { Db } from '../db/client.ts';
import type { Actor } from '../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../kernel/clock.ts';
import { Conflict, Forbidden } from '../kernel/errors.ts';
import {
  answerProblem,
  APPEAL_KIND_NAMES,
  APPEAL_STATUS_NAMES,
  assertMayAppeal,
  fileAppeal,
  lockOpenAppeal,
  MAX_APPEALS_PER_RECORD,
  appealStandings,
  recordAppealAnswer,
  type AppealKind,
  type AppealSubject,
  type Attachment,
} from '../modules/appeals/index.ts';
import {
  checkForAppeal,
  overruleCheck,
  voidedCheckTitle,
  voidedCheckWhy,
  voidedChecksOf,
} from '../modules/learning/index.ts';
import { APPEAL_ANSWERED, LEARNING_APPEAL_FILED, notify } from '../modules/notify/index.ts';
import { maskName } from '../kernel/pii.ts';
import { appealableSubsidies, redecideOnAppeal, releasePaymentOnAppeal } from '../modules/subsidy/index.ts';
import {
  attendanceForAppeal,
  invalidAttendanceOf,
  validateAttendance,
  type AttendanceRules,
} from '../modules/training/index.ts';

/**
 * 申诉 across modules (docs/appeals.md): the subjects a worker may contest come from subsidy
 * (rejected decisions, withheld or failed payments), training (attendance records that do not
 * count) and learning (online time voided by a failed identity re-check); an upheld appeal is carried out by the module that owns the subject, in the same
 * transaction as the answer.
 */

/**
 * A subject the worker may contest, in words: whether an appeal on it is open already, how many more
 * appeals it may have, and whether a new one must bring new evidence (its last was dismissed).
 */
export interface AppealableSubject {
  kind: AppealKind;
  ref: string;
  title: { zh: string; en: string };
  why: { zh: string; en: string }[];
  openAppeal: boolean;
  appealsLeft: number;
  newEvidenceNeeded: boolean;
}

const METHOD_WORDS: Record<string, { zh: string; en: string }> = {
  manual: { zh: '人工补录', en: 'typed in' },
  face_terminal: { zh: '人脸识别终端', en: 'face terminal' },
  mobile_app: { zh: '手机App', en: 'mobile app' },
  card: { zh: '刷卡', en: 'card' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const attendanceTitle = (r: { projectTitle: string; sessionNo: number; checkInAt: Date; method: string }) => {
  const day = chinaDate(r.checkInAt);
  const m = METHOD_WORDS[r.method] ?? { zh: r.method, en: r.method };
  return {
    zh: `${r.projectTitle} 第${r.sessionNo}次课（${day}，${m.zh}）`,
    en: `${r.projectTitle}, session ${r.sessionNo} (${day}, ${m.en})`,
  };
};

/** 可申诉: the worker's own decisions, payments and attendance records open to appeal today. */
export async function appealableSubjects(
  db: Db,
  actor: Actor,
  rules: AttendanceRules,
  clock: Clock = systemClock,
): Promise<AppealableSubject[]> {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const today = chinaDate(clock.now());
  const [subsidies, records, checks, standings] = await Promise.all([
    appealableSubsidies(db, actor.personKey, today),
    invalidAttendanceOf(db, actor.personKey, rules),
    voidedChecksOf(db, actor.personKey, clock),
    appealStandings(db, actor.personKey),
  ]);
  const standing = (key: string): Pick<AppealableSubject, 'openAppeal' | 'appealsLeft' | 'newEvidenceNeeded'> => {
    const s = standings.get(key);
    return {
      openAppeal: s?.open ?? false,
      appealsLeft: s?.appealsLeft ?? MAX_APPEALS_PER_RECORD,
      newEvidenceNeeded: s?.newEvidenceNeeded ?? false,
    };
  };
  return [
    ...subsidies.map((s) => ({
      kind: s.kind,
      ref: s.applicationId,
      title: s.title,
      why: s.why,
      ...standing(`${s.kind}:${s.applicationId}`),
    })),
    ...records.map((r) => ({
      kind: 'attendance' as const,
      ref: String(r.id),
      title: attendanceTitle(r),
      why: r.invalidText ? [r.invalidText] : [],
      ...standing(`attendance:${r.id}`),
    })),
    ...checks.map((c) => ({
      kind: 'learning' as const,
      ref: c.checkId,
      title: voidedCheckTitle(c),
      why: voidedCheckWhy(c),
      ...standing(`learning:${c.checkId}`),
    })),
  ];
}

/**
 * The subject an appeal names, checked: someone else's (or none) is "not found" to the worker;
 * their own that is not open to appeal (approved, paid, counting) is refused with NOT_APPEALABLE.
 */
async function subjectOf(
  db: Db,
  actor: Actor,
  kind: AppealKind,
  ref: string,
  rules: AttendanceRules,
  clock: Clock,
): Promise<AppealSubject & { course?: string; module?: string }> {
  const today = chinaDate(clock.now());
  const notAppealable = () =>
    new Conflict('NOT_APPEALABLE', '该记录当前不能申诉', 'this record cannot be appealed now', { field: 'subjectRef' });
  if (kind === 'attendance') {
    const r = /^\d{1,18}$/.test(ref) ? await attendanceForAppeal(db, Number(ref), rules) : undefined;
    assertMayAppeal(actor, r);
    if (r.invalid === null) throw notAppealable();
    return { kind, ref, personKey: r.personKey, cityCode: r.cityCode, title: attendanceTitle(r).zh };
  }
  if (kind === 'learning') {
    const c = UUID.test(ref) ? await checkForAppeal(db, ref.toLowerCase(), clock) : undefined;
    assertMayAppeal(actor, c);
    // Passed, overruled already, or its time voided anyway by a later failure: nothing to give back.
    if (c.overruled || c.voidedMs === 0) throw notAppealable();
    return {
      kind,
      ref: c.checkId,
      personKey: c.personKey,
      cityCode: c.cityCode,
      institutionCode: c.institutionCode,
      title: voidedCheckTitle(c).zh,
      course: c.courseTitle,
      module: c.moduleTitle,
    };
  }
  const [owner] = await db.query<{ person_key: string }>(
    'SELECT person_key FROM subsidy.decisions WHERE application_id = $1',
    [ref],
  );
  assertMayAppeal(actor, owner ? { personKey: owner.person_key } : undefined);
  const s = (await appealableSubsidies(db, owner.person_key, today)).find(
    (x) => x.kind === kind && x.applicationId === ref,
  );
  if (!s) throw notAppealable();
  return { kind, ref, personKey: s.personKey, cityCode: s.cityCode, title: s.title.zh };
}

/** A worker files an appeal on their own subject with a reason and 0–3 checked attachments. */
export async function fileWorkerAppeal(
  db: Db,
  actor: Actor,
  input: { subjectKind: AppealKind; subjectRef: string; reason: string; attachments: Attachment[] },
  rules: AttendanceRules,
  clock: Clock = systemClock,
) {
  const subject = await subjectOf(db, actor, input.subjectKind, input.subjectRef, rules, clock);
  return db.transaction(async (tx) => {
    const appeal = await fileAppeal(tx, actor, subject, input.reason, input.attachments, clock);
    // Learning time: the institution the course is bound to hears of it at once, for its information (the city decides).
    if (subject.kind === 'learning' && subject.institutionCode)
      await notify(
        tx,
        {
          kind: LEARNING_APPEAL_FILED,
          recipients: [{ institutionStaff: subject.institutionCode }],
          eventKey: `appeal:${appeal.id}:filed`,
          params: {
            learner: appeal.personName ? maskName(appeal.personName) : '',
            course: subject.course ?? '',
            module: subject.module ?? '',
            dueOn: appeal.dueOn,
          },
          link: '/appeals',
        },
        clock,
      );
    return appeal;
  });
}

/**
 * The city officer decides an appeal. Dismissed: nothing changes but the answer. Upheld: the
 * owning module acts — a rejected application is decided again (subsidy), a withheld or failed
 * payment released (subsidy), an invalid attendance record validated (training), a failed re-check
 * overruled so the time it voided counts again (learning) — and the answer
 * records what changed. One transaction: if the action is refused, the appeal stays open.
 */
export async function decideAppeal(
  db: Db,
  actor: Actor,
  id: string,
  input: { outcome: 'upheld' | 'dismissed'; answer: string },
  rules: AttendanceRules,
  clock: Clock = systemClock,
) {
  const problem = answerProblem(input.answer);
  if (problem) throw problem;
  const note = input.answer.trim();
  await db.transaction(async (tx) => {
    const a = await lockOpenAppeal(tx, actor, id);
    let effect: object | null = null;
    if (input.outcome === 'upheld') {
      const ref = { ref: id, note };
      if (a.subject_kind === 'decision') effect = await redecideOnAppeal(tx, actor, a.subject_ref, ref, clock);
      else if (a.subject_kind === 'payment')
        effect = await releasePaymentOnAppeal(tx, actor, a.subject_ref, ref, clock);
      else if (a.subject_kind === 'learning') effect = await overruleCheck(tx, actor, a.subject_ref, ref, clock);
      else effect = await validateAttendance(tx, actor, Number(a.subject_ref), { ...ref, rules }, clock);
    }
    await recordAppealAnswer(tx, actor, id, input.outcome, note, effect, clock);
    // The worker hears the answer (消息, and an SMS): once, however often this is replayed.
    const subject = APPEAL_KIND_NAMES[a.subject_kind as AppealKind];
    const outcome = APPEAL_STATUS_NAMES[input.outcome];
    await notify(
      tx,
      {
        kind: APPEAL_ANSWERED,
        recipients: [{ person: a.person_key }],
        eventKey: `appeal:${id}:answered`,
        params: { subject: subject.zh, subjectEn: subject.en, outcome: outcome.zh, outcomeEn: outcome.en, note },
        link: '/my-appeals',
      },
      clock,
    );
  });
}
