import os from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from the environment and is validated once at start-up; a bad value stops
 * the process with a message naming the variable. The demo keys below exist so that `npm start`
 * needs nothing; production (NODE_ENV=production) must set its own.
 */
const DEMO_PII_KEY = 'ZGVtby1vbmx5LWtleS1qaW5lbmctcGlpLTAwMDAwMDA='; // base64 of 32 demo bytes
const DEMO_AUDIT_KEY = 'ZGVtby1vbmx5LWtleS1qaW5lbmctYXVkaXQtMDAwMDA='; // base64 of 32 demo bytes
const DEMO_SESSION_SECRET = 'demo-only-session-secret-change-me-in-production';

const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  /** A hot standby of DATABASE_URL serving the routes that declare `reads: 'standby'` (docs/operations.md). */
  DATABASE_READ_URL: z.string().url().optional(),
  /** How many bytes of WAL the standby may trail the primary and still serve reads (default 16 MB). */
  JINENG_READ_MAX_LAG_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(16 * 1024 * 1024),
  JINENG_DATA_DIR: z.string().default('./.data'),
  JINENG_SMS_OUTBOX: z.string().optional(),
  /** Where uploaded course media are kept (default: `media` under the data dir; tests: a temporary dir). */
  JINENG_MEDIA_DIR: z.string().optional(),
  /** An S3-compatible object store for course media instead of the disk (all of endpoint, bucket and keys, or none). */
  JINENG_MEDIA_S3_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^/\s]+\/*$/, 'http(s)://host[:port], without a path (path-style: the bucket follows)')
    .optional(),
  JINENG_MEDIA_S3_BUCKET: z.string().min(1).optional(),
  JINENG_MEDIA_S3_REGION: z.string().min(1).default('us-east-1'),
  JINENG_MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  JINENG_MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  JINENG_DEMO_SCALE: z.enum(['province', 'example']).default('province'),
  JINENG_SMS_PROVIDER: z.enum(['outbox', 'aliyun']).default('outbox'),
  JINENG_SMS_ENDPOINT: z.string().url().default('https://dysmsapi.aliyuncs.com'),
  JINENG_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  JINENG_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  JINENG_SMS_SIGN_NAME: z.string().min(1).optional(),
  /** `our_code=SMS_123,otp=SMS_456`: our template codes → the provider's. */
  JINENG_SMS_TEMPLATES: z
    .string()
    .regex(/^\s*[a-z_]+=[A-Za-z0-9_]+(\s*,\s*[a-z_]+=[A-Za-z0-9_]+)*\s*$/, 'code=PROVIDER_CODE pairs, comma-separated')
    .optional(),
  JINENG_SMS_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'a five-field cron expression')
    .default('* * * * *'),
  JINENG_NOTICES_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'a five-field cron expression')
    .default('0 18 * * *'),
  JINENG_LIVE_REMINDERS_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'a five-field cron expression')
    .default('*/5 * * * *'),
  JINENG_PII_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  JINENG_AUDIT_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  JINENG_SESSION_SECRET: z.string().min(32).optional(),
  JINENG_SIGNING_SEED: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  JINENG_PUBLIC_URL: z.string().url().optional(),
  JINENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  JINENG_LOCKOUT_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  JINENG_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  JINENG_LOCKOUT_ADDRESS_ATTEMPTS: z.coerce.number().int().min(1).default(50),
  JINENG_SETTLE_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'a five-field cron expression')
    .default('30 1 * * *'),
  JINENG_REMINDERS_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'a five-field cron expression')
    .default('0 8 * * 1'),
  JINENG_JOBS: z.enum(['on', 'off']).default('on'),
  /** Where uploads wait for a worker; with workers on other machines, a volume they all mount. */
  JINENG_UPLOAD_DIR: z.string().optional(),
  /** Proxies in front of the server: `false` (default), `true` (any), or addresses/CIDRs, comma-separated. */
  JINENG_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, 'true, false or comma-separated addresses/CIDRs')
    .default('false'),
  /** Bearer token a Prometheus scraper sends to GET /api/metrics; unset: province administrators only. */
  JINENG_METRICS_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl?: string;
  /** The hot standby routed reads may use (PostgreSQL only). */
  databaseReadUrl?: string;
  /** The standby's largest acceptable lag in bytes of WAL; beyond it routed reads go to the primary. */
  readMaxLagBytes: number;
  dataDir: string;
  /** The local-disk media store's directory (course videos and documents). */
  mediaDir: string;
  /** The S3-compatible store for course media (path-style URLs); null: the local disk (mediaDir). */
  mediaS3: MediaS3Config | null;
  piiKey: Buffer;
  /** HMAC key of the audit chain; lives outside the database so its owner cannot rebuild the chain. */
  auditKey: Buffer;
  sessionSecret: string;
  logLevel: string;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** Failed sign-ins one client address may make per lock-out window, over all usernames. */
  lockoutAddressAttempts: number;
  /** Ed25519 seed of the province's certificate-signing key. */
  signingSeed: Buffer;
  /** `serve --demo`: `province` loads the generated 1/1000 Jiangsu beside the worked example; `example` the example alone. */
  demoScale: 'province' | 'example';
  /** Where the development SMS outbox appends messages (JSON lines); null in tests unless JINENG_SMS_OUTBOX is set (memory only). */
  smsOutbox: string | null;
  /** Which SMS channel sends: the outbox (development) or Alibaba Cloud SMS with its credentials. */
  sms: SmsConfig;
  /** When queued SMS are sent (cron, China time; every minute by default). */
  smsCron: string;
  /** When the time-based notices (class opening tomorrow, attendance, confirmations due) are made. */
  noticesCron: string;
  /** When live-class reminders are made (cron, China time; every 5 minutes by default). */
  liveRemindersCron: string;
  /** Base URL printed in certificate QR codes. */
  publicUrl: string;
  /** The origin of JINENG_PUBLIC_URL when set: cookie-authenticated writes must come from it (or the Host). */
  publicOrigin: string | null;
  /** When the daily settlement runs (cron, China time). */
  settleCron: string;
  /** When weekly reminders are generated (cron, China time). */
  remindersCron: string;
  /** Whether this process runs scheduled jobs (`off` for API-only processes when workers run apart). */
  runJobs: boolean;
  /** Where uploaded files wait for the worker that imports them (shared by API and workers). */
  uploadDir: string;
  /** The scrape token of GET /api/metrics (null: province administrators only). */
  metricsToken: string | null;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy). Behind a proxy without it, every
   * request seems to come from the proxy, so per-address sign-in and SMS limits would be province-wide.
   */
  trustProxy: boolean | string[];
}

export type SmsConfig =
  | { provider: 'outbox' }
  | {
      provider: 'aliyun';
      endpoint: string;
      accessKeyId: string;
      accessKeySecret: string;
      signName: string;
      /** Our template code → the provider's template code. */
      templates: Record<string, string>;
    };

export interface MediaS3Config {
  /** e.g. `https://minio.example.gov.cn:9000`; objects are at `<endpoint>/<bucket>/<key>`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class ConfigError extends Error {}

const MEDIA_S3_REQUIRED = [
  'JINENG_MEDIA_S3_ENDPOINT',
  'JINENG_MEDIA_S3_BUCKET',
  'JINENG_MEDIA_S3_ACCESS_KEY_ID',
  'JINENG_MEDIA_S3_SECRET_ACCESS_KEY',
] as const;

/** All four set: the object store; none: the disk; some: a mistake worth stopping for, not a silent fallback. */
function mediaS3Config(c: z.infer<typeof ZConfig>): MediaS3Config | null {
  const missing = MEDIA_S3_REQUIRED.filter((k) => !c[k]);
  if (missing.length === MEDIA_S3_REQUIRED.length) return null;
  if (missing.length)
    throw new ConfigError(
      `配置错误 / invalid configuration: 课程文件对象存储（S3）配置不完整，还需设置 ${missing.join('、')}; ` +
        `the S3 media store is partly configured, it also requires ${missing.join(', ')}`,
    );
  return {
    endpoint: c.JINENG_MEDIA_S3_ENDPOINT!.replace(/\/+$/, ''),
    bucket: c.JINENG_MEDIA_S3_BUCKET!,
    region: c.JINENG_MEDIA_S3_REGION,
    accessKeyId: c.JINENG_MEDIA_S3_ACCESS_KEY_ID!,
    secretAccessKey: c.JINENG_MEDIA_S3_SECRET_ACCESS_KEY!,
  };
}

function smsConfig(c: z.infer<typeof ZConfig>): SmsConfig {
  if (c.JINENG_SMS_PROVIDER === 'outbox') return { provider: 'outbox' };
  const missing = (
    [
      'JINENG_SMS_ACCESS_KEY_ID',
      'JINENG_SMS_ACCESS_KEY_SECRET',
      'JINENG_SMS_SIGN_NAME',
      'JINENG_SMS_TEMPLATES',
    ] as const
  ).filter((k) => !c[k]);
  if (missing.length)
    throw new ConfigError(
      `配置错误 / invalid configuration: JINENG_SMS_PROVIDER=aliyun 需要 / requires ${missing.join(', ')}`,
    );
  return {
    provider: 'aliyun',
    endpoint: c.JINENG_SMS_ENDPOINT,
    accessKeyId: c.JINENG_SMS_ACCESS_KEY_ID!,
    accessKeySecret: c.JINENG_SMS_ACCESS_KEY_SECRET!,
    signName: c.JINENG_SMS_SIGN_NAME!,
    templates: Object.fromEntries(
      c.JINENG_SMS_TEMPLATES!.split(',').map((pair) => pair.split('=').map((x) => x.trim()) as [string, string]),
    ),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 / invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (
    c.NODE_ENV === 'production' &&
    (!c.JINENG_PII_KEY || !c.JINENG_AUDIT_KEY || !c.JINENG_SESSION_SECRET || !c.JINENG_SIGNING_SEED)
  ) {
    throw new ConfigError(
      '配置错误 / invalid configuration: 生产环境必须设置 JINENG_PII_KEY、JINENG_AUDIT_KEY、JINENG_SESSION_SECRET 与 JINENG_SIGNING_SEED; ' +
        'production requires JINENG_PII_KEY, JINENG_AUDIT_KEY, JINENG_SESSION_SECRET and JINENG_SIGNING_SEED',
    );
  }
  if (c.DATABASE_READ_URL && !c.DATABASE_URL) {
    throw new ConfigError(
      '配置错误 / invalid configuration: DATABASE_READ_URL（只读备库）需要同时设置 DATABASE_URL（主库，PostgreSQL）; ' +
        'DATABASE_READ_URL (a read-only standby) requires DATABASE_URL (the PostgreSQL primary)',
    );
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    databaseReadUrl: c.DATABASE_READ_URL,
    readMaxLagBytes: c.JINENG_READ_MAX_LAG_BYTES,
    dataDir: c.JINENG_DATA_DIR,
    mediaDir:
      c.JINENG_MEDIA_DIR ??
      (c.NODE_ENV === 'test' && !env.JINENG_DATA_DIR
        ? path.join(os.tmpdir(), `jineng-media-${process.pid}`)
        : path.join(c.JINENG_DATA_DIR, 'media')),
    mediaS3: mediaS3Config(c),
    piiKey: Buffer.from(c.JINENG_PII_KEY ?? DEMO_PII_KEY, 'base64'),
    auditKey: Buffer.from(c.JINENG_AUDIT_KEY ?? DEMO_AUDIT_KEY, 'base64'),
    sessionSecret: c.JINENG_SESSION_SECRET ?? DEMO_SESSION_SECRET,
    logLevel: c.JINENG_LOG_LEVEL,
    lockoutAttempts: c.JINENG_LOCKOUT_ATTEMPTS,
    lockoutMinutes: c.JINENG_LOCKOUT_MINUTES,
    lockoutAddressAttempts: c.JINENG_LOCKOUT_ADDRESS_ATTEMPTS,
    signingSeed: c.JINENG_SIGNING_SEED
      ? Buffer.from(c.JINENG_SIGNING_SEED, 'base64')
      : createHash('sha256').update('jineng demo certificate signing key').digest(),
    demoScale: c.JINENG_DEMO_SCALE,
    // Tests keep messages in memory unless given a file (the browser tests read codes from it).
    smsOutbox: c.JINENG_SMS_OUTBOX ?? (c.NODE_ENV === 'test' ? null : path.join(c.JINENG_DATA_DIR, 'sms-outbox.jsonl')),
    sms: smsConfig(c),
    smsCron: c.JINENG_SMS_CRON,
    noticesCron: c.JINENG_NOTICES_CRON,
    liveRemindersCron: c.JINENG_LIVE_REMINDERS_CRON,
    publicUrl: c.JINENG_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${c.PORT}`, // QR links append /verify
    publicOrigin: c.JINENG_PUBLIC_URL ? new URL(c.JINENG_PUBLIC_URL).origin : null,
    settleCron: c.JINENG_SETTLE_CRON,
    remindersCron: c.JINENG_REMINDERS_CRON,
    runJobs: c.JINENG_JOBS === 'on',
    uploadDir: c.JINENG_UPLOAD_DIR ?? path.join(os.tmpdir(), 'jineng-uploads'),
    metricsToken: c.JINENG_METRICS_TOKEN ?? null,
    trustProxy: parseTrustProxy(c.JINENG_TRUST_PROXY),
  };
}

function parseTrustProxy(v: string): boolean | string[] {
  if (v === 'true') return true;
  if (v === 'false') return false;
  return v.split(',').map((x) => x.trim());
}

/** Hosts only the server's own machine can reach: a QR code pointing there verifies nothing for anyone else. */
const LOCAL_HOST = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;

/**
 * A production server prints JINENG_PUBLIC_URL in every certificate's QR code (and trusts it as the
 * site's origin): refuse to start when it is unset or names this machine, not after the first
 * certificates went out with a dead link.
 */
export function assertPublicUrlServable(config: Pick<Config, 'env' | 'publicUrl' | 'publicOrigin'>): void {
  if (config.env !== 'production') return;
  const host = config.publicOrigin ? new URL(config.publicOrigin).hostname : null;
  if (host && !LOCAL_HOST.test(host)) return;
  const now = host ? `JINENG_PUBLIC_URL=${config.publicUrl}` : 'JINENG_PUBLIC_URL 未设置 / is unset';
  throw new ConfigError(
    `配置错误 / invalid configuration: 生产环境必须将 JINENG_PUBLIC_URL 设为公众可访问的网站地址（证书二维码指向它），如 https://jineng.example.gov.cn，不能是 localhost 或 127.0.0.1（${now}）; ` +
      'production requires JINENG_PUBLIC_URL to be the site’s public address (certificate QR codes point at it), e.g. https://jineng.example.gov.cn, not localhost or 127.0.0.1',
  );
}
