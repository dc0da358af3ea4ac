/**
 * A streaming RFC 4180 record splitter, faster than a general parser for the common case: a line
 * without quotes is split on commas directly; quoted fields (with commas, doubled quotes or line
 * breaks inside) go through a small state machine. Yields each record with its first line number.
 */
export async function* csvRecords(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: number; fields: string[] }> {
  let rest = '';
  let lineNo = 0;
  let pending: { fields: string[]; field: string; startLine: number } | null = null;
  let first = true;
  for await (const chunk of chunks) {
    let text = rest + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let line = text.slice(start, nl);
      start = nl + 1;
      lineNo++;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      const out: Step = pending ? continueQuoted(pending, line, lineNo) : line.indexOf('"') < 0 ? { fields: line.split(','), done: true as const, startLine: lineNo } : continueQuoted({ fields: [], field: '', startLine: lineNo, fresh: true }, line, lineNo);
      if (out.done) {
        pending = null;
        if (!(out.fields.length === 1 && out.fields[0] === '')) yield { line: out.startLine, fields: out.fields };
      } else pending = out.state;
    }
    rest = text.slice(start);
  }
  if (rest.length || pending) {
    lineNo++;
    const line = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
    const out: Step = pending ? continueQuoted(pending, line, lineNo) : line.indexOf('"') < 0 ? { fields: line.split(','), done: true as const, startLine: lineNo } : continueQuoted({ fields: [], field: '', startLine: lineNo, fresh: true }, line, lineNo);
    const fields = out.done ? out.fields : [...out.state.fields, out.state.field];
    if (!(fields.length === 1 && fields[0] === '')) yield { line: out.done ? out.startLine : out.state.startLine, fields };
  }
}

type QuoteState = { fields: string[]; field: string; startLine: number; fresh?: boolean; inQuotes?: boolean };
type Step = { done: true; fields: string[]; startLine: number } | { done: false; state: QuoteState };

/** Parses one physical line, continuing a record whose quoted field spans lines. */
function continueQuoted(state: QuoteState, line: string, _lineNo: number): Step {
  const fields = state.fields;
  let field = state.fresh ? '' : state.field + '\n';
  let inQuotes = state.fresh ? false : true;
  let i = 0;
  if (!state.fresh) inQuotes = state.inQuotes ?? true;
  while (i < line.length) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') { field += '"'; i += 2; continue; }
        inQuotes = false; i++; continue;
      }
      field += ch; i++;
    } else if (ch === '"') { inQuotes = true; i++; }
    else if (ch === ',') { fields.push(field); field = ''; i++; }
    else { field += ch; i++; }
  }
  if (inQuotes) return { done: false, state: { fields, field, startLine: state.startLine, inQuotes: true } };
  fields.push(field);
  return { done: true, fields, startLine: state.startLine };
}
