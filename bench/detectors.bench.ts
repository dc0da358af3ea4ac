/**
 * Precision and recall of the integrity checks on a generated province with planted fraud. The
 * generator writes labels.csv; the detectors never read it — only this benchmark does.
 *   [DATABASE_URL=…] npx tsx bench/detectors.bench.ts [small|city]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { openContext } from '../src/app/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { detectBaselineFlags, runDetectors } from '../src/modules/integrity/index.ts';
import type { ScaleName } from '../src/synthetic/generate-province.ts';
import { applyFaceTemplates, faceTemplateOf, loadAssessments } from '../src/synthetic/assessments.ts';
import { bundleFor, freshDatabase, machine, record } from './support.ts';

const scale = (process.argv[2] ?? 'small') as ScaleName;
const dir = await bundleFor(scale);
const base = process.env.DATABASE_URL;
const url = base ? await freshDatabase(base, 'jineng_bench_detect') : undefined;
const ctx = await openContext(loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }), url ? {} : { memory: true });
await importBundle(ctx.db, dir, { actor: 'bench', vault: ctx.vault });
await loadAssessments(ctx.db, ctx.vault, path.join(dir, 'assessments.csv'));
await applyFaceTemplates(ctx.db, ctx.vault, path.join(dir, 'face-templates.csv'));
const t = Date.now();
await detectBaselineFlags(ctx.db);
await runDetectors(ctx.db);
const ms = Date.now() - t;
const labels = parse(fs.readFileSync(path.join(dir, 'labels.csv')), { columns: true }) as Record<string, string>[];
const key = (id: string) => ctx.vault.blindIndex(id);

// What each check reports, as (person, project) pairs — the unit the labels use.
const found: Record<string, Set<string>> = {
  PROXY_DEVICE: new Set((await ctx.db.query<{ k: string }>(`SELECT DISTINCT person_key || '|' || project_code AS k FROM flags WHERE code = 'PROXY_DEVICE'`)).map((r) => r.k)),
  IMPOSSIBLE_PRESENCE: new Set((await ctx.db.query<{ k: string }>(`SELECT DISTINCT person_key || '|' || project_code AS k FROM flags WHERE code = 'IMPOSSIBLE_PRESENCE'`)).map((r) => r.k)),
  GHOST_CONSTANT_FACE: new Set((await ctx.db.query<{ k: string }>(`SELECT subject_key || '|' || project_code AS k FROM integrity_cases WHERE detector = 'GHOST_CONSTANT_FACE'`)).map((r) => r.k)),
};
const casesOf = async (d: string) => new Set((await ctx.db.query<{ k: string }>(`SELECT subject_key || CASE WHEN project_code = '' THEN '' ELSE '|' || project_code END AS k FROM integrity_cases WHERE detector = $1`, [d])).map((r) => r.k));
found.TOO_PERFECT_ATTENDANCE = await casesOf('TOO_PERFECT_ATTENDANCE');
const sharedFound = await casesOf('SHARED_DEVICE');
const duplicateFound = await casesOf('DUPLICATE_PERSON');
const syncFound = await casesOf('SYNCHRONIZED_CHECKINS');
const multiFound = new Set([...(await casesOf('MULTI_INSTITUTION_CLAIM'))].map((k) => k.split('|')[0]));
const travelFound = await casesOf('IMPOSSIBLE_TRAVEL');
const staffFound = await casesOf('STAFF_AS_TRAINEE');
const millFound = await casesOf('CERTIFICATE_MILL');
const lenientFound = await casesOf('EVALUATOR_PASS_RATE');
const faceFound = await casesOf('SHARED_FACE_TEMPLATE');
await ctx.db.close();
const lines: string[] = [];
// Subjects that are not (person, project): devices and pairs of persons.
const score = (code: string, got: Set<string>, truth: Set<string>) => {
  const hit = [...got].filter((k) => truth.has(k)).length;
  lines.push(`${code}: planted ${truth.size}, flagged ${got.size}, precision ${got.size ? (hit / got.size).toFixed(3) : 'n/a'}, recall ${truth.size ? ([...truth].filter((k) => got.has(k)).length / truth.size).toFixed(3) : 'n/a'}`);
};
// A ring's phone is a shared phone too.
score('SHARED_DEVICE', sharedFound, new Set(labels.filter((l) => l.code === 'SHARED_DEVICE' || l.code === 'PROXY_DEVICE').map((l) => l.device_id)));
score('SYNCHRONIZED_CHECKINS', new Set([...syncFound].map((k) => k.split('|').slice(0, 2).join('|'))), new Set(labels.filter((l) => l.code === 'SYNCHRONIZED_CHECKINS').map((l) => [key(l.id_number), key(l.note.split(' ').pop()!)].sort().join('|'))));
score('MULTI_INSTITUTION_CLAIM', multiFound, new Set(labels.filter((l) => l.code === 'MULTI_INSTITUTION_CLAIM').map((l) => key(l.id_number))));
score('DUPLICATE_PERSON', duplicateFound, new Set(labels.filter((l) => l.code === 'DUPLICATE_PERSON').map((l) => [key(l.id_number), key(l.note.split(' ').pop()!)].sort().join('|'))));
score('IMPOSSIBLE_TRAVEL', travelFound, new Set(labels.filter((l) => l.code === 'IMPOSSIBLE_TRAVEL').map((l) => key(l.id_number))));
score('STAFF_AS_TRAINEE', staffFound, new Set(labels.filter((l) => l.code === 'STAFF_AS_TRAINEE').map((l) => `${key(l.id_number)}|${l.project_code}`)));
// A face proxy is planted as "checked in with the face of <ID>": that face's template is shared.
score('SHARED_FACE_TEMPLATE', faceFound, new Set(labels.filter((l) => l.code === 'SHARED_FACE_TEMPLATE').map((l) => faceTemplateOf(key(l.note.split(' ').pop()!)))));
// The evaluator's credit code is the note's second word.
score('CERTIFICATE_MILL', millFound, new Set(labels.filter((l) => l.code === 'CERTIFICATE_MILL').map((l) => l.note.split(' ')[1])));
score('EVALUATOR_PASS_RATE', lenientFound, new Set(labels.filter((l) => l.code === 'EVALUATOR_PASS_RATE').map((l) => l.note.split(' ')[1])));
for (const [code, got] of Object.entries(found)) {
  const truth = new Set(labels.filter((l) => l.code === code).map((l) => `${key(l.id_number)}|${l.project_code}`));
  // IMPOSSIBLE_PRESENCE is planted in the other project's session; the flag marks both records.
  const hit = [...got].filter((k) => truth.has(k) || (code === 'IMPOSSIBLE_PRESENCE' && [...truth].some((t) => t.split('|')[0] === k.split('|')[0]))).length;
  const recalled = [...truth].filter((k) => got.has(k) || (code === 'IMPOSSIBLE_PRESENCE' && [...got].some((g) => g.split('|')[0] === k.split('|')[0]))).length;
  lines.push(`${code}: planted ${truth.size}, flagged ${got.size}, precision ${got.size ? (hit / got.size).toFixed(3) : 'n/a'}, recall ${truth.size ? (recalled / truth.size).toFixed(3) : 'n/a'}`);
}
record(`detectors ${scale} on ${url ? 'PostgreSQL' : 'PGlite'} in ${(ms / 1000).toFixed(1)} s: ${lines.join('; ')} | ${machine()}`);
