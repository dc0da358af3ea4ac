import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { requireLevel, requireOccupation } from '../catalog/index.ts';
import type { ModuleKind, OwnerKind } from './learning.labels.ts';
import { assertMayManage, courseAccessProblem, ownerFor } from './learning.policy.ts';
import type { TCourseInput, TLearningCourse, TModuleInput } from './learning.schema.ts';
import type { MediaStore } from './media-store.ts';

/**
 * 课程库 (docs/online-learning.md § Course library): courses of video, document and quiz modules,
 * owned by an institution, college, enterprise or the province's 江苏工匠课堂.
 */

export type CourseRow = {
  id: string;
  title: string;
  description: string;
  owner_kind: OwnerKind;
  owner_code: string | null;
  owner_name: string | null;
  access: 'public' | 'project';
  project_code: string | null;
  occupation_code: string;
  level: string | null;
};

export type ModuleRow = {
  id: string;
  course_id: string;
  n: number;
  kind: ModuleKind;
  title: string;
  occupation_code: string;
  level: string | null;
  competency_units: string[];
  duration_seconds: number;
  media_key: string | null;
  media_type: string | null;
  question_count: number;
  retired_at: Date | null;
};

const COURSE_SELECT = `SELECT c.id, c.title, c.description, c.owner_kind, c.owner_code, c.access, c.project_code, c.occupation_code, c.level,
       COALESCE(i.name, e.name) AS owner_name
  FROM learning_courses c
  LEFT JOIN registry.institutions i ON c.owner_kind IN ('institution','college') AND i.credit_code = c.owner_code
  LEFT JOIN registry.enterprises e ON c.owner_kind = 'enterprise' AND e.credit_code = c.owner_code`;

const MODULE_SELECT = `SELECT m.id, m.course_id, m.n, m.kind, m.title, m.occupation_code, m.level, m.competency_units,
       m.duration_seconds, m.media_key, m.media_type, m.retired_at,
       (SELECT count(*)::int FROM learning_questions q WHERE q.module_id = m.id) AS question_count
  FROM learning_modules m`;

/** Courses with their modules, in the order given. */
export async function coursesWithModules(db: Db, courses: CourseRow[]): Promise<TLearningCourse[]> {
  if (courses.length === 0) return [];
  const modules = await db.query<ModuleRow>(
    `${MODULE_SELECT} WHERE m.course_id = ANY($1::uuid[]) ORDER BY m.course_id, m.n`,
    [courses.map((c) => c.id)],
  );
  return courses.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    ownerKind: c.owner_kind,
    ownerCode: c.owner_code,
    ownerName: c.owner_kind === 'province' ? '江苏工匠课堂' : c.owner_name,
    access: c.access,
    projectCode: c.project_code,
    occupationCode: c.occupation_code,
    level: c.level,
    modules: modules
      .filter((m) => m.course_id === c.id)
      .map((m) => ({
        id: m.id,
        n: m.n,
        kind: m.kind,
        title: m.title,
        occupationCode: m.occupation_code,
        level: m.level,
        competencyUnits: m.competency_units,
        durationSeconds: m.duration_seconds,
        hasMedia: m.media_key !== null,
        mediaType: m.media_type,
        questionCount: m.question_count,
        retired: m.retired_at !== null,
      })),
  }));
}

export async function courseRow(db: Db, id: string): Promise<CourseRow | undefined> {
  const [c] = await db.query<CourseRow>(`${COURSE_SELECT} WHERE c.id = $1`, [id]);
  return c;
}

export async function moduleRow(db: Db, id: string): Promise<(ModuleRow & { course: CourseRow }) | undefined> {
  const [m] = await db.query<ModuleRow>(`${MODULE_SELECT} WHERE m.id = $1`, [id]);
  if (!m) return undefined;
  const course = await courseRow(db, m.course_id);
  return course && { ...m, course };
}

/** A project course names a project of the owning institution (the province's may name any). */
export async function requireOwnProject(
  db: Db,
  owner: { kind: string; code: string | null },
  projectCode: string | null | undefined,
): Promise<void> {
  if (!projectCode) return;
  const [p] = await db.query<{ institution_code: string }>(
    'SELECT institution_code FROM training.projects WHERE project_code = $1',
    [projectCode],
  );
  if (!p || (owner.kind !== 'province' && p.institution_code !== owner.code))
    throw new Invalid(
      'UNKNOWN_PROJECT',
      `培训项目 ${projectCode} 不存在或不属于本机构`,
      `project ${projectCode} does not exist or is not yours`,
      { field: 'projectCode' },
    );
}

/** A quiz's answers must each name one of its choices, and a quiz needs a question. */
export function checkQuestions(kind: ModuleKind, questions: TModuleInput['questions']): void {
  for (const [i, q] of questions.entries())
    if (q.answer >= q.choices.length)
      throw new Invalid(
        'BAD_ANSWER',
        `第 ${i + 1} 题的答案不在选项中`,
        `question ${i + 1}: the answer is not one of its choices`,
        { field: `questions.${i}.answer` },
      );
  if (kind === 'quiz' && questions.length === 0)
    throw new Invalid('QUIZ_WITHOUT_QUESTIONS', '测验模块至少需要一道题', 'a quiz module needs at least one question', {
      field: 'questions',
    });
}

/**
 * Publishes a course owned by the signed-in institution, college or enterprise (the province's
 * are 江苏工匠课堂). A project course names a project of the owning institution.
 */
export async function createCourse(
  db: Db,
  actor: Actor,
  input: TCourseInput,
  clock: Clock = systemClock,
): Promise<TLearningCourse> {
  const owner = ownerFor(actor, input.ownerKind);
  const problem = courseAccessProblem(input.access, input.projectCode);
  if (problem) throw problem;
  await requireOccupation(db, input.occupationCode);
  const level = await requireLevel(db, input.level);
  await requireOwnProject(db, owner, input.projectCode);
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO learning_courses (id, title, description, owner_kind, owner_code, access, project_code, occupation_code, level, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        id,
        input.title.trim(),
        input.description,
        owner.kind,
        owner.code,
        input.access,
        input.projectCode ?? null,
        input.occupationCode,
        level,
        actorName(actor),
        clock.now(),
      ],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.course.create',
          entity: 'learning_course',
          entityId: id,
          after: { ...input, owner },
        },
      ],
      clock,
    );
  });
  return (await coursesWithModules(db, [(await courseRow(db, id))!]))[0]!;
}

/** Adds a module to a course its owner manages; a quiz's answers must each name one of its choices. */
export async function addModule(
  db: Db,
  actor: Actor,
  courseId: string,
  input: TModuleInput,
  clock: Clock = systemClock,
) {
  const course = await courseRow(db, courseId);
  assertMayManage(actor, course);
  await requireOccupation(db, input.occupationCode);
  const level = await requireLevel(db, input.level);
  checkQuestions(input.kind, input.questions);
  const id = newId();
  await db.transaction(async (tx) => {
    const [{ n }] = await tx.query<{ n: number }>(
      'SELECT COALESCE(max(n), 0)::int + 1 AS n FROM learning_modules WHERE course_id = $1',
      [courseId],
    );
    await tx.query(
      `INSERT INTO learning_modules (id, course_id, n, kind, title, occupation_code, level, competency_units, duration_seconds)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [
        id,
        courseId,
        n,
        input.kind,
        input.title.trim(),
        input.occupationCode,
        level,
        input.competencyUnits,
        input.durationSeconds,
      ],
    );
    for (const [i, q] of input.questions.entries())
      await tx.query('INSERT INTO learning_questions (module_id, n, prompt, choices, answer) VALUES ($1,$2,$3,$4,$5)', [
        id,
        i + 1,
        q.prompt,
        q.choices,
        q.answer,
      ]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.module.add',
          entity: 'learning_module',
          entityId: id,
          after: { course: courseId, kind: input.kind, title: input.title, questions: input.questions.length },
        },
      ],
      clock,
    );
  });
  return (await coursesWithModules(db, [course]))[0]!;
}

/** The courses a user manages: the province all, an institution or enterprise its own. */
export async function managedCourses(db: Db, actor: Actor): Promise<TLearningCourse[]> {
  const where =
    actor.role === 'province_admin'
      ? 'TRUE'
      : actor.role === 'institution_staff'
        ? `c.owner_kind IN ('institution','college') AND c.owner_code = $1`
        : actor.role === 'enterprise_staff'
          ? `c.owner_kind = 'enterprise' AND c.owner_code = $1`
          : 'FALSE';
  const code = actor.role === 'enterprise_staff' ? actor.enterpriseCode : actor.institutionCode;
  const rows = await db.query<CourseRow>(
    `${COURSE_SELECT} WHERE ${where} ORDER BY c.created_at DESC, c.id`,
    where.includes('$1') ? [code] : [],
  );
  return coursesWithModules(db, rows);
}

/** Media types a module's file may be (checked by its first bytes too). */
const MEDIA_TYPES: Record<string, (head: Buffer) => boolean> = {
  'video/webm': (h) => h.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])),
  'video/mp4': (h) => h.subarray(4, 8).toString('latin1') === 'ftyp',
  'application/pdf': (h) => h.subarray(0, 5).toString('latin1') === '%PDF-',
};

/**
 * Stores a module's media file (WebM or MP4 video, PDF document) through the media store, after its
 * owner's policy allows it and its first bytes match its type.
 */
export async function uploadMedia(
  db: Db,
  store: MediaStore,
  actor: Actor,
  moduleId: string,
  file: { mediaType: string; head: Buffer; stream: Readable },
  clock: Clock = systemClock,
): Promise<{ bytes: number; mediaType: string }> {
  const m = await moduleRow(db, moduleId);
  assertMayManage(actor, m?.course);
  const sniff = MEDIA_TYPES[file.mediaType];
  if (!sniff || !sniff(file.head))
    throw new Invalid(
      'BAD_MEDIA',
      '课程文件须为 WebM/MP4 视频或 PDF 文档',
      'course media must be a WebM or MP4 video or a PDF',
      { field: 'file' },
    );
  const bytes = await store.put(moduleId, file.stream);
  await db.transaction(async (tx) => {
    await tx.query('UPDATE learning_modules SET media_key = $2, media_type = $3, media_bytes = $4 WHERE id = $1', [
      moduleId,
      moduleId,
      file.mediaType,
      bytes,
    ]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.media.upload',
          entity: 'learning_module',
          entityId: moduleId,
          after: { type: file.mediaType, bytes },
        },
      ],
      clock,
    );
  });
  return { bytes, mediaType: file.mediaType };
}

/** The stored media of a module, for its owner, the province, or a worker who may learn it. */
export async function mediaOf(
  db: Db,
  moduleId: string,
): Promise<{ key: string; mediaType: string; course: CourseRow }> {
  const m = await moduleRow(db, moduleId);
  if (!m?.media_key || !m.media_type) throw new NotFound({ zh: '课程文件', en: 'course media' });
  return { key: m.media_key, mediaType: m.media_type, course: m.course };
}
