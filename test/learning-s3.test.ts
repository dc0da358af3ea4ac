import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../src/modules/learning/index.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';
import { localS3 } from './support/s3.ts';

/**
 * The learning media routes with JINENG_MEDIA_S3_* set (docs/online-learning.md § Media): an upload
 * lands in the S3-compatible store (s3rver), and GET answers Range requests from it (206, 416).
 */
const WEBM = Buffer.concat([
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3]),
  Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'),
]);

describe('course media in an S3-compatible store', () => {
  let s3: Awaited<ReturnType<typeof localS3>>;
  let demo: DemoApp;
  let moduleId: string;
  const as = (
    user: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => demo.app.inject({ method, url, payload, headers: { ...headers, authorization: `Bearer ${demo.tokens[user]}` } });

  beforeAll(async () => {
    s3 = await localS3();
    const env = {
      JINENG_MEDIA_S3_ENDPOINT: s3.config.endpoint,
      JINENG_MEDIA_S3_BUCKET: s3.config.bucket,
      JINENG_MEDIA_S3_ACCESS_KEY_ID: s3.config.accessKeyId,
      JINENG_MEDIA_S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey,
    };
    demo = await demoApp(['jigou', 'xielei'], { env });
    const [{ code: occupation }] = await demo.ctx.db.query<{ code: string }>(
      'SELECT code FROM occupations ORDER BY code LIMIT 1',
    );
    const course = await as('jigou', 'POST', '/api/learning/courses', {
      title: '电工安全基础',
      access: 'public',
      occupationCode: occupation,
    });
    const mod = await as('jigou', 'POST', `/api/learning/courses/${course.json().id}/modules`, {
      kind: 'video',
      title: '触电急救',
      occupationCode: occupation,
      durationSeconds: 100,
    });
    moduleId = mod.json().modules[0].id;
  });
  afterAll(async () => {
    await demo?.close();
    await s3?.close();
  });

  it('uploads into the object store', async () => {
    expect(demo.ctx.config.mediaS3?.endpoint).toBe(s3.config.endpoint);
    const boundary = '----jinengs3';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.webm"\r\nContent-Type: video/webm\r\n\r\n`,
      ),
      WEBM,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await demo.app.inject({
      method: 'POST',
      url: `/api/learning/modules/${moduleId}/media`,
      payload,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        authorization: `Bearer ${demo.tokens.jigou}`,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ bytes: WEBM.length, mediaType: 'video/webm' });
    expect(await new S3Store(s3.config).size(moduleId)).toBe(WEBM.length); // in the bucket, under the module's id
  });

  it('streams it back with HTTP Range requests: whole, first byte, middle, last N, beyond the end', async () => {
    const url = `/api/learning/modules/${moduleId}/media`;
    const whole = await as('xielei', 'GET', url);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(WEBM)).toBe(true);
    const first = await as('xielei', 'GET', url, undefined, { range: 'bytes=0-0' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-0/${WEBM.length}`);
    expect(first.rawPayload.equals(WEBM.subarray(0, 1))).toBe(true);
    const middle = await as('xielei', 'GET', url, undefined, { range: 'bytes=4-13' });
    expect(middle.statusCode).toBe(206);
    expect(middle.rawPayload.toString()).toBe('0123456789');
    const tail = await as('xielei', 'GET', url, undefined, { range: 'bytes=-3' });
    expect(tail.headers['content-range']).toBe(`bytes ${WEBM.length - 3}-${WEBM.length - 1}/${WEBM.length}`);
    expect(tail.rawPayload.toString()).toBe('xyz');
    const beyond = await as('xielei', 'GET', url, undefined, { range: `bytes=${WEBM.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${WEBM.length}`);
  });
});
