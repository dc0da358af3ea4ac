/**
 * Table ownership: each table belongs to the module whose `*.tables.ts` declares it, and only that
 * module's files name it in SQL. Another module reads it through the owner's index (a service or a
 * documented view). Run by `npm run lint`; exits 1 listing each crossing.
 *
 *   npx tsx scripts/table-ownership.ts [--summary]
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULES = path.join(ROOT, 'src/modules');

/** table name → owning module, from `pgTable('name'` in each module's tables file. */
export function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const mod of fs.readdirSync(MODULES)) {
    const file = path.join(MODULES, mod, `${mod}.tables.ts`);
    if (!fs.existsSync(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/pgTable\(\s*'([a-z_0-9]+)'/g)) owners.set(m[1]!, mod);
  }
  return owners;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Who a source file belongs to: a module's name, or the layer (`workflows`, `cli`, ...). */
function ownerOf(file: string): string {
  const rel = path.relative(path.join(ROOT, 'src'), file).split(path.sep);
  return rel[0] === 'modules' ? rel[1]! : rel[0]!;
}

/**
 * Layers that may name any table: the composition root (schema index, demo loading), db plumbing
 * (partitions, statistics) and the synthetic-province generator (test and benchmark data).
 */
const UNBOUND = new Set(['composition', 'db', 'synthetic']);

/** view schema (= owning module) → the tables it publishes, from each module's `<m>.views.ts`. */
export function publishedViews(): Map<string, Set<string>> {
  const views = new Map<string, Set<string>>();
  for (const mod of fs.readdirSync(MODULES)) {
    const file = path.join(MODULES, mod, `${mod}.views.ts`);
    if (!fs.existsSync(file)) continue;
    const list = fs.readFileSync(file, 'utf8').match(/PUBLISHED_VIEWS = \[([^\]]*)\]/)?.[1] ?? '';
    views.set(mod, new Set([...list.matchAll(/'([a-z_0-9]+)'/g)].map((m) => m[1]!)));
  }
  return views;
}

export interface Crossing {
  file: string;
  line: number;
  table: string;
  owner: string;
  why: string;
}

export function crossings(): Crossing[] {
  const owners = tableOwners();
  const views = publishedViews();
  const sqlName = /\b(from|join|into|update|table)\s+"?([a-z_][a-z_0-9]*)"?(?:\.([a-z_][a-z_0-9]*))?/gi;
  const found: Crossing[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const who = ownerOf(file);
    if (UNBOUND.has(who)) continue;
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(text)) return; // a comment, not SQL
        for (const m of text.matchAll(sqlName)) {
          const [verb, first, second] = [m[1]!.toLowerCase(), m[2]!.toLowerCase(), m[3]?.toLowerCase()];
          const at = { file: path.relative(ROOT, file), line: i + 1 };
          if (second !== undefined && views.has(first)) {
            // `<module>.<table>`: a published view of another module, read only.
            if (first === who) continue;
            if (!views.get(first)!.has(second))
              found.push({ ...at, table: second, owner: first, why: `${first} publishes no view ${second}` });
            else if ((verb !== 'from' && verb !== 'join') || /\bdelete\s*$/i.test(text.slice(0, m.index)))
              found.push({ ...at, table: second, owner: first, why: `writes ${first}'s view (call its service)` });
            continue;
          }
          const owner = second === undefined ? owners.get(first) : undefined;
          if (owner && owner !== who)
            found.push({ ...at, table: first, owner, why: `names ${owner}'s table (read the view ${owner}.${first})` });
        }
      });
  }
  return found;
}

/** Routes are thin (parse → authorize → service → present): no routes file runs SQL itself. */
export function sqlInRoutes(): Crossing[] {
  return sourceFiles(path.join(ROOT, 'src'))
    .filter((f) => f.endsWith('.routes.ts'))
    .flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((text, i) =>
          /\.(query|exec|copyFrom)\(|\bsql`/.test(text)
            ? [
                {
                  file: path.relative(ROOT, file),
                  line: i + 1,
                  table: '',
                  owner: '',
                  why: 'SQL in a routes file (move it into the service)',
                },
              ]
            : [],
        ),
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = [...crossings(), ...sqlInRoutes()];
  if (process.argv.includes('--summary')) {
    const by = new Map<string, number>();
    for (const c of found) {
      const k = `${ownerOf(path.join(ROOT, c.file))} → ${c.owner}.${c.table}`;
      by.set(k, (by.get(k) ?? 0) + 1);
    }
    for (const [k, n] of [...by].sort()) console.log(`${n}\t${k}`);
  }
  for (const c of found) console.error(`${c.file}:${c.line}: ${c.why}`);
  console.log(
    found.length === 0
      ? '✔ table ownership: no crossings, no SQL in routes'
      : `✘ table ownership: ${found.length} findings`,
  );
  process.exit(found.length === 0 ? 0 : 1);
}
