import type { Db } from '../../db/client.ts';
import { detached } from '../../kernel/ids.ts';
import type { ScopeFacts } from '../../kernel/scope.ts';

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

/** Where a found reference lies (its city, sector, key task): import rows take their scope from it. */
export type RefFacts = Pick<ScopeFacts, 'city' | 'sector' | 'keyTask'>;
/** Found references by key. */
export type Resolved = Map<string, RefFacts>;

const PROJECT_FACTS = `p.city_code AS city, o.sector, p.key_task AS "keyTask" FROM training.projects p LEFT JOIN catalog.occupations o ON o.code = p.occupation_code`;
/** Each kind's look-up by key: what a reference points at, and (projects) where a stored record lies before an import changes it. */
export const LOOKUP: Record<RefKind, string> = {
  person: 'SELECT person_key AS k, city_code AS city FROM registry.persons WHERE person_key = ANY($1::text[])',
  project: `SELECT p.project_code AS k, ${PROJECT_FACTS} WHERE p.project_code = ANY($1::text[])`,
  session: `SELECT q.k, ${PROJECT_FACTS}
            JOIN unnest($1::text[]) AS q(k) ON p.project_code = split_part(q.k, '#', 1)
            JOIN training.sessions s ON s.project_code = p.project_code AND s.session_no::text = split_part(q.k, '#', 2)`,
  institution:
    'SELECT credit_code AS k, city_code AS city FROM registry.institutions WHERE credit_code = ANY($1::text[])',
  employer: `SELECT credit_code AS k, city_code AS city FROM registry.enterprises WHERE credit_code = ANY($1::text[])
             UNION SELECT credit_code, city_code FROM registry.institutions WHERE credit_code = ANY($1::text[])`,
  occupation: 'SELECT code AS k, sector FROM catalog.occupations WHERE code = ANY($1::text[])',
};

/**
 * Found references, remembered across the batches of one file (attendance names the same persons
 * and sessions over and over). Bounded; only hits are kept, so a missing key is asked again.
 */
export class RefCache {
  private readonly found = new Map<RefKind, Resolved>();
  get(kind: RefKind): Resolved {
    let m = this.found.get(kind);
    if (!m) {
      m = new Map();
      this.found.set(kind, m);
    }
    return m;
  }
  remember(kind: RefKind, key: string, facts: RefFacts) {
    const m = this.get(kind);
    if (m.size >= 50_000) m.clear();
    m.set(detached(key), facts);
  }
}

/** Resolves every reference of a batch: from the cache, else with one query per kind. */
export async function resolveRefs(db: Db, refs: Ref[], cache = new RefCache()): Promise<Map<RefKind, Resolved>> {
  const out = new Map<RefKind, Resolved>();
  const toAsk = new Map<RefKind, Set<string>>();
  for (const r of refs) {
    if (!out.has(r.kind)) out.set(r.kind, new Map());
    const known = cache.get(r.kind);
    if (known.has(r.key)) out.get(r.kind)!.set(r.key, known.get(r.key)!);
    else {
      if (!toAsk.has(r.kind)) toAsk.set(r.kind, new Set());
      toAsk.get(r.kind)!.add(r.key);
    }
  }
  // One query per kind, all at once (on PostgreSQL each takes its own pooled connection).
  await Promise.all(
    [...toAsk].map(async ([kind, keys]) => {
      const rows = await db.query<RefFacts & { k: string }>(LOOKUP[kind], [[...keys]]);
      for (const { k, ...row } of rows) {
        // Copied out of the driver's row so the cache holds no slice of a large result.
        const facts: RefFacts = {
          city: row.city == null ? null : detached(row.city),
          sector: row.sector == null ? null : detached(row.sector),
          keyTask: row.keyTask ?? null,
        };
        out.get(kind)!.set(k, facts);
        cache.remember(kind, k, facts);
      }
    }),
  );
  return out;
}
