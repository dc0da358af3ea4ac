import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Error, S3Store } from '../src/modules/learning/index.ts';
import { localS3 } from './support/s3.ts';

/**
 * The S3-compatible media store (docs/online-learning.md § Media) against a real S3 server (s3rver):
 * Signature V4, path-style URLs, PutObject and multipart uploads, HeadObject, ranged GetObject.
 */
describe('S3Store', () => {
  let s3: Awaited<ReturnType<typeof localS3>>;
  let store: S3Store;
  const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

  beforeAll(async () => {
    s3 = await localS3();
    store = new S3Store(s3.config);
  });
  afterAll(() => s3?.close());

  it('stores a stream and tells its size', async () => {
    expect(
      await store.put('alphabet', Readable.from([Buffer.from('abcdefghij'), Buffer.from('klmnopqrstuvwxyz')])),
    ).toBe(26);
    expect(await store.size('alphabet')).toBe(26);
  });

  it('reads byte ranges: the first byte, the middle, the last few, the whole', async () => {
    expect(await text(store.read('alphabet', 0, 0))).toBe('a');
    expect(await text(store.read('alphabet', 4, 13))).toBe(ALPHABET.slice(4, 14));
    expect(await text(store.read('alphabet', 23, 25))).toBe('xyz');
    expect(await text(store.read('alphabet', 0, 25))).toBe(ALPHABET);
  });

  it('replaces an object put again under the same key', async () => {
    expect(await store.put('alphabet', Readable.from([Buffer.from(ALPHABET.toUpperCase())]))).toBe(26);
    expect(await text(store.read('alphabet', 0, 2))).toBe('ABC');
  });

  it('stores an empty upload', async () => {
    expect(await store.put('empty', Readable.from([]))).toBe(0);
    expect(await store.size('empty')).toBe(0);
  });

  it('uploads more than one part as a multipart upload, holding one part at a time', async () => {
    const small = new S3Store(s3.config, 10); // parts of 10 bytes: 26 bytes are three parts
    const pieces = [ALPHABET.slice(0, 7), ALPHABET.slice(7, 8), ALPHABET.slice(8)].map((s) => Buffer.from(s));
    expect(await small.put('parts', Readable.from(pieces))).toBe(26);
    expect(await store.size('parts')).toBe(26);
    expect(await text(store.read('parts', 0, 25))).toBe(ALPHABET);
    expect(await text(store.read('parts', 9, 10))).toBe('jk'); // across a part boundary
  });

  it('an upload that breaks off stores nothing (the multipart upload is aborted)', async () => {
    const small = new S3Store(s3.config, 10);
    async function* breaksOff() {
      yield Buffer.from(ALPHABET);
      throw new Error('client went away');
    }
    await expect(small.put('broken', Readable.from(breaksOff()))).rejects.toThrow('client went away');
    expect(await store.size('broken')).toBeNull();
  });

  it('a missing key has no size, and reading it fails as a stream error', async () => {
    expect(await store.size('nothing-here')).toBeNull();
    await expect(text(store.read('nothing-here', 0, 1))).rejects.toMatchObject({ status: 404, s3Code: 'NoSuchKey' });
  });

  it('a wrong secret is refused with the store’s own reason, on every call', async () => {
    const wrong = new S3Store({ ...s3.config, secretAccessKey: 'not-the-secret' });
    const put = wrong.put('alphabet', Readable.from([Buffer.from('x')]));
    await expect(put).rejects.toBeInstanceOf(S3Error);
    await expect(put).rejects.toMatchObject({ status: 403, s3Code: 'SignatureDoesNotMatch' });
    await expect(put).rejects.toThrow('S3 PutObject: 403 SignatureDoesNotMatch');
    await expect(wrong.size('alphabet')).rejects.toMatchObject({ status: 403 });
    await expect(text(wrong.read('alphabet', 0, 1))).rejects.toMatchObject({ s3Code: 'SignatureDoesNotMatch' });
    expect(await text(store.read('alphabet', 0, 0))).toBe('A'); // nothing was overwritten
  });

  it('refuses a key that is not ours before any request', () => {
    expect(() => store.read('../etc/passwd', 0, 1)).toThrow(/bad media key/);
  });
});
