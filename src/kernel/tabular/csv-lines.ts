import { StreamDecoder, looksChinese, type DecodedText, type FileEncoding } from './decode.ts';

/** Why a record could not be read; its row is refused with this reason (read-table.ts words it). */
export type RecordProblem =
  /** Bytes the file's encoding does not have (`mixed`: UTF-8 lines in a file that began in GB18030). */
  | { reason: 'BAD_ENCODING'; field: number; encoding: string; mixed: boolean }
  /** A quoted cell that is never closed, or whose closing quote is followed by other text. */
  | { reason: 'UNTERMINATED_QUOTE'; field: number; text: string };

/** One record of a CSV file with the line it starts on; `problem` when it could not be read. */
export interface CsvRecord {
  line: number;
  fields: string[];
  problem?: RecordProblem;
}

/** A quoted cell may span at most this many lines: past it, its quote is taken as never closed. */
export const MAX_QUOTED_LINES = 100;
const MAX_QUOTED_CHARS = 8 << 20;

/**
 * A streaming RFC 4180 record splitter, faster than a general parser for the common case: a line
 * without quotes is split on commas directly; quoted fields (with commas, doubled quotes or line
 * breaks inside) go through a small state machine. Yields each record with its first line number.
 * Bytes are decoded as a stream (decode.ts): UTF-8 or GB18030, detected or declared.
 *
 * Rows it cannot read are yielded with a `problem`, never garbled and never swallowed:
 * - a line holding bytes its encoding does not have (U+FFFD after decoding) → BAD_ENCODING;
 * - a quoted cell not closed by the end of the file or within MAX_QUOTED_LINES lines, or whose
 *   closing quote is followed by anything but a comma or the line end → UNTERMINATED_QUOTE at the
 *   record's first line; the lines after that line are then read again as records of their own.
 * A quote inside a cell that does not begin with one is an ordinary character.
 */
export async function* csvRecords(
  chunks: AsyncIterable<Buffer | string>,
  opts: { encoding?: FileEncoding; firstLine?: number } = {},
): AsyncGenerator<CsvRecord> {
  const split = new Splitter();
  const out = split.out;
  let rest = '';
  let restUtf8: string | null = null;
  // A piece of a file read on its own (import-threads.ts) numbers its lines from where it starts.
  let lineNo = (opts.firstLine ?? 1) - 1;
  let first = true;
  for await (const [d, last] of decoded(chunks, opts.encoding)) {
    let text = rest + d.text;
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    // The shadow reading starts where GB18030 was decided: the partial line before it is ASCII, the same in both.
    const shadow: string | null = d.asUtf8 === undefined ? null : (restUtf8 ?? rest) + d.asUtf8;
    // A replacement character anywhere in the piece: only then are its lines checked one by one.
    const suspect = shadow !== null || text.indexOf('\uFFFD') >= 0;
    let start = 0;
    let shadowStart = 0;
    for (;;) {
      let nl = text.indexOf('\n', start);
      if (nl < 0) {
        if (!last || start >= text.length) break;
        nl = text.length;
      }
      let line = text.slice(start, nl);
      start = nl + 1;
      lineNo++;
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      let bad: Unreadable | null = null;
      if (suspect) {
        let asUtf8: string | null = null;
        if (shadow !== null) {
          let snl = shadow.indexOf('\n', shadowStart);
          if (snl < 0) snl = shadow.length;
          asUtf8 = shadow.slice(shadowStart, snl);
          shadowStart = snl + 1;
        }
        bad = unreadable(line, asUtf8);
      }
      if (bad === null && split.idle() && line.indexOf('"') < 0) {
        // The common case, kept inline: a whole record on one line without quotes.
        if (line.length) yield { line: lineNo, fields: line.split(',') };
        continue;
      }
      split.push(line, lineNo, bad, d.encoding);
      if (out.length) {
        for (let k = 0; k < out.length; k++) yield out[k];
        out.length = 0;
      }
    }
    rest = start < text.length ? text.slice(start) : '';
    if (shadow !== null) restUtf8 = shadowStart < shadow.length ? shadow.slice(shadowStart) : '';
  }
  split.end();
  for (let k = 0; k < out.length; k++) yield out[k];
}

/** The decoded pieces of the input, the last one flagged (it ends the file's last line). */
async function* decoded(
  chunks: AsyncIterable<Buffer | string>,
  encoding?: FileEncoding,
): AsyncGenerator<[DecodedText, boolean]> {
  const decoder = new StreamDecoder(encoding);
  let seen = '';
  for await (const chunk of chunks) {
    const d = typeof chunk === 'string' ? { text: chunk, encoding: 'text' } : decoder.push(chunk);
    if (!d) continue;
    seen = d.encoding;
    yield [d, false];
  }
  yield [decoder.end() ?? { text: '', encoding: seen }, true];
}

type Unreadable = 'invalid' | 'mixed';

/** Whether a line cannot be trusted: undecodable bytes, or (GB18030 files) a line that is really UTF-8 Chinese. */
function unreadable(line: string, asUtf8: string | null): Unreadable | null {
  if (line.indexOf('\uFFFD') >= 0) return 'invalid';
  if (asUtf8 !== null && asUtf8 !== line && asUtf8.indexOf('\uFFFD') < 0 && looksChinese(asUtf8)) return 'mixed';
  return null;
}

const QUOTE = 34;
const COMMA = 44;

/** A record still being read: its quoted cell goes on past the end of a line. */
interface Open {
  fields: string[];
  field: string;
  inQuotes: boolean;
  startLine: number;
  /** The record's physical lines, to read again if its quote turns out never to close. */
  lines: { text: string; bad: Unreadable | null }[];
  chars: number;
  bad: Unreadable | null;
  encoding: string;
}

/** The line-by-line state machine; complete records collect in `out`. */
class Splitter {
  readonly out: CsvRecord[] = [];
  private open: Open | null = null;

  /** No record is open: the next line starts a new one. */
  idle(): boolean {
    return this.open === null;
  }

  push(line: string, no: number, bad: Unreadable | null, encoding: string): void {
    let o = this.open;
    if (o === null) {
      if (bad === null && line.indexOf('"') < 0) {
        if (line.length) this.out.push({ line: no, fields: line.split(',') });
        return;
      }
      o = this.open = {
        fields: [],
        field: '',
        inQuotes: false,
        startLine: no,
        lines: [],
        chars: 0,
        bad: null,
        encoding,
      };
    } else o.field += '\n';
    o.lines.push({ text: line, bad });
    o.chars += line.length;
    if (bad && !o.bad) o.bad = bad;
    if (!scan(o, line)) {
      this.abandon(o);
      return;
    }
    if (o.inQuotes) {
      if (o.lines.length >= MAX_QUOTED_LINES || o.chars > MAX_QUOTED_CHARS) this.abandon(o);
      return;
    }
    this.open = null;
    o.fields.push(o.field);
    this.complete(o);
  }

  /** End of file: a quote still open was never closed. */
  end(): void {
    while (this.open) this.abandon(this.open);
  }

  private complete(o: Open): void {
    const fields = o.fields;
    if (o.bad) {
      const mixed = o.bad === 'mixed';
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included, is the point
      const field = fields.findIndex((f) => (mixed ? /[^\x00-\x7f]/.test(f) : f.includes('\uFFFD')));
      this.out.push({
        line: o.startLine,
        fields,
        problem: { reason: 'BAD_ENCODING', field, encoding: o.encoding, mixed },
      });
    } else if (!(fields.length === 1 && fields[0] === '')) this.out.push({ line: o.startLine, fields });
  }

  /** Refuses the record at its first line and reads the lines after that one again. */
  private abandon(o: Open): void {
    this.open = null;
    const nl = o.field.indexOf('\n');
    const text = nl < 0 ? o.field : o.field.slice(0, nl);
    this.out.push({
      line: o.startLine,
      fields: o.fields,
      problem: { reason: 'UNTERMINATED_QUOTE', field: o.fields.length, text },
    });
    for (let k = 1; k < o.lines.length; k++) this.push(o.lines[k].text, o.startLine + k, o.lines[k].bad, o.encoding);
  }
}

/** Reads one physical line into the open record; false when a closing quote is followed by other text. */
function scan(o: Open, line: string): boolean {
  const n = line.length;
  let field = o.field;
  let inQuotes = o.inQuotes;
  let fresh = !inQuotes && field === '' && o.lines.length === 1; // at the start of a cell
  let i = 0;
  while (i < n) {
    if (inQuotes) {
      const q = line.indexOf('"', i);
      if (q < 0) {
        field += line.slice(i);
        break;
      }
      field += line.slice(i, q);
      if (line.charCodeAt(q + 1) === QUOTE) {
        field += '"';
        i = q + 2;
        continue;
      }
      if (q + 1 < n && line.charCodeAt(q + 1) !== COMMA) {
        o.field = field;
        return false;
      }
      inQuotes = false;
      i = q + 1;
      continue;
    }
    const ch = line.charCodeAt(i);
    if (ch === COMMA) {
      o.fields.push(field);
      field = '';
      fresh = true;
      i++;
    } else if (ch === QUOTE && fresh) {
      inQuotes = true;
      fresh = false;
      i++;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? n : c;
      field += line.slice(i, end);
      fresh = false;
      i = end;
    }
  }
  o.field = field;
  o.inQuotes = inQuotes;
  return true;
}
