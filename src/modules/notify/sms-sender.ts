import type { SmsConfig } from '../../kernel/config.ts';
import { FileOutbox, type SmsSender } from '../../kernel/sms.ts';
import { AliyunSms } from './aliyun-sms.ts';

/** The SMS channel the configuration names: Alibaba Cloud SMS, or the file outbox (development, tests). */
export function smsSender(config: SmsConfig, outbox: string | null): SmsSender {
  return config.provider === 'aliyun' ? new AliyunSms(config) : new FileOutbox(outbox);
}
