import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { requireLevel, requireOccupation } from '../catalog/index.ts';
import { checkQuestions, courseRow, coursesWithModules, moduleRow, requireOwnProject } from './courses.ts';
import { assertMayManage, courseAccessProblem } from './learning.policy.ts';
import type { TCourseEdit, TLearningCourse, TModuleEdit } from './learning.schema.ts';

/**
 * 课程编辑 (docs/online-learning.md § Editing a course): the owner changes a course and its modules,
 * puts the modules in order and retires one (never deletes it: learners' records point at it).
 * Another owner's course is not found; the province manages every course. Each change is audited.
 */

async function audited(
  db: Db,
  actor: Actor,
  clock: Clock,
  action: string,
  entity: string,
  entityId: string,
  before: unknown,
  after: unknown,
  change: (tx: Db) => Promise<void>,
) {
  await db.transaction(async (tx) => {
    await change(tx);
    await recordAudit(tx, [{ actor: actorName(actor), action, entity, entityId, before, after }], clock);
  });
}

async function courseOut(db: Db, courseId: string): Promise<TLearningCourse> {
  return (await coursesWithModules(db, [(await courseRow(db, courseId))!]))[0]!;
}

/** Changes a course's title, description, access, project, occupation and level (its owner stays). */
export async function editCourse(
  db: Db,
  actor: Actor,
  courseId: string,
  input: TCourseEdit,
  clock: Clock = systemClock,
) {
  const course = await courseRow(db, courseId);
  assertMayManage(actor, course);
  const problem = courseAccessProblem(input.access, input.projectCode);
  if (problem) throw problem;
  await requireOccupation(db, input.occupationCode);
  const level = await requireLevel(db, input.level);
  await requireOwnProject(db, { kind: course.owner_kind, code: course.owner_code }, input.projectCode);
  const after = { ...input, title: input.title.trim(), projectCode: input.projectCode ?? null, level };
  await audited(db, actor, clock, 'learning.course.edit', 'learning_course', courseId, course, after, (tx) =>
    tx
      .query(
        `UPDATE learning_courses SET title = $2, description = $3, access = $4, project_code = $5, occupation_code = $6, level = $7
        WHERE id = $1`,
        [courseId, after.title, after.description, after.access, after.projectCode, after.occupationCode, level],
      )
      .then(() => undefined),
  );
  return courseOut(db, courseId);
}

/** Changes a module (its kind stays); a quiz's questions are replaced as a whole. */
export async function editModule(
  db: Db,
  actor: Actor,
  moduleId: string,
  input: TModuleEdit,
  clock: Clock = systemClock,
) {
  const m = await moduleRow(db, moduleId);
  assertMayManage(actor, m?.course);
  await requireOccupation(db, input.occupationCode);
  const level = await requireLevel(db, input.level);
  checkQuestions(m!.kind, input.questions);
  const before = {
    title: m!.title,
    occupationCode: m!.occupation_code,
    level: m!.level,
    competencyUnits: m!.competency_units,
    durationSeconds: m!.duration_seconds,
    questions: m!.question_count,
  };
  const after = { ...input, title: input.title.trim(), level, questions: input.questions.length };
  await audited(db, actor, clock, 'learning.module.edit', 'learning_module', moduleId, before, after, async (tx) => {
    await tx.query(
      `UPDATE learning_modules SET title = $2, occupation_code = $3, level = $4, competency_units = $5, duration_seconds = $6
        WHERE id = $1`,
      [moduleId, after.title, input.occupationCode, level, input.competencyUnits, input.durationSeconds],
    );
    await tx.query('DELETE FROM learning_questions WHERE module_id = $1', [moduleId]);
    for (const [i, q] of input.questions.entries())
      await tx.query('INSERT INTO learning_questions (module_id, n, prompt, choices, answer) VALUES ($1,$2,$3,$4,$5)', [
        moduleId,
        i + 1,
        q.prompt,
        q.choices,
        q.answer,
      ]);
  });
  return courseOut(db, m!.course_id);
}

/** Puts a course's modules in the order given, which must name each of them once. */
export async function reorderModules(
  db: Db,
  actor: Actor,
  courseId: string,
  moduleIds: string[],
  clock: Clock = systemClock,
) {
  const course = await courseRow(db, courseId);
  assertMayManage(actor, course);
  const current = await db.query<{ id: string }>('SELECT id FROM learning_modules WHERE course_id = $1 ORDER BY n', [
    courseId,
  ]);
  const same =
    new Set(moduleIds).size === moduleIds.length &&
    moduleIds.length === current.length &&
    current.every((c) => moduleIds.includes(c.id));
  if (!same)
    throw new Invalid(
      'BAD_MODULE_ORDER',
      '新顺序须列出本课程的每个模块各一次',
      'the new order must list each of the course’s modules once',
      {
        field: 'moduleIds',
      },
    );
  await audited(
    db,
    actor,
    clock,
    'learning.module.reorder',
    'learning_course',
    courseId,
    current.map((c) => c.id),
    moduleIds,
    async (tx) => {
      // Two steps past the unique (course, n): first out of the way (negative), then into place.
      await tx.query('UPDATE learning_modules SET n = -n WHERE course_id = $1', [courseId]);
      await tx.query(
        `UPDATE learning_modules m SET n = o.n FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, n)
          WHERE m.course_id = $1 AND m.id = o.id`,
        [courseId, moduleIds],
      );
    },
  );
  return courseOut(db, courseId);
}

/** Retires a module (learners no longer see it or start it; their records keep it), or brings it back. */
export async function retireModule(
  db: Db,
  actor: Actor,
  moduleId: string,
  retired: boolean,
  clock: Clock = systemClock,
) {
  const m = await moduleRow(db, moduleId);
  assertMayManage(actor, m?.course);
  const at = retired ? (m!.retired_at ?? clock.now()) : null;
  await audited(
    db,
    actor,
    clock,
    retired ? 'learning.module.retire' : 'learning.module.restore',
    'learning_module',
    moduleId,
    { retiredAt: m!.retired_at },
    { retiredAt: at },
    (tx) => tx.query('UPDATE learning_modules SET retired_at = $2 WHERE id = $1', [moduleId, at]).then(() => undefined),
  );
  return courseOut(db, m!.course_id);
}

/** A quiz's questions with their answers, for its owner to edit (learners never get the answers). */
export async function ownerQuestions(db: Db, actor: Actor, moduleId: string) {
  const m = await moduleRow(db, moduleId);
  assertMayManage(actor, m?.course);
  return db.query<{ n: number; prompt: string; choices: string[]; answer: number }>(
    'SELECT n, prompt, choices, answer FROM learning_questions WHERE module_id = $1 ORDER BY n',
    [moduleId],
  );
}
