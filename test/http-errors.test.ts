import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

describe('a request body that is not JSON', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['xielei']);
  }, 120_000);
  afterAll(() => d.close());
  const send = (payload: string) =>
    d.app.inject({
      method: 'POST',
      url: '/api/training-requests',
      payload,
      headers: { authorization: `Bearer ${d.tokens.xielei}`, 'content-type': 'application/json' },
    });

  it('malformed JSON is refused as MALFORMED_JSON in Chinese and English', async () => {
    const r = await send('{"occupationCode": "6-18-02-04",');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'MALFORMED_JSON',
      message: '请求内容不是有效的 JSON',
      message_en: 'the request body is not valid JSON',
    });
  });

  it('an empty body sent as JSON is refused as MALFORMED_JSON too', async () => {
    const r = await send('');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'MALFORMED_JSON', message: '请求内容为空，应为 JSON' });
  });
});
