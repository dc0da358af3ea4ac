import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmsSendError } from '../../kernel/sms.ts';
import { AliyunSms, percentEncode, signRpc } from './aliyun-sms.ts';

const SECRET = 'testsecret';

/**
 * A loopback fake of Dysmsapi: checks each request's signature with the shared secret, the action,
 * sign name and template, and answers from a script (status, body) so tests drive 5xx and 4xx.
 */
function fakeProvider() {
  const requests: Record<string, string>[] = [];
  let script: { status: number; body: object }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(raw));
      requests.push(params);
      const answer = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (params.Signature !== signRpc('POST', params, SECRET))
        return answer(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' });
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25' || params.SignName !== '江苏技能')
        return answer(400, { Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: 'bad sign name' });
      if (params.TemplateCode !== 'SMS_100001')
        return answer(400, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法' });
      const next = script.shift() ?? {
        status: 200,
        body: { Code: 'OK', Message: 'OK', BizId: `biz-${requests.length}` },
      };
      answer(next.status, next.body);
    });
  });
  return {
    server,
    requests,
    respond: (s: typeof script) => {
      script = s;
    },
  };
}

describe('Alibaba Cloud SMS adapter (against a loopback fake provider)', () => {
  const fake = fakeProvider();
  let endpoint = '';
  const adapter = (over: Partial<ConstructorParameters<typeof AliyunSms>[0]> = {}) =>
    new AliyunSms({
      endpoint,
      accessKeyId: 'LTAItest',
      accessKeySecret: SECRET,
      signName: '江苏技能',
      templates: { subsidy_decided: 'SMS_100001', otp: 'SMS_999' },
      backoffMs: 5,
      ...over,
    });
  const message = {
    phone: '13800000001',
    template: 'subsidy_decided',
    params: { program: '职业培训补贴', amountYuan: '1200.00' },
  };

  beforeAll(async () => {
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => fake.server.close(() => r())));

  it('percent-encodes as the signature wants (space %20, * %2A, ~ kept)', () => {
    expect(percentEncode("a b*c~d'(!)")).toBe('a%20b%2Ac~d%27%28%21%29');
    expect(percentEncode('职')).toBe('%E8%81%8C');
  });

  it('signs the request, maps our template to the provider’s and sends the params as JSON', async () => {
    fake.requests.length = 0;
    const r = await adapter().send(message);
    expect(r.providerId).toBe('biz-1');
    const req = fake.requests[0]!;
    expect(req).toMatchObject({
      AccessKeyId: 'LTAItest',
      PhoneNumbers: '13800000001',
      TemplateCode: 'SMS_100001',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
    });
    expect(JSON.parse(req.TemplateParam!)).toEqual(message.params);
    expect(req.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('a wrong secret is refused by the provider (4xx) and not retried', async () => {
    fake.requests.length = 0;
    const err = await adapter({ accessKeySecret: 'wrong' })
      .send(message)
      .catch((e) => e);
    expect(err).toBeInstanceOf(SmsSendError);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('SignatureDoesNotMatch');
    expect(fake.requests).toHaveLength(1);
  });

  it('a template the provider refuses fails at once with its message', async () => {
    fake.requests.length = 0;
    const err = await adapter({ templates: { subsidy_decided: 'SMS_BAD' } })
      .send(message)
      .catch((e) => e);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('模板不合法');
    expect(fake.requests).toHaveLength(1);
  });

  it('a kind without a configured template fails without calling the provider', async () => {
    fake.requests.length = 0;
    const err = await adapter()
      .send({ ...message, template: 'payment_sent' })
      .catch((e) => e);
    expect(err.retryable).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  it('retries a 5xx with backoff and succeeds', async () => {
    fake.requests.length = 0;
    fake.respond([
      { status: 503, body: { Code: 'ServiceUnavailable', Message: 'busy' } },
      { status: 500, body: { Code: 'InternalError', Message: 'oops' } },
    ]);
    const r = await adapter().send(message);
    expect(fake.requests).toHaveLength(3);
    expect(r.providerId).toBe('biz-3');
    // Each attempt is signed anew (a fresh nonce).
    expect(new Set(fake.requests.map((q) => q.SignatureNonce)).size).toBe(3);
  });

  it('gives up after its retries on 5xx, as retryable for the job', async () => {
    fake.requests.length = 0;
    fake.respond(Array(3).fill({ status: 502, body: { Code: 'BadGateway', Message: 'down' } }));
    const err = await adapter({ retries: 2 })
      .send(message)
      .catch((e) => e);
    expect(fake.requests).toHaveLength(3);
    expect(err.retryable).toBe(true);
  });

  it('a refusal in a 200 answer is not retried; throttling is left to the job', async () => {
    fake.requests.length = 0;
    fake.respond([{ status: 200, body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } }]);
    const bad = await adapter()
      .send(message)
      .catch((e) => e);
    expect(bad.retryable).toBe(false);
    expect(bad.message).toBe('isv.MOBILE_NUMBER_ILLEGAL: 非法手机号');
    fake.respond([{ status: 200, body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' } }]);
    const throttled = await adapter()
      .send(message)
      .catch((e) => e);
    expect(throttled.retryable).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('treats an unreachable provider as a network error to retry', async () => {
    const err = await adapter({ endpoint: 'http://127.0.0.1:9', retries: 1 })
      .send(message)
      .catch((e) => e);
    expect(err).toBeInstanceOf(SmsSendError);
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/^network/);
  });
});
