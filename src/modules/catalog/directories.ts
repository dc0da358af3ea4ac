import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, chinaDate, type Clock } from '../../kernel/clock.ts';
import { requireDate } from '../../kernel/dates.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { mayPublishDirectory } from './catalog.policy.ts';

/**
 * The directories the plan publishes (六: 动态发布), plus the saturation list. `derived` ones are
 * snapshots of the platform's own records; `upload` ones come from the responsible department.
 */
export const DIRECTORIES = {
  subsidized_projects: {
    zh: '补贴性职业技能培训项目及补贴标准目录',
    en: 'Subsidized training projects and subsidy benchmarks',
    source: 'derived',
  },
  training_occupations: { zh: '职业技能培训职业（工种）目录', en: 'Training occupations', source: 'derived' },
  shortage_occupations: {
    zh: '高技能人才紧缺职业（工种）目录',
    en: 'High-skill shortage occupations',
    source: 'derived',
  },
  training_institutions: { zh: '职业技能培训机构目录', en: 'Training institutions', source: 'derived' },
  evaluation_institutions: { zh: '职业技能等级评价机构目录', en: 'Skill evaluation institutions', source: 'derived' },
  internship_units: { zh: '就业见习单位目录', en: 'Internship units', source: 'upload' },
  hr_service_agencies: { zh: '人力资源服务机构目录', en: 'HR service agencies', source: 'upload' },
  technical_school_enrolment: { zh: '技工院校招生目录', en: 'Technical-school enrolment', source: 'upload' },
  saturated_occupations: { zh: '饱和职业（工种）目录', en: 'Saturated occupations', source: 'derived' },
} as const;
export type DirectoryName = keyof typeof DIRECTORIES;
export const DIRECTORY_NAMES = Object.keys(DIRECTORIES) as DirectoryName[];
const isDirectoryName = (name: string): name is DirectoryName => Object.hasOwn(DIRECTORIES, name);

export interface DirectoryEntry {
  code: string;
  name: string;
  cityCode?: string | null;
  attrs?: Record<string, unknown>;
}

export interface EntryProblem {
  row: number;
  field: string;
  zh: string;
  en: string;
}

/** Throws `NOT_YOUR_DIRECTORY` unless the actor publishes this directory (catalog.policy.ts). */
export function assertMayPublishDirectory(actor: Actor, name: string): void {
  if (mayPublishDirectory(actor, name)) return;
  const d = isDirectoryName(name) ? DIRECTORIES[name] : { zh: name, en: name };
  throw new Forbidden(
    'NOT_YOUR_DIRECTORY',
    `您不能发布“${d.zh}”：目录由省级或负责该目录的部门发布，部门只能发布本部门负责的目录`,
    `you may not publish "${d.en}": the province or the department that owns a directory publishes it, and a department only its own`,
  );
}

/** Checks uploaded entries; every problem is reported with its row (1 = first entry). */
export async function checkEntries(db: Db, entries: DirectoryEntry[]): Promise<EntryProblem[]> {
  const cities = new Set((await db.query<{ code: string }>('SELECT code FROM cities')).map((c) => c.code));
  const seen = new Set<string>();
  const problems: EntryProblem[] = [];
  entries.forEach((e, i) => {
    const row = i + 1;
    if (!e.code?.trim()) problems.push({ row, field: 'code', zh: '编码为空', en: 'code is empty' });
    else if (seen.has(e.code))
      problems.push({ row, field: 'code', zh: `编码 ${e.code} 重复`, en: `code ${e.code} appears twice` });
    if (!e.name?.trim()) problems.push({ row, field: 'name', zh: '名称为空', en: 'name is empty' });
    if (e.cityCode && !cities.has(e.cityCode))
      problems.push({ row, field: 'city_code', zh: `城市编码 ${e.cityCode} 不存在`, en: `unknown city ${e.cityCode}` });
    seen.add(e.code);
  });
  return problems;
}

/**
 * Publishes a new version of a directory effective from a date. All entries or none: a directory
 * half published would mislead the public, so any bad entry refuses the whole version, listing
 * every problem with its row.
 */
export async function publishDirectory(
  db: Db,
  actor: Actor,
  name: string,
  input: { effectiveFrom: string; note?: string | null; entries: DirectoryEntry[] },
  clock: Clock = systemClock,
) {
  assertMayPublishDirectory(actor, name);
  if (!Object.hasOwn(DIRECTORIES, name)) throw new NotFound({ zh: `目录 ${name}`, en: `directory ${name}` });
  const effectiveFrom = requireDate(input.effectiveFrom, 'effectiveFrom');
  const problems = await checkEntries(db, input.entries);
  if (problems.length)
    throw new Invalid(
      'BAD_ENTRIES',
      `目录有 ${problems.length} 处错误，未发布`,
      `${problems.length} problems; nothing was published`,
      { problems: problems.slice(0, 200) },
    );
  return db.transaction(async (tx) => {
    const [{ v }] = await tx.query<{ v: number }>(
      'SELECT COALESCE(max(version), 0)::int + 1 AS v FROM directory_versions WHERE directory = $1',
      [name],
    );
    const id = newId();
    await tx.query(
      `INSERT INTO directory_versions (id, directory, version, effective_from, note, entry_count, published_by, published_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [id, name, v, effectiveFrom, input.note?.trim() || null, input.entries.length, actorName(actor), clock.now()],
    );
    for (let i = 0; i < input.entries.length; i += 500) {
      const chunk = input.entries.slice(i, i + 500);
      await tx.query(
        `INSERT INTO directory_entries (version_id, code, name, city_code, attrs)
         SELECT $1, x.code, x.name, x.city_code, x.attrs FROM jsonb_to_recordset($2::jsonb) AS x(code text, name text, city_code text, attrs jsonb)`,
        [
          id,
          JSON.stringify(
            chunk.map((e) => ({
              code: e.code.trim(),
              name: e.name.trim(),
              city_code: e.cityCode || null,
              attrs: e.attrs ?? {},
            })),
          ),
        ],
      );
    }
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'directory.publish',
          entity: 'directory',
          entityId: `${name}#${v}`,
          after: { effective_from: effectiveFrom, entries: input.entries.length, note: input.note ?? null },
        },
      ],
      clock,
    );
    return { directory: name, version: v, effectiveFrom, entries: input.entries.length };
  });
}

/** Every directory with the version in force today (the latest effective on or before today). */
export async function listDirectories(db: Db, today = chinaDate(new Date())) {
  const current = await db.query<{
    directory: string;
    version: number;
    effective_from: string;
    entry_count: number;
    published_at: Date;
  }>(
    `SELECT DISTINCT ON (directory) directory, version, effective_from, entry_count, published_at FROM directory_versions
     WHERE effective_from <= $1 ORDER BY directory, effective_from DESC, version DESC`,
    [today],
  );
  const byName = new Map(current.map((c) => [c.directory, c]));
  return DIRECTORY_NAMES.map((name) => ({ name, ...DIRECTORIES[name], current: byName.get(name) ?? null }));
}

/** One directory's entries (the version in force, or a given version), searchable by code, name and city. */
export async function readDirectory(
  db: Db,
  name: string,
  q: { version?: number; search?: string; city?: string; limit?: number; offset?: number },
  today = chinaDate(new Date()),
) {
  if (!isDirectoryName(name)) throw new NotFound({ zh: `目录 ${name}`, en: `directory ${name}` });
  const [v] = await db.query<{
    id: string;
    version: number;
    effective_from: string;
    note: string | null;
    entry_count: number;
  }>(
    q.version
      ? 'SELECT id, version, effective_from, note, entry_count FROM directory_versions WHERE directory = $1 AND version = $2'
      : 'SELECT id, version, effective_from, note, entry_count FROM directory_versions WHERE directory = $1 AND effective_from <= $2 ORDER BY effective_from DESC, version DESC LIMIT 1',
    [name, q.version ?? today],
  );
  const versions = await db.query<{
    version: number;
    effective_from: string;
    note: string | null;
    entry_count: number;
    published_at: Date;
  }>(
    'SELECT version, effective_from, note, entry_count, published_at FROM directory_versions WHERE directory = $1 ORDER BY version DESC',
    [name],
  );
  if (!v) return { name, ...DIRECTORIES[name], version: null, versions, total: 0, entries: [] };
  const where = `e.version_id = $1 AND ($2::text IS NULL OR e.code ILIKE $2 OR e.name ILIKE $2) AND ($3::text IS NULL OR e.city_code = $3)`;
  const params = [v.id, q.search ? `%${q.search}%` : null, q.city ?? null];
  const entries = await db.query<{
    code: string;
    name: string;
    city_code: string | null;
    city_name: string | null;
    attrs: Record<string, unknown>;
  }>(
    `SELECT e.code, e.name, e.city_code, c.name AS city_name, e.attrs FROM directory_entries e LEFT JOIN cities c ON c.code = e.city_code
     WHERE ${where} ORDER BY e.code LIMIT $4 OFFSET $5`,
    [...params, q.limit ?? 100, q.offset ?? 0],
  );
  const [{ total }] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM directory_entries e WHERE ${where}`,
    params,
  );
  return { name, ...DIRECTORIES[name], version: v, versions, total, entries };
}
