/**
 * Precision and recall of the integrity checks on a generated province with planted fraud. The
 * generator writes labels.csv; the detectors never read it — only this benchmark does. The
 * statistical detectors are scored per evasion strength (the generator's EVASION grid): recall as a
 * curve, precision at each point, and the share of honest persons they flag.
 *   [DATABASE_URL=…] npx tsx bench/detectors.bench.ts [small|city] [seed]
 * Seed 2025 is the development seed; the acceptance run uses a seed the detectors were not tuned on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { openContext } from '../src/composition/context.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { importBundle } from '../src/modules/interchange/index.ts';
import { detectBaselineFlags, runDetectors, synchronizedCheckins } from '../src/modules/integrity/index.ts';
import { EVASION, type ScaleName } from '../src/synthetic/generate-province.ts';
import { applyFaceTemplates, faceTemplateOf, loadAssessments } from '../src/synthetic/assessments.ts';
import { bundleFor, freshDatabase, machine, OUT, record } from './support.ts';

const scale = (process.argv[2] ?? 'small') as ScaleName;
const seed = Number(process.argv[3] ?? 2025);
// A bundle cached by an older generator (no evasion.json) is made again: its plantings are the old, exact ones.
const cached = path.join(OUT, `${scale}-${seed}`);
if (fs.existsSync(cached) && !fs.existsSync(path.join(cached, 'evasion.json')))
  fs.rmSync(cached, { recursive: true, force: true });
const dir = await bundleFor(scale, seed);
const base = process.env.DATABASE_URL;
const url = base ? await freshDatabase(base, 'jineng_bench_detect') : undefined;
const ctx = await openContext(
  loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url }),
  url ? {} : { memory: true },
);
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
  PROXY_DEVICE: new Set(
    (
      await ctx.db.query<{ k: string }>(
        `SELECT DISTINCT person_key || '|' || project_code AS k FROM flags WHERE code = 'PROXY_DEVICE'`,
      )
    ).map((r) => r.k),
  ),
  IMPOSSIBLE_PRESENCE: new Set(
    (
      await ctx.db.query<{ k: string }>(
        `SELECT DISTINCT person_key || '|' || project_code AS k FROM flags WHERE code = 'IMPOSSIBLE_PRESENCE'`,
      )
    ).map((r) => r.k),
  ),
};
const casesOf = async (d: string) =>
  new Set(
    (
      await ctx.db.query<{ k: string }>(
        `SELECT subject_key || CASE WHEN project_code = '' THEN '' ELSE '|' || project_code END AS k FROM integrity_cases WHERE detector = $1`,
        [d],
      )
    ).map((r) => r.k),
  );
const sharedFound = await casesOf('SHARED_DEVICE');
const duplicateFound = await casesOf('DUPLICATE_PERSON');
// The statistical detectors, as (person, project) pairs; a class case stands for every person enrolled in the class.
const personCases = async (d: string) =>
  new Set(
    (
      await ctx.db.query<{ k: string }>(
        `SELECT DISTINCT m.person || '|' || c.project_code AS k FROM integrity_cases c
   CROSS JOIN LATERAL (SELECT unnest(string_to_array(c.subject_key, '|')) AS person WHERE c.subject_kind <> 'project'
                       UNION ALL SELECT e.person_key FROM enrolments e WHERE c.subject_kind = 'project' AND e.project_code = c.project_code) m
   WHERE c.detector = $1`,
        [d],
      )
    ).map((r) => r.k),
  );
const statistical = {
  SYNCHRONIZED_CHECKINS: await personCases('SYNCHRONIZED_CHECKINS'),
  GHOST_CONSTANT_FACE: await personCases('GHOST_CONSTANT_FACE'),
  TOO_PERFECT_ATTENDANCE: await personCases('TOO_PERFECT_ATTENDANCE'),
  FABRICATED_CLASS: new Set(
    (
      await ctx.db.query<{ k: string }>(
        `SELECT subject_key AS k FROM integrity_cases WHERE detector = 'FABRICATED_CLASS'`,
      )
    ).map((r) => r.k),
  ),
};
const risks = await ctx.db.query<{ detector: string; n: number; max: number; median: number }>(
  `SELECT detector, count(*)::int AS n, max((evidence->>'false_positive_risk')::float8) AS max,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY (evidence->>'false_positive_risk')::float8) AS median
   FROM integrity_cases WHERE evidence ? 'false_positive_risk' GROUP BY 1 ORDER BY 1`,
);
const enrolled = await ctx.db.query<{ k: string; project_code: string }>(
  `SELECT person_key || '|' || project_code AS k, project_code FROM enrolments`,
);
const multiFound = new Set([...(await casesOf('MULTI_INSTITUTION_CLAIM'))].map((k) => k.split('|')[0]));
const travelFound = await casesOf('IMPOSSIBLE_TRAVEL');
const staffFound = await casesOf('STAFF_AS_TRAINEE');
const millFound = await casesOf('CERTIFICATE_MILL');
const lenientFound = await casesOf('EVALUATOR_PASS_RATE');
const faceFound = await casesOf('SHARED_FACE_TEMPLATE');
// The group ring test's cost, measured in this run under the same load: SYNCHRONIZED_CHECKINS with and without it
// (after scoring, since the pair test alone may open cases of its own).
const timed = async (groups: boolean) => {
  const t0 = Date.now();
  await synchronizedCheckins(ctx.db, { groups });
  return Date.now() - t0;
};
const pairOnlyMs = await timed(false);
const withGroupsMs = await timed(true);
await ctx.db.close();
const lines: string[] = [];
// Subjects that are not (person, project): devices and pairs of persons.
const score = (code: string, got: Set<string>, truth: Set<string>) => {
  const hit = [...got].filter((k) => truth.has(k)).length;
  lines.push(
    `${code}: planted ${truth.size}, flagged ${got.size}, precision ${got.size ? (hit / got.size).toFixed(3) : 'n/a'}, recall ${truth.size ? ([...truth].filter((k) => got.has(k)).length / truth.size).toFixed(3) : 'n/a'}`,
  );
};
// A ring's phone is a shared phone too.
score(
  'SHARED_DEVICE',
  sharedFound,
  new Set(labels.filter((l) => l.code === 'SHARED_DEVICE' || l.code === 'PROXY_DEVICE').map((l) => l.device_id)),
);
score(
  'MULTI_INSTITUTION_CLAIM',
  multiFound,
  new Set(labels.filter((l) => l.code === 'MULTI_INSTITUTION_CLAIM').map((l) => key(l.id_number))),
);
score(
  'DUPLICATE_PERSON',
  duplicateFound,
  new Set(
    labels
      .filter((l) => l.code === 'DUPLICATE_PERSON')
      .map((l) => [key(l.id_number), key(l.note.split(' ').pop()!)].sort().join('|')),
  ),
);
score(
  'IMPOSSIBLE_TRAVEL',
  travelFound,
  new Set(labels.filter((l) => l.code === 'IMPOSSIBLE_TRAVEL').map((l) => key(l.id_number))),
);
score(
  'STAFF_AS_TRAINEE',
  staffFound,
  new Set(labels.filter((l) => l.code === 'STAFF_AS_TRAINEE').map((l) => `${key(l.id_number)}|${l.project_code}`)),
);
// A face proxy is planted as "checked in with the face of <ID>": that face's template is shared.
score(
  'SHARED_FACE_TEMPLATE',
  faceFound,
  new Set(
    labels.filter((l) => l.code === 'SHARED_FACE_TEMPLATE').map((l) => faceTemplateOf(key(l.note.split(' ').pop()!))),
  ),
);
// The evaluator's credit code is the note's second word.
score(
  'CERTIFICATE_MILL',
  millFound,
  new Set(labels.filter((l) => l.code === 'CERTIFICATE_MILL').map((l) => l.note.split(' ')[1])),
);
score(
  'EVALUATOR_PASS_RATE',
  lenientFound,
  new Set(labels.filter((l) => l.code === 'EVALUATOR_PASS_RATE').map((l) => l.note.split(' ')[1])),
);
for (const [code, got] of Object.entries(found)) {
  const truth = new Set(labels.filter((l) => l.code === code).map((l) => `${key(l.id_number)}|${l.project_code}`));
  // IMPOSSIBLE_PRESENCE is planted in the other project's session; the flag marks both records.
  const hit = [...got].filter(
    (k) =>
      truth.has(k) || (code === 'IMPOSSIBLE_PRESENCE' && [...truth].some((t) => t.split('|')[0] === k.split('|')[0])),
  ).length;
  const recalled = [...truth].filter(
    (k) => got.has(k) || (code === 'IMPOSSIBLE_PRESENCE' && [...got].some((g) => g.split('|')[0] === k.split('|')[0])),
  ).length;
  lines.push(
    `${code}: planted ${truth.size}, flagged ${got.size}, precision ${got.size ? (hit / got.size).toFixed(3) : 'n/a'}, recall ${truth.size ? (recalled / truth.size).toFixed(3) : 'n/a'}`,
  );
}
record(
  `detectors ${scale} on ${url ? 'PostgreSQL' : 'PGlite'} in ${(ms / 1000).toFixed(1)} s: ${lines.join('; ')} | ${machine()}`,
);

// Statistical detectors: recall per evasion strength, precision at each point (that strength's hits against all false
// flags), and honest persons flagged. Persons of a planted fabricated class are fabricated, so flagging them is no error.
const fabricatedProjects = new Set(labels.filter((l) => l.code === 'FABRICATED_CLASS').map((l) => l.project_code));
const fabricatedPersons = new Set(enrolled.filter((e) => fabricatedProjects.has(e.project_code)).map((e) => e.k));
const planted = (code: string) =>
  labels
    .filter((l) => l.code === code)
    .map((l) => ({
      k: code === 'FABRICATED_CLASS' ? l.project_code : `${key(l.id_number)}|${l.project_code}`,
      strength: Number(l.strength),
    }));
const grids: Record<string, readonly unknown[]> = {
  SYNCHRONIZED_CHECKINS: EVASION.ring.gapSeconds.map(([a, b]) => `${a}–${b} s`),
  GHOST_CONSTANT_FACE: EVASION.replayFace.noise.map((x) => `±${x}`),
  TOO_PERFECT_ATTENDANCE: EVASION.tooPerfect.jitterSeconds.map((x) => `±${x} s`),
  FABRICATED_CLASS: EVASION.fabricatedClass.jitterSeconds.map((x) => `±${x} s`),
};
const table: string[] = [
  '| detector | evasion strength | planted | caught | recall | precision at this point |',
  '|---|---|---|---|---|---|',
];
for (const [code, got] of Object.entries(statistical)) {
  const truth = planted(code);
  const truthKeys = new Set(truth.map((t) => t.k));
  const falsePositives = [...got].filter(
    (k) => !truthKeys.has(k) && !(code === 'TOO_PERFECT_ATTENDANCE' && fabricatedPersons.has(k)),
  ).length;
  const truePositives = [...got].length - falsePositives;
  lines.push(
    `${code}: planted ${truth.length}, flagged ${got.size}, precision ${got.size ? (truePositives / got.size).toFixed(3) : 'n/a'}, recall ${truth.length ? (truth.filter((t) => got.has(t.k)).length / truth.length).toFixed(3) : 'n/a'}, false ${falsePositives}`,
  );
  grids[code].forEach((label, strength) => {
    const at = truth.filter((t) => t.strength === strength);
    const hit = at.filter((t) => got.has(t.k)).length;
    table.push(
      `| ${code} | ${label} | ${at.length} | ${hit} | ${at.length ? (hit / at.length).toFixed(3) : 'n/a'} | ${hit + falsePositives ? (hit / (hit + falsePositives)).toFixed(3) : 'n/a'} |`,
    );
  });
}
const labelled = new Set(labels.filter((l) => l.id_number).map((l) => key(l.id_number)));
const honest = new Set(enrolled.map((e) => e.k.split('|')[0]).filter((p) => !labelled.has(p)));
for (const e of enrolled) if (fabricatedProjects.has(e.project_code)) honest.delete(e.k.split('|')[0]);
const flaggedHonest = new Set(
  [...Object.values(statistical).slice(0, 3)]
    .flatMap((set) => [...set].map((k) => k.split('|')[0]))
    .filter((p) => honest.has(p)),
);
for (const project of statistical.FABRICATED_CLASS)
  if (!fabricatedProjects.has(project))
    for (const e of enrolled)
      if (e.project_code === project && honest.has(e.k.split('|')[0])) flaggedHonest.add(e.k.split('|')[0]);
const honestLine = `honest persons flagged by the statistical detectors: ${flaggedHonest.size} of ${honest.size} = ${((100 * flaggedHonest.size) / honest.size).toFixed(3)} %`;
const baselineMs = ms - withGroupsMs + pairOnlyMs;
const timeLine = `SYNCHRONIZED_CHECKINS ${(withGroupsMs / 1000).toFixed(1)} s with the group test, ${(pairOnlyMs / 1000).toFixed(1)} s without; all detectors without it ≈ ${(baselineMs / 1000).toFixed(1)} s (ratio ${(ms / baselineMs).toFixed(2)}); load ${os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' ')}`;
const riskLine = `false-positive risk shown with cases (median / max): ${risks.map((r) => `${r.detector} ${r.n}: ${r.median.toPrecision(2)} / ${r.max.toPrecision(2)}`).join('; ')}`;
console.log(
  `\n${lines.slice(-4).join('\n')}\nseed ${seed}, ${scale}; all detectors and baseline flags in ${(ms / 1000).toFixed(1)} s; ${timeLine}\n${table.join('\n')}\n${honestLine}\n${riskLine}`,
);
record(`detectors ${scale} seed ${seed}: ${timeLine}; ${honestLine}; ${table.slice(2).join(' ')}`);
