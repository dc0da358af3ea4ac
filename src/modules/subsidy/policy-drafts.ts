import type { Db } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { isValidDate } from '../../kernel/dates.ts';
import { recordAudit } from '../audit/index.ts';
import { DEFAULT_POLICY_CODE, type PolicyParams } from './policy.ts';
import { familyOf } from './policy.repo.ts';
import { applyNumbers, diffPolicies, type PolicyChange } from './policy-fields.ts';

/** 省级政策草案: a new province version of JS-2025, proposed by one official and approved by another. */
export interface DraftInput {
  effectiveFrom: string;
  /** Changed numbers by path (policy-fields.ts); the rest are the active version's. */
  numbers: Record<string, number>;
}

type VersionRow = {
  code: string;
  based_on: string | null;
  effective_from: string;
  status: string;
  params: PolicyParams;
  created_by: string | null;
  approved_by: string | null;
};

/** The newest approved province version: what a draft starts from and is compared with. */
export async function activeProvinceVersion(db: Db): Promise<VersionRow> {
  const [row] = await db.query<VersionRow>(
    `SELECT code, based_on, effective_from::text AS effective_from, status, params, created_by, approved_by
     FROM policy_versions WHERE city_code IS NULL AND status = 'active' AND code LIKE $1 || '%'
     ORDER BY effective_from DESC, approved_at DESC NULLS LAST, created_at DESC LIMIT 1`,
    [DEFAULT_POLICY_CODE],
  );
  if (!row) throw new NotFound({ zh: '现行省级政策版本', en: 'active province policy version' });
  return row;
}

async function provinceVersion(db: Db, code: string): Promise<VersionRow> {
  const [row] = await db.query<VersionRow>(
    `SELECT code, based_on, effective_from::text AS effective_from, status, params, created_by, approved_by
     FROM policy_versions WHERE code = $1 AND city_code IS NULL`,
    [code],
  );
  if (!row) throw new NotFound({ zh: `省级政策版本 ${code}`, en: `province policy version ${code}` });
  return row;
}

/**
 * The province drafts a new version: the active version's numbers with these changed, valid
 * (policy-fields.ts) and different from the active one. It waits for a second official's approval.
 */
export async function draftPolicy(db: Db, actor: Actor, input: DraftInput) {
  if (!isValidDate(input.effectiveFrom))
    throw new Invalid(
      'BAD_DATE',
      `生效日期无效：${input.effectiveFrom}`,
      `the effective date is not a date: ${input.effectiveFrom}`,
    );
  const base = await activeProvinceVersion(db);
  const params = applyNumbers(base.params, input.numbers);
  const changes = diffPolicies(base.params, params);
  if (changes.length === 0)
    throw new Invalid(
      'POLICY_UNCHANGED',
      '草案与现行版本完全相同，没有改动任何数字',
      'the draft changes no number of the active version',
    );
  return db.transaction(async (tx) => {
    const family = familyOf(base.code);
    const [{ used }] = await tx.query<{ used: number }>(
      `SELECT COALESCE(max(substr(code, length($1) + 2)::int), 1)::int AS used FROM policy_versions
       WHERE city_code IS NULL AND substr(code, 1, length($1) + 1) = $1 || '.' AND substr(code, length($1) + 2) ~ '^[0-9]{1,9}$'`,
      [family],
    );
    const code = `${family}.${await nextNumber(tx, `policy:${family}.`, used)}`;
    await tx.query(
      `INSERT INTO policy_versions (code, based_on, city_code, effective_from, status, params, created_by)
       VALUES ($1, $2, NULL, $3, 'proposed', $4::jsonb, $5)`,
      [code, base.code, input.effectiveFrom, JSON.stringify(params), actorName(actor)],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'policy.draft',
        entity: 'policy_version',
        entityId: code,
        after: {
          basedOn: base.code,
          effectiveFrom: input.effectiveFrom,
          changes: changes.map((c) => ({ path: c.path, before: c.before, after: c.after })),
        },
      },
    ]);
    return { code, status: 'proposed' };
  });
}

/** A draft withdrawn by the province before approval (kept, audited, never used). */
export async function withdrawPolicy(db: Db, actor: Actor, code: string) {
  return db.transaction(async (tx) => {
    const [v] = await tx.query<{ status: string; city_code: string | null }>(
      'SELECT status, city_code FROM policy_versions WHERE code = $1 FOR UPDATE',
      [code],
    );
    if (!v) throw new NotFound({ zh: `政策版本 ${code}`, en: `policy version ${code}` });
    if (actor.role === 'city_officer' && v.city_code !== actor.cityCode)
      throw new Forbidden('OUT_OF_SCOPE', '只能撤回本市的提议', 'you may withdraw your own city’s proposals only');
    if (v.status !== 'proposed')
      throw new Conflict('NOT_PROPOSED', '该版本不是待批准状态', 'this version is not awaiting approval');
    await tx.query(`UPDATE policy_versions SET status = 'withdrawn' WHERE code = $1`, [code]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'policy.withdraw',
        entity: 'policy_version',
        entityId: code,
        before: { status: 'proposed' },
        after: { status: 'withdrawn' },
      },
    ]);
    return { code, status: 'withdrawn' };
  });
}

export interface PolicyDiff {
  code: string;
  against: string;
  effectiveFrom: string;
  status: string;
  createdBy: string | null;
  approvedBy: string | null;
  changes: PolicyChange[];
}

/**
 * What a province version changes: a draft against the active version (what approving it would
 * change now), an approved or withdrawn one against the version it was drafted from.
 */
export async function policyDiff(db: Db, code: string): Promise<PolicyDiff> {
  const v = await provinceVersion(db, code);
  const against =
    v.status === 'proposed' ? await activeProvinceVersion(db) : v.based_on ? await provinceVersion(db, v.based_on) : v;
  return {
    code: v.code,
    against: against.code,
    effectiveFrom: v.effective_from,
    status: v.status,
    createdBy: v.created_by,
    approvedBy: v.approved_by,
    changes: diffPolicies(against.params, v.params),
  };
}

/** The stored numbers of a province version, for a what-if of the whole draft. */
export async function provinceParams(db: Db, code: string): Promise<PolicyParams> {
  return (await provinceVersion(db, code)).params;
}
