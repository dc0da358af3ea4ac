import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_PROVINCE } from '../kernel/auth.ts';
import { addModule, createCourse, mediaStoreFor, uploadMedia } from '../modules/learning/index.ts';
import type { AppContext } from './context.ts';

/** A 40-second WebM lesson (canvas + MediaRecorder in Chromium; VP8, no audio, 24 KB). */
export const DEMO_LESSON = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../demo/learning/lesson-40s.webm',
);

/** Demo-only: one free 江苏工匠课堂 course with a short video module and its quiz (docs/online-learning.md). */
export async function loadDemoLearning(ctx: AppContext): Promise<void> {
  const [occupation] = await ctx.db.query<{ code: string }>(
    `SELECT code FROM occupations ORDER BY (code = 'JS-0001') DESC, code LIMIT 1`,
  );
  if (!occupation) return;
  const course = await createCourse(ctx.db, SYSTEM_PROVINCE, {
    title: '江苏工匠课堂 · 安全用电第一课',
    description: '演示课程：触电急救与安全用电常识。',
    ownerKind: 'province',
    access: 'public',
    occupationCode: occupation.code,
  });
  const withModule = await addModule(ctx.db, SYSTEM_PROVINCE, course.id, {
    kind: 'video',
    title: '触电急救三步法',
    occupationCode: occupation.code,
    competencyUnits: ['安全用电', '触电急救'],
    durationSeconds: 40,
    questions: [
      { prompt: '发现有人触电，第一步应当？', choices: ['直接拉人', '切断电源', '泼水'], answer: 1 },
      { prompt: '我国规定的一般安全电压不高于？', choices: ['36 V', '110 V', '220 V'], answer: 0 },
    ],
  });
  const content = fs.readFileSync(DEMO_LESSON);
  await uploadMedia(ctx.db, mediaStoreFor(ctx.config), SYSTEM_PROVINCE, withModule.modules[0]!.id, {
    mediaType: 'video/webm',
    head: content.subarray(0, 64),
    stream: fs.createReadStream(DEMO_LESSON),
  });
}
