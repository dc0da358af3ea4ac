import type { Db } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { DEFAULT_POLICY_CODE, JS_2025, type PolicyParams } from './policy.ts';
import type { TPolicyVersion } from './subsidy.schema.ts';

/** A province policy version with the active city-factor versions folded in. */
export interface LoadedPolicy {
  code: string;
  params: PolicyParams;
  /** The city-factor version in force per city (recorded on each decision). */
  cityVersions: Record<string, string>;
}

/** Stores JS-2025 as the first, active policy version when missing. */
export async function seedPolicy(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO policy_versions (code, effective_from, status, params) VALUES ($1, '2025-01-01', 'active', $2::jsonb)
     ON CONFLICT (code) DO NOTHING`,
    [DEFAULT_POLICY_CODE, JSON.stringify(JS_2025)],
  );
}

/**
 * The policy a settlement uses: the province version, plus for each city the newest active city
 * factor effective on or before `asOf`.
 */
export async function loadPolicy(db: Db, code = DEFAULT_POLICY_CODE, asOf = '9999-12-31'): Promise<LoadedPolicy> {
  const [row] = await db.query<{ code: string; params: PolicyParams }>(
    `SELECT code, params FROM policy_versions WHERE code = $1 AND city_code IS NULL`,
    [code],
  );
  if (!row) throw new NotFound({ zh: `补贴政策版本 ${code}`, en: `policy version ${code}` });
  const cities = await db.query<{ code: string; city_code: string; params: { cityFactorBp: number } }>(
    `SELECT DISTINCT ON (city_code) code, city_code, params FROM policy_versions
     WHERE based_on = $1 AND city_code IS NOT NULL AND status = 'active' AND effective_from <= $2::date
     ORDER BY city_code, effective_from DESC, created_at DESC`,
    [code, asOf],
  );
  const params: PolicyParams = { ...row.params, cityFactorBp: { ...row.params.cityFactorBp } };
  const cityVersions: Record<string, string> = {};
  for (const c of cities) {
    params.cityFactorBp[c.city_code] = c.params.cityFactorBp;
    cityVersions[c.city_code] = c.code;
  }
  return { code: row.code, params, cityVersions };
}

/** The version string a decision records: the province version, and the city's factor version if any. */
export function versionUsed(p: LoadedPolicy, cityCode: string): string {
  return p.cityVersions[cityCode] ? `${p.code}+${p.cityVersions[cityCode]}` : p.code;
}

export async function listPolicies(db: Db) {
  return db.query<TPolicyVersion>(
    'SELECT code, based_on, city_code, effective_from, status, params, created_at FROM policy_versions ORDER BY effective_from, code',
  );
}

/**
 * A city proposes its own factor (地方标准) within the province's bounds, as a new version that
 * takes effect once the province approves it.
 */
export async function proposeCityFactor(
  db: Db,
  actor: Actor,
  input: { cityCode: string; factorBp: number; effectiveFrom: string; basedOn?: string },
) {
  if (actor.role === 'city_officer' && actor.cityCode !== input.cityCode)
    throw new Forbidden('OUT_OF_SCOPE', '只能为本市设定系数', 'you may set your own city’s factor only');
  if (!isValidDate(input.effectiveFrom)) throw new Invalid('BAD_DATE', '生效日期无效', 'effective date is not a date');
  const base = await loadPolicy(db, input.basedOn ?? DEFAULT_POLICY_CODE);
  const [lo, hi] = base.params.cityFactorBoundsBp;
  if (!Number.isInteger(input.factorBp) || input.factorBp < lo || input.factorBp > hi) {
    throw new Invalid(
      'FACTOR_OUT_OF_BOUNDS',
      `城市系数须在 ${lo / 10000} 至 ${hi / 10000} 之间`,
      `the city factor must be between ${lo / 10000} and ${hi / 10000}`,
    );
  }
  return db.transaction(async (tx) => {
    const code = await nextCityVersionCode(tx, base.code, input.cityCode);
    await tx.query(
      `INSERT INTO policy_versions (code, based_on, city_code, effective_from, status, params) VALUES ($1,$2,$3,$4,'proposed',$5::jsonb)`,
      [code, base.code, input.cityCode, input.effectiveFrom, JSON.stringify({ cityFactorBp: input.factorBp })],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'policy.propose',
        entity: 'policy_version',
        entityId: code,
        after: { city: input.cityCode, factorBp: input.factorBp, effectiveFrom: input.effectiveFrom },
      },
    ]);
    return { code, status: 'proposed' };
  });
}

/** `<base>/<city>/<n>`, numbered per base version and city (JS-2025/320100/1, …/2, …). */
async function nextCityVersionCode(tx: Db, base: string, cityCode: string): Promise<string> {
  const prefix = `${base}/${cityCode}/`;
  const [{ used }] = await tx.query<{ used: number }>(
    `SELECT COALESCE(max(substr(code, $3)::int), 0)::int AS used FROM policy_versions
     WHERE based_on = $1 AND city_code = $2 AND substr(code, 1, $3 - 1) = $4 AND substr(code, $3) ~ '^[0-9]{1,9}$'`,
    [base, cityCode, prefix.length + 1, prefix],
  );
  return `${prefix}${await nextNumber(tx, `policy:${prefix}`, used)}`;
}

/** The province approves a proposed version; from its effective date settlement uses it. */
export async function approvePolicy(db: Db, actor: Actor, code: string) {
  return db.transaction(async (tx) => {
    const [v] = await tx.query<{ status: string }>('SELECT status FROM policy_versions WHERE code = $1 FOR UPDATE', [
      code,
    ]);
    if (!v) throw new NotFound({ zh: `政策版本 ${code}`, en: `policy version ${code}` });
    if (v.status !== 'proposed')
      throw new Conflict('NOT_PROPOSED', '该版本不是待批准状态', 'this version is not awaiting approval');
    await tx.query(`UPDATE policy_versions SET status = 'active' WHERE code = $1`, [code]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'policy.approve',
        entity: 'policy_version',
        entityId: code,
        before: { status: 'proposed' },
        after: { status: 'active' },
      },
    ]);
    return { code, status: 'active' };
  });
}
