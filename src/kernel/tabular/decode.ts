import { isAscii, isUtf8 } from 'node:buffer';

/**
 * The encodings an interchange file may be in (interchange.md § Files): UTF-8, or GB18030 — a
 * superset of GBK, what Excel in China writes when it saves CSV. Either is detected, or declared
 * (`jineng import --encoding gb18030`).
 */
export const FILE_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** One decoded piece of a file. An undecodable byte sequence is U+FFFD in `text`: the splitter refuses its line. */
export interface DecodedText {
  text: string;
  /** The encoding that read it: '' while only ASCII has been seen, 'text' for input that was already text. */
  encoding: string;
  /**
   * GB18030 only: the same bytes read as UTF-8. Both readings have the same line breaks, so the
   * splitter can tell, line by line, that a file which began in GB18030 went on in UTF-8.
   */
  asUtf8?: string;
}

/** How much of the file, from its first non-ASCII byte, decides its encoding. */
export const SAMPLE_BYTES = 64 * 1024;

const BOMS: { bytes: number[]; encoding: ReaderEncoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0x84, 0x31, 0x95, 0x33], encoding: 'gb18030' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

type ReaderEncoding = FileEncoding | 'utf-16le' | 'utf-16be';

/**
 * Decodes a byte stream as it arrives: a character split across two chunks is joined, never
 * broken. The encoding is a BOM's, else the declared one, else decided on the first
 * SAMPLE_BYTES from the first non-ASCII byte (ASCII reads the same in every candidate, so a
 * long ASCII prefix does not force an early guess). Chunks of pure ASCII take a copy-free path.
 */
export class StreamDecoder {
  private reader: Reader | null;
  private held: Buffer | null = null;
  private bomSeen = false;

  constructor(declared?: FileEncoding) {
    this.reader = declared ? readerFor(declared) : null;
  }

  push(chunk: Buffer): DecodedText | null {
    let buf = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = null;
    if (!this.bomSeen) {
      if (buf.length < 4) {
        this.held = buf; // too short to tell whether a BOM starts the file
        return null;
      }
      buf = this.dropBom(buf);
    }
    if (!this.reader) {
      if (isAscii(buf)) return { text: buf.toString('latin1'), encoding: '' };
      if (buf.length < SAMPLE_BYTES) {
        this.held = buf;
        return null;
      }
      this.reader = readerFor(detectEncoding(buf));
    }
    return this.reader.read(buf);
  }

  /** The rest of the file: held bytes, and an incomplete character at its very end (as U+FFFD). */
  end(): DecodedText | null {
    let buf = this.held ?? Buffer.alloc(0);
    this.held = null;
    if (!this.bomSeen) buf = this.dropBom(buf);
    if (!this.reader) {
      if (isAscii(buf)) return buf.length ? { text: buf.toString('latin1'), encoding: '' } : null;
      this.reader = readerFor(detectEncoding(buf));
    }
    return this.reader.finish(buf);
  }

  private dropBom(buf: Buffer): Buffer {
    this.bomSeen = true;
    const bom = BOMS.find((b) => b.bytes.every((x, i) => buf[i] === x));
    if (!bom) return buf;
    this.reader = readerFor(bom.encoding);
    return buf.subarray(bom.bytes.length);
  }
}

/**
 * UTF-8 when the sample reads as UTF-8 with more Chinese-sized (three-byte) characters than broken
 * sequences — a UTF-8 file with one damaged row stays UTF-8, and that row alone is refused; GB18030
 * when it does not (a GBK file read as UTF-8 is mostly broken sequences), or when its only
 * non-ASCII characters are two-byte ones (Latin, Greek, Cyrillic) that GB18030 reads as Chinese.
 */
export function detectEncoding(sample: Buffer): FileEncoding {
  const complete = sample.subarray(0, completeUtf8Length(sample));
  if (isUtf8(complete)) {
    if (complete.some((b) => b >= 0xe0)) return 'utf-8';
    return looksChinese(new TextDecoder('gb18030').decode(complete)) ? 'gb18030' : 'utf-8';
  }
  const text = complete.toString('utf8');
  let broken = 0;
  let wide = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) broken++;
    else if (c >= 0x800) wide++;
  }
  return wide > broken ? 'utf-8' : 'gb18030';
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included, is the point
const NON_ASCII = /[^\x00-\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included, is the point
const NOT_CHINESE = /[^\x00-\x7f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/** Text with non-ASCII characters, all of them Chinese characters or Chinese punctuation. */
export function looksChinese(text: string): boolean {
  return NON_ASCII.test(text) && !NOT_CHINESE.test(text);
}

/** The length of `buf` without an incomplete UTF-8 sequence at its end (kept for the next chunk). */
export function completeUtf8Length(buf: Uint8Array): number {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (buf[i] & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i < need ? i : buf.length;
}

interface Reader {
  read(buf: Buffer): DecodedText;
  finish(buf: Buffer): DecodedText;
}

function readerFor(encoding: ReaderEncoding): Reader {
  if (encoding === 'utf-8') return new Utf8Reader();
  if (encoding === 'gb18030') return new Gb18030Reader();
  return new WhatwgReader(encoding);
}

/** Buffer's own UTF-8 decoding (twice TextDecoder's speed on Chinese text), carrying a split character over. */
class Utf8Reader implements Reader {
  private tail: Buffer | null = null;

  read(chunk: Buffer): DecodedText {
    const buf = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    if (!this.tail && isAscii(buf)) return { text: buf.toString('latin1'), encoding: 'utf-8' };
    const n = completeUtf8Length(buf);
    this.tail = n < buf.length ? Buffer.from(buf.subarray(n)) : null;
    return { text: buf.toString('utf8', 0, n), encoding: 'utf-8' };
  }

  finish(chunk: Buffer): DecodedText {
    const d = this.read(chunk);
    if (this.tail) d.text += this.tail.toString('utf8');
    this.tail = null;
    return d;
  }
}

class Gb18030Reader implements Reader {
  private readonly decoder = new TextDecoder('gb18030');
  private readonly shadow = new Utf8Reader();

  read(buf: Buffer): DecodedText {
    return {
      text: this.decoder.decode(buf, { stream: true }),
      encoding: 'gb18030',
      asUtf8: this.shadow.read(buf).text,
    };
  }

  finish(buf: Buffer): DecodedText {
    return { text: this.decoder.decode(buf), encoding: 'gb18030', asUtf8: this.shadow.finish(buf).text };
  }
}

class WhatwgReader implements Reader {
  private readonly decoder: TextDecoder;
  constructor(private readonly encoding: string) {
    this.decoder = new TextDecoder(encoding);
  }

  read(buf: Buffer): DecodedText {
    return { text: this.decoder.decode(buf, { stream: true }), encoding: this.encoding };
  }

  finish(buf: Buffer): DecodedText {
    return { text: this.decoder.decode(buf), encoding: this.encoding };
  }
}
