import { createHmac, randomUUID } from 'node:crypto';
import { SmsSendError, type SmsMessage, type SmsResult, type SmsSender } from '../../kernel/sms.ts';

/**
 * Alibaba Cloud SMS (阿里云短信, Dysmsapi 2017-05-25 `SendSms`), called over HTTPS with the RPC
 * signature v1 (HMAC-SHA1 over the sorted, percent-encoded parameters) — the same request the
 * official SDK makes, without its dependency tree. Our template codes (`subsidy_decided`, `otp`)
 * map to the provider's (`SMS_123456789`) by configuration.
 *
 * Failures: a network error, a timeout or a 5xx is retried here (`retries` times, doubling
 * `backoffMs`) and then thrown as retryable; a 4xx or a refusal in the answer (`Code` not `OK`)
 * is not retried and carries the provider's message; throttling is thrown retryable at once (the
 * delivery job comes back later).
 */
export interface AliyunSmsOptions {
  /** `https://dysmsapi.aliyuncs.com` in production; a loopback fake in tests. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名: the approved signature name shown in 【】. */
  signName: string;
  /** Our template code → the provider's template code. */
  templates: Record<string, string>;
  regionId?: string;
  retries?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

const THROTTLED = /^(Throttling|isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL)/;

export class AliyunSms implements SmsSender {
  readonly name = 'aliyun';
  constructor(private readonly o: AliyunSmsOptions) {}

  async send(message: SmsMessage): Promise<SmsResult> {
    const templateCode = this.o.templates[message.template];
    if (!templateCode)
      throw new SmsSendError(`no provider template configured for ${message.template} (JINENG_SMS_TEMPLATES)`, false);
    const retries = this.o.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(message, templateCode);
      } catch (e) {
        const err = e instanceof SmsSendError ? e : new SmsSendError(`network: ${(e as Error).message}`, true);
        const throttled = THROTTLED.test(err.message);
        if (!err.retryable || throttled || attempt >= retries) throw err;
        await new Promise((r) => setTimeout(r, (this.o.backoffMs ?? 500) * 2 ** attempt));
      }
    }
  }

  private async call(message: SmsMessage, templateCode: string): Promise<SmsResult> {
    const params: Record<string, string> = {
      AccessKeyId: this.o.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: message.phone,
      RegionId: this.o.regionId ?? 'cn-hangzhou',
      SignName: this.o.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: templateCode,
      TemplateParam: JSON.stringify(message.params),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    params.Signature = signRpc('POST', params, this.o.accessKeySecret);
    const res = await fetch(`${this.o.endpoint.replace(/\/+$/, '')}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: canonicalQuery(params),
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: { Code?: string; Message?: string; BizId?: string } = {};
    try {
      body = JSON.parse(text);
    } catch {
      /* a gateway's HTML error page: the status decides */
    }
    const said = `${body.Code ?? res.status}: ${body.Message ?? text.slice(0, 200)}`;
    if (res.status >= 500) throw new SmsSendError(`provider ${res.status} ${said}`, true);
    if (res.status >= 400) throw new SmsSendError(said, false);
    if (body.Code !== 'OK') throw new SmsSendError(said, THROTTLED.test(body.Code ?? ''));
    return { providerId: body.BizId ?? '' };
  }
}

/** RFC 3986 percent-encoding as Alibaba Cloud's signature wants it (space → %20, `*` → %2A, `~` kept). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The parameters sorted by name and percent-encoded, `k=v` joined by `&` (what is signed and sent). */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

/**
 * RPC signature v1: base64(HMAC-SHA1(secret + '&', METHOD & %2F & encode(canonical query))),
 * over every parameter except `Signature`.
 */
export function signRpc(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const { Signature: _, ...rest } = params;
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(rest))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(toSign).digest('base64');
}
