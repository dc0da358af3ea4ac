import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import type { MediaS3Config } from '../../kernel/config.ts';
import type { MediaStore } from './media-store.ts';

/** S3 wants every part but the last to be at least 5 MiB; an upload holds at most two parts in memory. */
const PART_SIZE = 8 * 1024 * 1024;
const SAFE_KEY = /^[a-z0-9-]+$/;

/** An object store answered with an error; the message carries the store's own code (`SignatureDoesNotMatch`). */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly s3Code: string,
    what: string,
  ) {
    super(`S3 ${what}: ${status} ${s3Code}`);
  }
}

async function failure(res: Response, what: string): Promise<S3Error> {
  const body = await res.text().catch(() => '');
  return new S3Error(res.status, /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? res.statusText, what);
}

/**
 * Course media in any S3-compatible store (MinIO, Ceph, OSS, COS), signed with AWS Signature V4 and
 * addressed path-style (`<endpoint>/<bucket>/<key>`), so no DNS per bucket is needed. An upload is
 * read in parts of `partSize`: one part or less goes as a single PutObject; more goes as a multipart
 * upload, so a large video never sits whole in memory (at most two parts do: the second shows it is multipart).
 */
export class S3Store implements MediaStore {
  private readonly client: AwsClient;

  constructor(
    readonly config: MediaS3Config,
    private readonly partSize = PART_SIZE,
  ) {
    this.client = new AwsClient({
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      region: config.region,
      service: 's3',
    });
  }

  private url(key: string, query = ''): string {
    if (!SAFE_KEY.test(key)) throw new Error(`bad media key ${key}`);
    return `${this.config.endpoint}/${encodeURIComponent(this.config.bucket)}/${key}${query}`;
  }

  private async send(what: string, url: string, init: RequestInit = {}): Promise<Response> {
    const res = await this.client.fetch(url, init);
    if (!res.ok) throw await failure(res, what);
    return res;
  }

  async put(key: string, content: Readable): Promise<number> {
    const parts = chunks(content, this.partSize);
    const first = await parts.next();
    const head = first.done ? Buffer.alloc(0) : first.value;
    const second = first.done ? first : await parts.next();
    if (second.done) {
      await this.send('PutObject', this.url(key), { method: 'PUT', body: asBody(head) });
      return head.length;
    }
    return this.multipart(key, [head, second.value], parts);
  }

  private async multipart(key: string, firstTwo: Buffer[], rest: AsyncGenerator<Buffer>): Promise<number> {
    const created = await this.send('CreateMultipartUpload', this.url(key, '?uploads'), { method: 'POST' });
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1];
    if (!uploadId) throw new S3Error(created.status, 'NoUploadId', 'CreateMultipartUpload');
    const etags: string[] = [];
    let bytes = 0;
    try {
      const upload = async (part: Buffer) => {
        const n = etags.length + 1;
        const q = `?partNumber=${n}&uploadId=${encodeURIComponent(uploadId)}`;
        const res = await this.send('UploadPart', this.url(key, q), { method: 'PUT', body: asBody(part) });
        etags.push(res.headers.get('etag') ?? '');
        bytes += part.length;
      };
      for (const part of firstTwo) await upload(part);
      for await (const part of rest) await upload(part);
      const xml = etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('');
      const done = await this.send(
        'CompleteMultipartUpload',
        this.url(key, `?uploadId=${encodeURIComponent(uploadId)}`),
        {
          method: 'POST',
          body: `<CompleteMultipartUpload>${xml}</CompleteMultipartUpload>`,
        },
      );
      // S3 may answer 200 with an <Error> body when completing fails late.
      const text = await done.text();
      if (text.includes('<Error>'))
        throw new S3Error(200, /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'Error', 'CompleteMultipartUpload');
      return bytes;
    } catch (e) {
      // Parts of an abandoned upload are billed storage until aborted; a failed abort leaves them to lifecycle rules.
      await this.client
        .fetch(this.url(key, `?uploadId=${encodeURIComponent(uploadId)}`), { method: 'DELETE' })
        .catch(() => undefined);
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    const res = await this.client.fetch(this.url(key), { method: 'HEAD' });
    if (res.status === 404) return null;
    if (!res.ok) throw new S3Error(res.status, res.status === 403 ? 'AccessDenied' : res.statusText, 'HeadObject'); // HEAD has no body
    return Number(res.headers.get('content-length'));
  }

  /**
   * Fetches only when first read, so the interface stays synchronous; a failure is the stream's error.
   * Exactly the asked bytes come out: a store that ignores the Range (200, the whole object) or
   * widens it (s3rver answers `bytes=0-0` with everything) is trimmed, since the route has already
   * promised the client a Content-Length.
   */
  read(key: string, start: number, end: number): Readable {
    const url = this.url(key);
    const send = this.send.bind(this);
    async function* body() {
      const res = await send('GetObject', url, { headers: { range: `bytes=${start}-${end}` } });
      const from =
        res.status === 206 ? Number(/bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1] ?? start) : 0;
      if (from > start) throw new S3Error(res.status, 'BadContentRange', 'GetObject');
      let skip = start - from;
      let left = end - start + 1;
      for await (const chunk of (res.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
        if (left <= 0) break; // leaving the loop cancels the rest of the response
        const piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).subarray(skip);
        skip = Math.max(0, skip - chunk.byteLength);
        if (piece.length === 0) continue;
        const out = piece.subarray(0, left);
        left -= out.length;
        yield out;
      }
    }
    return Readable.from(body(), { objectMode: false });
  }
}

/** A Buffer as fetch's body type wants it, without copying (Node's Buffers never sit on a SharedArrayBuffer). */
const asBody = (b: Buffer) => b as Uint8Array<ArrayBuffer>;

/** The stream regrouped into buffers of `size` bytes (the last may be shorter; an empty stream gives none). */
async function* chunks(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let length = 0;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    held.push(piece);
    length += piece.length;
    while (length >= size) {
      const all = Buffer.concat(held);
      yield all.subarray(0, size);
      held = [all.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(held);
}
