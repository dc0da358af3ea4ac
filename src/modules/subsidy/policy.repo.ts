import type { Db } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { chinaDate, systemClock } from '../../kernel/clock.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { DEFAULT_POLICY_CODE, EXTENSION_DEFAULTS, JS_2025, type PolicyParams } from './policy.ts';
import type { TPolicyVersion } from './subsidy.schema.ts';

/** A province policy version with the active city-factor versions folded in. */
export interface LoadedPolicy {
  code: string;
  effectiveFrom: string;
  params: PolicyParams;
  /** The city-factor version in force per city (recorded on each decision). */
  cityVersions: Record<string, string>;
  /**
   * Every active province version in force by the settlement date, oldest first (this one last):
   * an application is decided by the one in force on its applied_on (policyInForce).
   */
  timeline?: LoadedPolicy[];
}

/** Stores JS-2025 as the first, active policy version when missing. */
export async function seedPolicy(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO policy_versions (code, effective_from, status, params) VALUES ($1, '2025-01-01', 'active', $2::jsonb)
     ON CONFLICT (code) DO NOTHING`,
    [DEFAULT_POLICY_CODE, JSON.stringify(JS_2025)],
  );
}

/** Province versions of one family: JS-2025, JS-2025.2, JS-2025.3 … City factors belong to the family. */
export const familyOf = (code: string) => code.replace(/\.\d+$/, '');

type ProvinceRow = { code: string; effective_from: string; params: PolicyParams };

/**
 * The policy a settlement uses. Without a code: every active province version effective on or
 * before `asOf` (the newest first in `params`, all of them in `timeline`); with a code, that
 * version alone. For each city, the newest active city factor effective on or before `asOf`.
 */
export async function loadPolicy(
  db: Db,
  code?: string,
  // Today by default: live rules (attendance, claims, directories) must not take a version approved
  // for a later date before it takes effect.
  asOf = chinaDate(systemClock.now()),
): Promise<LoadedPolicy> {
  const rows = code
    ? await db.query<ProvinceRow>(
        `SELECT code, effective_from::text AS effective_from, params FROM policy_versions WHERE code = $1 AND city_code IS NULL`,
        [code],
      )
    : await db.query<ProvinceRow>(
        `SELECT code, effective_from::text AS effective_from, params FROM policy_versions
         WHERE city_code IS NULL AND status = 'active' AND code LIKE $1 || '%'
         ORDER BY effective_from, approved_at NULLS FIRST, created_at`,
        [DEFAULT_POLICY_CODE],
      );
  if (!rows.length)
    throw new NotFound({
      zh: `补贴政策版本 ${code ?? DEFAULT_POLICY_CODE}`,
      en: `policy version ${code ?? DEFAULT_POLICY_CODE}`,
    });
  // Before the first version took effect, the first version decides (nothing older exists).
  const inForce = rows.filter((r, i) => i === 0 || r.effective_from <= asOf);
  const cities = await db.query<{ code: string; city_code: string; params: { cityFactorBp: number } }>(
    `SELECT DISTINCT ON (city_code) code, city_code, params FROM policy_versions
     WHERE based_on = $1 AND city_code IS NOT NULL AND status = 'active' AND effective_from <= $2::date
     ORDER BY city_code, effective_from DESC, created_at DESC`,
    [familyOf(rows[0].code), asOf],
  );
  const timeline = inForce.map((r) => withCityFactors(r, cities));
  return { ...timeline.at(-1)!, timeline };
}

function withCityFactors(
  row: ProvinceRow,
  cities: { code: string; city_code: string; params: { cityFactorBp: number } }[],
): LoadedPolicy {
  // A version stored before the platform's extensions reads their documented defaults.
  const params: PolicyParams = { ...EXTENSION_DEFAULTS, ...row.params, cityFactorBp: { ...row.params.cityFactorBp } };
  const cityVersions: Record<string, string> = {};
  for (const c of cities) {
    params.cityFactorBp[c.city_code] = c.params.cityFactorBp;
    cityVersions[c.city_code] = c.code;
  }
  return { code: row.code, effectiveFrom: row.effective_from, params, cityVersions };
}

/**
 * The province version that decides an application: the newest in force on its applied_on
 * (docs/policy-notes.md), the first one for an application older than every version.
 */
export function policyInForce(p: LoadedPolicy, appliedOn: string): LoadedPolicy {
  if (!p.timeline || p.timeline.length < 2) return p;
  let found = p.timeline[0];
  for (const v of p.timeline) if (v.effectiveFrom <= appliedOn) found = v;
  return found;
}

/**
 * The longest check-in/out grace of any version that may judge an application (the settlement's
 * attendance read must hold every record that any of them would count).
 */
export function maxGraceMinutes(p: LoadedPolicy): number {
  return Math.max(p.params.attendance.graceMinutes, ...(p.timeline ?? []).map((v) => v.params.attendance.graceMinutes));
}

/** The version string a decision records: the province version, and the city's factor version if any. */
export function versionUsed(p: LoadedPolicy, cityCode: string): string {
  return p.cityVersions[cityCode] ? `${p.code}+${p.cityVersions[cityCode]}` : p.code;
}

/**
 * The published versions. Province drafts (not yet approved) and who drafted or approved are the
 * province's own working papers: only province administrators see them.
 */
export async function listPolicies(db: Db, actor: Actor | null) {
  const province = actor?.role === 'province_admin';
  return db.query<TPolicyVersion>(
    `SELECT code, based_on, city_code, effective_from, status, params, created_at,
            CASE WHEN $1 THEN created_by END AS created_by, CASE WHEN $1 THEN approved_by END AS approved_by
     FROM policy_versions WHERE $1 OR city_code IS NOT NULL OR status = 'active' ORDER BY effective_from, code`,
    [province],
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
  // The bounds of the province version in force on the factor's effective date.
  const base = await loadPolicy(db, input.basedOn, input.effectiveFrom);
  const [lo, hi] = base.params.cityFactorBoundsBp;
  if (!Number.isInteger(input.factorBp) || input.factorBp < lo || input.factorBp > hi) {
    throw new Invalid(
      'FACTOR_OUT_OF_BOUNDS',
      `城市系数须在 ${lo / 10000} 至 ${hi / 10000} 之间`,
      `the city factor must be between ${lo / 10000} and ${hi / 10000}`,
    );
  }
  return db.transaction(async (tx) => {
    const family = familyOf(base.code);
    const code = await nextCityVersionCode(tx, family, input.cityCode);
    await tx.query(
      `INSERT INTO policy_versions (code, based_on, city_code, effective_from, status, params, created_by) VALUES ($1,$2,$3,$4,'proposed',$5::jsonb,$6)`,
      [
        code,
        family,
        input.cityCode,
        input.effectiveFrom,
        JSON.stringify({ cityFactorBp: input.factorBp }),
        actorName(actor),
      ],
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

/**
 * The province approves a proposed version (a city's factor or a province draft); from its
 * effective date settlement uses it. Four eyes: the official who drafted it cannot approve it.
 */
export async function approvePolicy(db: Db, actor: Actor, code: string) {
  return db.transaction(async (tx) => {
    const [v] = await tx.query<{ status: string; created_by: string | null; city_code: string | null }>(
      'SELECT status, created_by, city_code FROM policy_versions WHERE code = $1 FOR UPDATE',
      [code],
    );
    if (!v) throw new NotFound({ zh: `政策版本 ${code}`, en: `policy version ${code}` });
    if (v.status !== 'proposed')
      throw new Conflict('NOT_PROPOSED', '该版本不是待批准状态', 'this version is not awaiting approval');
    if (v.created_by && v.created_by === actorName(actor))
      throw new Forbidden(
        'FOUR_EYES',
        '起草人不能批准自己起草的政策版本，须由另一位省级管理员批准',
        'the official who drafted a version cannot approve it; another province administrator must',
      );
    await tx.query(
      `UPDATE policy_versions SET status = 'active', approved_by = $2, approved_at = now() WHERE code = $1`,
      [code, actorName(actor)],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'policy.approve',
        entity: 'policy_version',
        entityId: code,
        before: { status: 'proposed', draftedBy: v.created_by },
        after: { status: 'active' },
      },
    ]);
    return { code, status: 'active' };
  });
}
