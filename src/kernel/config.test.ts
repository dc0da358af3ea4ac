import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPublicUrlServable, ConfigError, loadConfig } from './config.ts';

/** A production environment with real keys, as docs/operations.md sets it up. */
const production = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  JINENG_PII_KEY: randomBytes(32).toString('base64'),
  JINENG_AUDIT_KEY: randomBytes(32).toString('base64'),
  JINENG_SESSION_SECRET: randomBytes(32).toString('hex'),
  JINENG_SIGNING_SEED: randomBytes(32).toString('base64'),
  ...extra,
});

describe('JINENG_PUBLIC_URL (printed in certificate QR codes)', () => {
  it('production refuses to serve without it, or with an address only this machine reaches', () => {
    for (const url of [
      undefined,
      'http://localhost:3000',
      'http://127.0.0.1',
      'https://LOCALHOST/',
      'http://[::1]:8080',
      'http://0.0.0.0',
    ]) {
      const config = loadConfig(production(url ? { JINENG_PUBLIC_URL: url } : {}));
      expect(() => assertPublicUrlServable(config), String(url)).toThrow(ConfigError);
      expect(() => assertPublicUrlServable(config)).toThrow(
        /生产环境.*JINENG_PUBLIC_URL.*production requires JINENG_PUBLIC_URL/,
      );
    }
  });

  it('production accepts the site’s public address; development and test keep the localhost default', () => {
    const config = loadConfig(production({ JINENG_PUBLIC_URL: 'https://jineng.example.gov.cn/' }));
    expect(() => assertPublicUrlServable(config)).not.toThrow();
    expect(config.publicUrl).toBe('https://jineng.example.gov.cn'); // QR links append /verify
    for (const NODE_ENV of ['development', 'test']) {
      const dev = loadConfig({ NODE_ENV, PORT: '3000' });
      expect(dev.publicUrl).toBe('http://localhost:3000');
      expect(() => assertPublicUrlServable(dev)).not.toThrow();
    }
  });

  it('`jineng serve` in production without it stops at once with the bilingual message (exit 2)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-config-'));
    try {
      const env = { ...process.env, ...production({ JINENG_DATA_DIR: dir, PORT: '0' }) };
      delete env.JINENG_PUBLIC_URL;
      delete env.DATABASE_URL;
      const r = spawnSync(process.execPath, ['bin/jineng.js', 'serve'], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/生产环境必须将 JINENG_PUBLIC_URL.*production requires JINENG_PUBLIC_URL/);
      expect(r.stdout).not.toContain('running');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('JINENG_TRUST_PROXY', () => {
  it('is off by default and reads true or a list of addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ JINENG_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ JINENG_TRUST_PROXY: '2x' })).toThrow(/JINENG_TRUST_PROXY/);
    expect(loadConfig({ JINENG_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16']);
  });
  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ JINENG_TRUST_PROXY: 'yes please' })).toThrow(/JINENG_TRUST_PROXY/);
  });
});

describe('DATABASE_READ_URL (the hot standby routed reads use)', () => {
  it('is refused without DATABASE_URL: a standby of PGlite does not exist', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://root@127.0.0.1:5433/jineng' })).toThrow(
      /DATABASE_READ_URL.*requires DATABASE_URL/,
    );
  });

  it('is read with the lag bound (16 MB of WAL unless JINENG_READ_MAX_LAG_BYTES says otherwise)', () => {
    const both = { DATABASE_URL: 'postgres://a@h:5432/j', DATABASE_READ_URL: 'postgres://a@h2:5432/j' };
    expect(loadConfig(both)).toMatchObject({ databaseReadUrl: both.DATABASE_READ_URL, readMaxLagBytes: 16_777_216 });
    expect(loadConfig({ ...both, JINENG_READ_MAX_LAG_BYTES: '0' }).readMaxLagBytes).toBe(0);
    expect(() => loadConfig({ ...both, JINENG_READ_MAX_LAG_BYTES: '-1' })).toThrow(/JINENG_READ_MAX_LAG_BYTES/);
  });
});

describe('JINENG_MEDIA_S3_* (course media in an S3-compatible store)', () => {
  const s3 = {
    JINENG_MEDIA_S3_ENDPOINT: 'https://minio.example.gov.cn:9000/',
    JINENG_MEDIA_S3_BUCKET: 'jineng-media',
    JINENG_MEDIA_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    JINENG_MEDIA_S3_SECRET_ACCESS_KEY: 'secret',
  };

  it('none set: the local disk; all set: the store, region us-east-1 unless given', () => {
    expect(loadConfig({}).mediaS3).toBeNull();
    expect(loadConfig(s3).mediaS3).toEqual({
      endpoint: 'https://minio.example.gov.cn:9000',
      bucket: 'jineng-media',
      region: 'us-east-1',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
    });
    expect(loadConfig({ ...s3, JINENG_MEDIA_S3_REGION: 'cn-east-1' }).mediaS3?.region).toBe('cn-east-1');
  });

  it('partly set: refuses to start, naming what is missing in Chinese and English', () => {
    const { JINENG_MEDIA_S3_SECRET_ACCESS_KEY: _, JINENG_MEDIA_S3_BUCKET: __, ...partial } = s3;
    expect(() => loadConfig(partial)).toThrow(ConfigError);
    expect(() => loadConfig(partial)).toThrow(
      /对象存储（S3）配置不完整，还需设置 JINENG_MEDIA_S3_BUCKET、JINENG_MEDIA_S3_SECRET_ACCESS_KEY; .*requires JINENG_MEDIA_S3_BUCKET, JINENG_MEDIA_S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ ...s3, JINENG_MEDIA_S3_ENDPOINT: 'minio:9000' })).toThrow(/JINENG_MEDIA_S3_ENDPOINT/);
  });
});
