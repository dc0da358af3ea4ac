import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from './support/demo-app.ts';

/** The demo's two certificates (demo/small/bundle/certificates.csv) and their holders. */
const XIELEI = { no: 'Y252832550087255000001', name: '谢磊', id: '320311199409187319' };
const LIUMINTAO = { no: 'Y907432175761255000002', name: '刘敏涛', id: '320211198811034548' };
const LIMIT = 15;

describe('public certificate lookup by number and holder name (POST /api/verify/lookup)', () => {
  let d: DemoApp;
  /** Anonymous, as a stranger on the internet (and every request from one address: the limit counts them). */
  const lookup = (payload: object) => d.call('', 'POST', '/api/verify/lookup', payload);

  beforeAll(async () => {
    process.env.JINENG_VERIFY_PER_MINUTE = String(LIMIT); // read when the routes are registered
    d = await demoApp(['province']);
  });
  afterAll(() => d?.close());

  it('answers when number and full name both match, the name trimmed: holder masked, ID masked, never the full ID', async () => {
    for (const payload of [
      { no: XIELEI.no, name: XIELEI.name },
      { no: ` ${XIELEI.no} `, name: `  ${XIELEI.name}\u3000` },
    ]) {
      const res = await lookup(payload);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        valid: true,
        status: 'valid',
        certificate: expect.objectContaining({
          certificateNo: XIELEI.no,
          holder: '谢*',
          holderIdMasked: '3203**********7319',
          occupation: expect.any(String),
          issuedOn: '2025-11-19',
          revokedOn: null,
        }),
      });
      for (const secret of [XIELEI.id, XIELEI.name, 'personKey', 'cityCode', 'holderName'])
        expect(res.body).not.toContain(secret);
    }
  });

  it('a wrong name gets exactly the answer of an unknown number (no oracle of numbers or names)', async () => {
    const unknown = await lookup({ no: 'Y000000000000000000000', name: XIELEI.name });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({
      valid: false,
      status: 'unknown',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.stringMatching(/no certificate/),
    });
    // Another holder's name, a part of the name, the masked name: all the same answer, byte for byte.
    for (const name of [LIUMINTAO.name, '谢', '谢*', '谢磊磊']) {
      const wrong = await lookup({ no: XIELEI.no, name });
      expect(wrong.statusCode).toBe(200);
      expect(wrong.body, name).toBe(unknown.body);
    }
  });

  it('a revoked certificate says so, with its date and reason', async () => {
    const revoke = await d.call('province', 'POST', `/api/certificates/${LIUMINTAO.no}/revoke`, { reason: '考核舞弊' });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const res = await lookup({ no: LIUMINTAO.no, name: LIUMINTAO.name });
    expect(res.json()).toMatchObject({
      valid: false,
      status: 'revoked',
      certificate: {
        holder: '刘*涛',
        holderIdMasked: '3202**********4548',
        revokedOn: expect.any(String),
        revokeReason: '考核舞弊',
      },
    });
    expect(res.body).not.toContain(LIUMINTAO.id);
  });

  it('refuses a request without a number or a name with a bilingual 400', async () => {
    for (const payload of [{ no: XIELEI.no }, { no: XIELEI.no, name: '   ' }, { name: XIELEI.name }]) {
      const res = await lookup(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        message: expect.stringMatching(/[\u4e00-\u9fa5]/),
        message_en: expect.any(String),
      });
    }
  });

  it('is rate-limited per address like the QR check: 429 with a bilingual message', async () => {
    const codes: number[] = [];
    let body: Record<string, unknown> = {};
    for (let i = 0; i < LIMIT + 5; i++) {
      const res = await lookup({ no: XIELEI.no, name: `猜${i}` });
      codes.push(res.statusCode);
      if (res.statusCode === 429) body = res.json();
    }
    expect(codes).toContain(429);
    expect(codes.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    expect(body).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      message_en: expect.any(String),
    });
    // The right answer no longer gets through either, until the window passes.
    expect((await lookup({ no: XIELEI.no, name: XIELEI.name })).statusCode).toBe(429);
  });
});
