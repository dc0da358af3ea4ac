import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where course media lie (docs/online-learning.md § Media). One interface, adapters chosen by
 * config (media-store-for.ts): the local disk (JINENG_MEDIA_DIR) here, or an S3-compatible object
 * store (s3-store.ts: PutObject, HeadObject, GetObject with a Range header) when JINENG_MEDIA_S3_* are set.
 */
export interface MediaStore {
  /** Stores the stream under `key` (replacing it); its size in bytes. */
  put(key: string, content: Readable): Promise<number>;
  /** The size of a stored object, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** Bytes `start`..`end` (inclusive) of a stored object. */
  read(key: string, start: number, end: number): Readable;
}

/** Keys are ours (`<module id>`), never a path from a client; still, nothing outside the directory. */
const SAFE_KEY = /^[a-z0-9-]+$/;

export class LocalDiskStore implements MediaStore {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`bad media key ${key}`);
    return path.join(this.dir, key);
  }

  async put(key: string, content: Readable): Promise<number> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(key)}.part`;
    await pipeline(content, fs.createWriteStream(tmp));
    await fs.promises.rename(tmp, this.file(key)); // a half-written upload is never served
    return (await fs.promises.stat(this.file(key))).size;
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(this.file(key))).size;
    } catch {
      return null;
    }
  }

  read(key: string, start: number, end: number): Readable {
    return fs.createReadStream(this.file(key), { start, end });
  }
}

/**
 * An HTTP Range header against an object of `size` bytes: the inclusive byte span, null for the
 * whole object, or 'unsatisfiable' (answer 416). One range only; `bytes=-N` is the last N. Several
 * ranges (`bytes=0-1,5-6`) or another unit are ignored and the whole object is sent (200), which
 * RFC 9110 § 14.2 allows (and, for an unknown unit, requires): players ask for one range.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const spec = header.trim();
  if (!/^bytes=/i.test(spec) || spec.includes(',')) return null;
  const m = /^bytes=(\d*)-(\d*)$/i.exec(spec);
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
