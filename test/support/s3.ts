import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AwsV4Signer } from 'aws4fetch';
import S3rver from 's3rver';
import type { MediaS3Config } from '../../src/kernel/config.ts';

const KEY = 'S3RVER';
const SECRET = 'S3RVER'; // s3rver's only key pair

/**
 * A real S3-compatible server (s3rver) in this process, on a free port over a temporary directory,
 * with one bucket. s3rver checks a V4 request's key id but not its signature, so a middleware in
 * front recomputes the signature over the headers the client signed and refuses a mismatch the
 * way S3 does (403 SignatureDoesNotMatch): a wrong secret must fail here as it would in production.
 */
export async function localS3(bucket = 'jineng-media'): Promise<{ config: MediaS3Config; close: () => Promise<void> }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  server.middleware.unshift(verifySignatureV4);
  const { port } = await server.run();
  return {
    config: {
      endpoint: `http://127.0.0.1:${port}`,
      bucket,
      region: 'us-east-1',
      accessKeyId: KEY,
      secretAccessKey: SECRET,
    },
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

interface KoaContext {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  set: (name: string, value: string) => void;
}

async function verifySignatureV4(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const auth = String(ctx.headers.authorization ?? '');
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)/.exec(
    auth,
  );
  if (m) {
    const [, region, signedHeaders, signature] = m;
    const headers = new Headers();
    for (const h of signedHeaders!.split(';')) if (h !== 'host') headers.set(h, String(ctx.headers[h] ?? ''));
    const expected = new AwsV4Signer({
      method: ctx.method,
      url: `http://${ctx.headers.host}${ctx.url}`,
      headers,
      accessKeyId: KEY,
      secretAccessKey: SECRET,
      service: 's3',
      region,
      datetime: String(ctx.headers['x-amz-date']),
    });
    if ((await expected.signature()) !== signature) {
      ctx.status = 403;
      ctx.set('content-type', 'application/xml');
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code></Error>';
      return;
    }
  }
  await next();
}
