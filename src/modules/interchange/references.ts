import type { Db } from '../../db/client.ts';

/** What a row points at; `key` is the stored key (a person's blind index, `project#no` for a session). */
export type RefKind = 'person' | 'project' | 'session' | 'institution' | 'employer' | 'occupation';
export interface Ref {
  kind: RefKind;
  key: string;
  column: string;
}

export const REF_NAMES: Record<RefKind, { zh: string; en: string }> = {
  person: { zh: '人员未在实名库中（凡补必进）', en: 'person is not in the real-name registry' },
  project: { zh: '培训项目不存在', en: 'project does not exist' },
  session: { zh: '培训课次不存在', en: 'session does not exist' },
  institution: { zh: '机构不存在', en: 'institution does not exist' },
  employer: { zh: '用人单位不存在', en: 'employer does not exist' },
  occupation: { zh: '职业不在职业目录中', en: 'occupation is not in the catalog' },
};

/** Found references with the city each belongs to (for city-scoped imports). */
export type Resolved = Map<string, string | null>;

const LOOKUP: Record<RefKind, string> = {
  person: 'SELECT person_key AS k, city_code AS city FROM persons WHERE person_key = ANY($1::text[])',
  project: 'SELECT project_code AS k, city_code AS city FROM projects WHERE project_code = ANY($1::text[])',
  session: `SELECT s.project_code || '#' || s.session_no AS k, p.city_code AS city FROM sessions s
            JOIN projects p ON p.project_code = s.project_code
            WHERE (s.project_code || '#' || s.session_no) = ANY($1::text[])`,
  institution: 'SELECT credit_code AS k, city_code AS city FROM institutions WHERE credit_code = ANY($1::text[])',
  employer: `SELECT credit_code AS k, city_code AS city FROM enterprises WHERE credit_code = ANY($1::text[])
             UNION SELECT credit_code, city_code FROM institutions WHERE credit_code = ANY($1::text[])`,
  occupation: 'SELECT code AS k, NULL AS city FROM occupations WHERE code = ANY($1::text[])',
};

/** Resolves every reference of a batch with one query per kind. */
export async function resolveRefs(db: Db, refs: Ref[]): Promise<Map<RefKind, Resolved>> {
  const byKind = new Map<RefKind, Set<string>>();
  for (const r of refs) {
    if (!byKind.has(r.kind)) byKind.set(r.kind, new Set());
    byKind.get(r.kind)!.add(r.key);
  }
  const out = new Map<RefKind, Resolved>();
  for (const [kind, keys] of byKind) {
    const rows = await db.query<{ k: string; city: string | null }>(LOOKUP[kind], [[...keys]]);
    out.set(kind, new Map(rows.map((r) => [r.k, r.city])));
  }
  return out;
}
