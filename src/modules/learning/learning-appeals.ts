import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { assertMayOverrule } from './learning.policy.ts';
import { learningParams } from './learning-params.ts';
import { personValidTime } from './progress.ts';

/**
 * 学时申诉 (docs/appeals.md § Learning time): a failed or lapsed identity re-check voids the learner's
 * time since their last passed one; the learner may contest it. Upholding stores an overruling
 * (learning_check_overrulings), which the valid-time computation reads as input: the check then
 * voids nothing, and settlement's blended hours follow on the next run.
 */

/** A failed re-check that voids time now, in words, with who may decide an appeal on it. */
export interface VoidedCheck {
  checkId: string;
  personKey: string;
  /** The city whose officer decides: the project's, else the course institution's, else the learner's. */
  cityCode: string;
  /** The institution the course (or live class) is bound to: it sees the appeal, it does not decide it. */
  institutionCode: string | null;
  /** As stored (`pending` past its time voids as expired; a passed one voids nothing). */
  status: 'pending' | 'passed' | 'failed' | 'expired';
  /** A live class's (直播课) re-check: `courseTitle` is then 直播课 and `moduleTitle` the class's title. */
  live: boolean;
  at: Date;
  courseTitle: string;
  moduleTitle: string;
  /** The time this check voids now, per module (modules of any course: identity is per person). */
  voided: { moduleId: string; moduleTitle: string; ms: number }[];
  voidedMs: number;
  overruled: boolean;
}

type CheckFacts = {
  id: string;
  person_key: string;
  status: 'pending' | 'passed' | 'failed' | 'expired';
  issued_at: Date;
  due_at: Date;
  resolved_at: Date | null;
  live: boolean;
  course_title: string;
  module_title: string;
  city_code: string;
  institution_code: string | null;
  overruled: boolean;
};

// The institution bound to the course, as for face checks (learning.policy.ts assertMayAttestFace); a
// live class's (直播课) re-check: the class's institution and project. A live session has no module.
const CHECK_FACTS = `SELECT k.id, k.person_key, k.status, k.issued_at, k.due_at, k.resolved_at,
       l.id IS NOT NULL AS live,
       COALESCE(c.title, '直播课') AS course_title, COALESCE(m.title, l.title) AS module_title,
       COALESCE(pr.city_code, i.city_code, p.city_code) AS city_code,
       COALESCE(pr.institution_code, CASE WHEN c.owner_kind IN ('institution','college') THEN c.owner_code END, l.institution_code) AS institution_code,
       o.check_id IS NOT NULL AS overruled
  FROM learning_checks k
  JOIN learning_sessions s ON s.id = k.session_id
  LEFT JOIN learning_modules m ON m.id = s.module_id
  LEFT JOIN learning_courses c ON c.id = m.course_id
  LEFT JOIN learning_live_classes l ON l.id = s.live_class_id
  LEFT JOIN training.projects pr ON pr.project_code = COALESCE(c.project_code, l.project_code)
  LEFT JOIN registry.institutions i ON i.credit_code =
       CASE WHEN c.owner_kind IN ('institution','college') THEN c.owner_code ELSE l.institution_code END
  LEFT JOIN registry.persons p ON p.person_key = k.person_key
  LEFT JOIN learning_check_overrulings o ON o.check_id = k.id`;

/** The learner's re-checks that void time now (or were overruled), newest first. */
async function checksWithVoided(db: Db, personKey: string, where: string, args: unknown[], now: Date) {
  const rows = await db.query<CheckFacts>(
    `${CHECK_FACTS} WHERE k.person_key = $1 ${where} ORDER BY k.issued_at DESC, k.id`,
    [personKey, ...args],
  );
  if (rows.length === 0) return [];
  const vt = await personValidTime(db, personKey, await learningParams(db), now);
  const titles = new Map(
    (
      await db.query<{ id: string; title: string }>(
        `SELECT m.id, m.title FROM learning_modules m WHERE m.id = ANY($1::uuid[])
         UNION ALL SELECT l.id, l.title FROM learning_live_classes l WHERE l.id = ANY($1::uuid[])`,
        [[...new Set(Object.values(vt.voidedByCheck).flatMap((m) => Object.keys(m)))]],
      )
    ).map((m) => [m.id, m.title]),
  );
  return rows.map((r): VoidedCheck => {
    const voided = Object.entries(vt.voidedByCheck[r.id] ?? {}).map(([moduleId, ms]) => ({
      moduleId,
      moduleTitle: titles.get(moduleId) ?? '',
      ms,
    }));
    return {
      checkId: r.id,
      personKey: r.person_key,
      cityCode: r.city_code,
      institutionCode: r.institution_code,
      status: r.status,
      live: r.live,
      at: new Date(r.resolved_at ?? r.due_at),
      courseTitle: r.course_title,
      moduleTitle: r.module_title,
      voided,
      voidedMs: voided.reduce((sum, v) => sum + v.ms, 0),
      overruled: r.overruled,
    };
  });
}

/**
 * 可申诉的学时: the learner's failed or lapsed re-checks that void some time now. A failure whose
 * time a later failure voids anyway is not listed (appealing it would change nothing).
 */
export async function voidedChecksOf(db: Db, personKey: string, clock: Clock = systemClock): Promise<VoidedCheck[]> {
  const all = await checksWithVoided(db, personKey, "AND k.status <> 'passed'", [], clock.now());
  return all.filter((c) => c.voidedMs > 0 && !c.overruled);
}

/** One re-check as an appeal names it (undefined: no such check). */
export async function checkForAppeal(db: Db, checkId: string, clock: Clock = systemClock) {
  const [owner] = await db.query<{ person_key: string }>('SELECT person_key FROM learning_checks WHERE id = $1', [
    checkId,
  ]);
  if (!owner) return undefined;
  const [c] = await checksWithVoided(db, owner.person_key, 'AND k.id = $2', [checkId], clock.now());
  return c;
}

/** `30分钟`, `4分05秒`, `1小时2分钟`: voided time as the learner reads it. */
function spanZh(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60];
  if (h) return `${h}小时${m}分钟`;
  if (!m) return `${s}秒`;
  return s ? `${m}分${String(s).padStart(2, '0')}秒` : `${m}分钟`;
}
const spanEn = (ms: number) => {
  const sec = Math.floor(ms / 1000);
  return sec >= 60 ? `${Math.floor(sec / 60)} min${sec % 60 ? ` ${sec % 60} s` : ''}` : `${sec} s`;
};

/** `2026-11-30 10:02`, China time. */
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The appeal's subject in words: the check, where, when. */
export function voidedCheckTitle(c: VoidedCheck): { zh: string; en: string } {
  return {
    zh: `${c.courseTitle} · ${c.moduleTitle} 身份核验${c.status === 'failed' ? '未通过' : '超时'}（${chinaTime(c.at)}）`,
    en: `${c.live ? 'Live class' : c.courseTitle} · ${c.moduleTitle}: identity re-check ${c.status === 'failed' ? 'failed' : 'not answered in time'} (${chinaTime(c.at)})`,
  };
}

/** Why the time does not count, per module, as the learner reads it. */
export function voidedCheckWhy(c: VoidedCheck): { zh: string; en: string }[] {
  return c.voided.map((v) => ({
    zh: `「${v.moduleTitle}」作废学时 ${spanZh(v.ms)}（上次核验通过后的学时）`,
    en: `"${v.moduleTitle}": ${spanEn(v.ms)} void (time since the last passed check)`,
  }));
}

/**
 * Upholds a learning-time appeal: the re-check is overruled, so it voids nothing from now on in
 * every recomputation (progress, completion, settlement). The city officer or the province only —
 * not the institution, which gains from the hours (docs/appeals.md § Learning time); audited with
 * the time it gave back.
 */
export async function overruleCheck(
  tx: Db,
  actor: Actor,
  checkId: string,
  input: { ref: string; note: string },
  clock: Clock = systemClock,
) {
  const c = await checkForAppeal(tx, checkId, clock);
  if (!c) throw new NotFound({ zh: '身份核验记录', en: 're-check' });
  assertMayOverrule(actor, c);
  if (c.overruled)
    throw new Conflict('CHECK_OVERRULED', '该身份核验已被认定有效', 'this re-check has been overruled already');
  if (c.voidedMs === 0)
    throw new Conflict('NOTHING_VOIDED', '该身份核验没有作废任何学时', 'this re-check voids no learning time');
  const now = clock.now();
  await tx.query(
    `INSERT INTO learning_check_overrulings (check_id, person_key, appeal_id, note, decided_by, decided_at)
     VALUES ($1,$2,$3,$4,$5,$6)`,
    [checkId, c.personKey, input.ref, input.note, actorName(actor), now],
  );
  await recordAudit(
    tx,
    [
      {
        actor: actorName(actor),
        action: 'learning.check.overrule',
        entity: 'learning_check',
        entityId: checkId,
        before: { status: c.status, voided_ms: c.voidedMs },
        after: { overruled: true, appeal: input.ref, note: input.note },
      },
    ],
    clock,
  );
  return { checkId, voidedMs: c.voidedMs, modules: c.voided.map((v) => v.moduleId) };
}
