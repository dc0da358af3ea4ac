import type { Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import { DEFAULT_POLICY_CODE, JS_2025, type PolicyParams } from './policy.ts';

/** Stores JS-2025 as the first, active policy version when missing. */
export async function seedPolicy(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO policy_versions (code, effective_from, status, params) VALUES ($1, '2025-01-01', 'active', $2::jsonb)
     ON CONFLICT (code) DO NOTHING`,
    [DEFAULT_POLICY_CODE, JSON.stringify(JS_2025)],
  );
}

export async function loadPolicy(db: Db, code = DEFAULT_POLICY_CODE): Promise<{ code: string; params: PolicyParams }> {
  const [row] = await db.query<{ code: string; params: PolicyParams }>('SELECT code, params FROM policy_versions WHERE code = $1', [code]);
  if (!row) throw new NotFound({ zh: `补贴政策版本 ${code}`, en: `policy version ${code}` });
  return row;
}

export async function listPolicies(db: Db) {
  return db.query('SELECT code, based_on, city_code, effective_from, status, params, created_at FROM policy_versions ORDER BY effective_from, code');
}
