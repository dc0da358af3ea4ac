import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/**
 * 课程编辑 (docs/online-learning.md § Editing a course): the owner edits a course and its modules,
 * reorders and retires modules; another owner's course is not found; each change is audited;
 * a retired module is gone for learners.
 */
describe('课程编辑', () => {
  let demo: DemoApp;
  let occupation: string;
  let courseId: string;
  let videoId: string;
  let quizId: string;
  const as = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    demo.app.inject({ method, url, payload, headers: { authorization: `Bearer ${demo.tokens[user]}` } });
  const audits = async (action: string) =>
    (await demo.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]))[0]!
      .n;

  beforeAll(async () => {
    demo = await demoApp(['province', 'jigou', 'pingjia', 'xielei']);
    [{ code: occupation }] = await demo.ctx.db.query<{ code: string }>(
      'SELECT code FROM occupations ORDER BY code LIMIT 1',
    );
    courseId = (
      await as('jigou', 'POST', '/api/learning/courses', {
        title: '电工安全',
        access: 'public',
        occupationCode: occupation,
      })
    ).json().id;
    const video = { kind: 'video', title: '触电急救', occupationCode: occupation, durationSeconds: 60 };
    videoId = (await as('jigou', 'POST', `/api/learning/courses/${courseId}/modules`, video)).json().modules[0].id;
    const quiz = await as('jigou', 'POST', `/api/learning/courses/${courseId}/modules`, {
      kind: 'quiz',
      title: '小测',
      occupationCode: occupation,
      durationSeconds: 60,
      questions: [{ prompt: '安全电压不高于？', choices: ['36V', '220V'], answer: 0 }],
    });
    quizId = quiz.json().modules[1].id;
  });
  afterAll(() => demo?.close());

  it('the owner edits the course; the owner stays and the change is audited', async () => {
    const res = await as('jigou', 'PUT', `/api/learning/courses/${courseId}`, {
      title: ' 电工安全基础 ',
      description: '入门',
      access: 'public',
      occupationCode: occupation,
      level: 'L5',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      title: '电工安全基础',
      description: '入门',
      level: 'L5',
      ownerKind: 'institution',
    });
    expect(await audits('learning.course.edit')).toBe(1);
  });

  it('refuses a project course without its project and an unknown occupation', async () => {
    const proj = await as('jigou', 'PUT', `/api/learning/courses/${courseId}`, {
      title: 'x',
      access: 'project',
      occupationCode: occupation,
    });
    expect(proj.statusCode).toBe(400);
    expect(proj.json()).toMatchObject({ code: 'PROJECT_REQUIRED', message: '项目补贴课程须指定培训项目' });
    const occ = await as('jigou', 'PUT', `/api/learning/courses/${courseId}`, {
      title: 'x',
      access: 'public',
      occupationCode: '9-99-99-99',
    });
    expect(occ.json().code).toBe('UNKNOWN_OCCUPATION');
  });

  it('another institution gets not found for every edit; a worker is refused', async () => {
    const body = { title: 'x', access: 'public', occupationCode: occupation };
    expect((await as('pingjia', 'PUT', `/api/learning/courses/${courseId}`, body)).statusCode).toBe(404);
    expect(
      (await as('pingjia', 'PUT', `/api/learning/modules/${videoId}`, { ...body, durationSeconds: 5 })).statusCode,
    ).toBe(404);
    expect((await as('pingjia', 'POST', `/api/learning/modules/${videoId}/retire`, { retired: true })).statusCode).toBe(
      404,
    );
    expect(
      (await as('pingjia', 'POST', `/api/learning/courses/${courseId}/order`, { moduleIds: [quizId, videoId] }))
        .statusCode,
    ).toBe(404);
    expect((await as('pingjia', 'GET', `/api/learning/modules/${quizId}/questions`)).statusCode).toBe(404);
    expect((await as('xielei', 'PUT', `/api/learning/courses/${courseId}`, body)).statusCode).toBe(403);
    const title = await demo.ctx.db.query<{ title: string }>('SELECT title FROM learning_courses WHERE id = $1', [
      courseId,
    ]);
    expect(title[0]!.title).toBe('电工安全基础');
  });

  it('the owner reads the quiz with its answers and replaces its questions', async () => {
    const q = await as('jigou', 'GET', `/api/learning/modules/${quizId}/questions`);
    expect(q.json()).toEqual([{ n: 1, prompt: '安全电压不高于？', choices: ['36V', '220V'], answer: 0 }]);
    const res = await as('jigou', 'PUT', `/api/learning/modules/${quizId}`, {
      title: '结业测验',
      occupationCode: occupation,
      competencyUnits: ['安全用电'],
      durationSeconds: 120,
      questions: [
        { prompt: '发现有人触电，第一步？', choices: ['拉人', '断电', '报警'], answer: 1 },
        { prompt: '安全电压不高于？', choices: ['36V', '220V'], answer: 0 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().modules[1]).toMatchObject({
      kind: 'quiz',
      title: '结业测验',
      questionCount: 2,
      durationSeconds: 120,
      competencyUnits: ['安全用电'],
    });
    expect(await audits('learning.module.edit')).toBe(1);
  });

  it('refuses a quiz left without questions or with an answer outside its choices', async () => {
    const base = { title: 'x', occupationCode: occupation, durationSeconds: 60 };
    const empty = await as('jigou', 'PUT', `/api/learning/modules/${quizId}`, { ...base, questions: [] });
    expect(empty.json()).toMatchObject({ code: 'QUIZ_WITHOUT_QUESTIONS', message: '测验模块至少需要一道题' });
    const bad = await as('jigou', 'PUT', `/api/learning/modules/${quizId}`, {
      ...base,
      questions: [{ prompt: 'q', choices: ['a', 'b'], answer: 2 }],
    });
    expect(bad.json()).toMatchObject({ code: 'BAD_ANSWER', message: '第 1 题的答案不在选项中' });
    const seven = await as('jigou', 'PUT', `/api/learning/modules/${quizId}`, {
      ...base,
      questions: [{ prompt: 'q', choices: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], answer: 0 }],
    });
    expect(seven.statusCode).toBe(400);
    expect((await as('jigou', 'GET', `/api/learning/modules/${quizId}/questions`)).json()).toHaveLength(2);
  });

  it('reorders the modules; an order missing one is refused', async () => {
    const res = await as('jigou', 'POST', `/api/learning/courses/${courseId}/order`, { moduleIds: [quizId, videoId] });
    expect(res.statusCode).toBe(200);
    expect(res.json().modules.map((m: { id: string; n: number }) => [m.id, m.n])).toEqual([
      [quizId, 1],
      [videoId, 2],
    ]);
    const bad = await as('jigou', 'POST', `/api/learning/courses/${courseId}/order`, { moduleIds: [quizId] });
    expect(bad.json()).toMatchObject({ code: 'BAD_MODULE_ORDER', message: '新顺序须列出本课程的每个模块各一次' });
    const twice = await as('jigou', 'POST', `/api/learning/courses/${courseId}/order`, { moduleIds: [quizId, quizId] });
    expect(twice.json().code).toBe('BAD_MODULE_ORDER');
  });

  it('a retired module is gone for learners and comes back when restored', async () => {
    const start = () => as('xielei', 'POST', `/api/learning/modules/${videoId}/sessions`);
    const visible = async () =>
      (await as('xielei', 'GET', '/api/me/learning'))
        .json()
        .courses.find((c: { id: string }) => c.id === courseId)
        .modules.map((m: { id: string }) => m.id);
    const res = await as('jigou', 'POST', `/api/learning/modules/${videoId}/retire`, { retired: true });
    expect(res.json().modules.find((m: { id: string }) => m.id === videoId).retired).toBe(true);
    expect(await visible()).toEqual([quizId]);
    expect((await start()).statusCode).toBe(404);
    await as('jigou', 'POST', `/api/learning/modules/${videoId}/retire`, { retired: false });
    expect(await visible()).toEqual([quizId, videoId]);
    expect((await start()).statusCode).toBe(201);
    expect(await audits('learning.module.retire')).toBe(1);
    expect(await audits('learning.module.restore')).toBe(1);
  });

  it('the province edits any course', async () => {
    const res = await as('province', 'PUT', `/api/learning/courses/${courseId}`, {
      title: '电工安全（省审）',
      access: 'public',
      occupationCode: occupation,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ownerKind: 'institution', title: '电工安全（省审）' });
  });
});
