import type { AppContext } from '../kernel/context.ts';
import { actorName, type Actor } from '../kernel/auth.ts';
import { Forbidden, Invalid } from '../kernel/errors.ts';
import { recordAudit } from '../modules/audit/index.ts';
import {
  assertMayPublishDirectory,
  DIRECTORIES,
  publishDirectory,
  replaceShortageList,
  type DirectoryEntry,
  type DirectoryName,
} from '../modules/catalog/index.ts';
import { CERTIFICATE_KIND_NAMES } from '../modules/evaluation/index.ts';
import { labourMarket } from '../modules/reporting/index.ts';
import { loadPolicy } from '../modules/subsidy/index.ts';
import { requireDate } from '../kernel/dates.ts';

/** The entries of a derived directory as the platform's records stand on `on`. */
export async function derivedEntries(ctx: AppContext, name: DirectoryName, on: string): Promise<DirectoryEntry[]> {
  const db = ctx.db;
  if (name === 'training_occupations') {
    return (
      await db.query<{ code: string; name: string; sector: string; category: string; has_levels: boolean }>(
        'SELECT code, name, sector, category, has_levels FROM catalog.occupations ORDER BY code',
      )
    ).map((o) => ({
      code: o.code,
      name: o.name,
      attrs: { sector: o.sector, category: o.category, has_levels: o.has_levels },
    }));
  }
  if (name === 'shortage_occupations') {
    return (
      await db.query<{ code: string; name: string; valid_from: string; valid_to: string | null }>(
        `SELECT s.occupation_code AS code, o.name, s.valid_from, s.valid_to FROM catalog.shortage_list s JOIN catalog.occupations o ON o.code = s.occupation_code
       WHERE s.valid_from <= $1 AND (s.valid_to IS NULL OR s.valid_to >= $1) ORDER BY 1`,
        [on],
      )
    ).map((s) => ({ code: s.code, name: s.name, attrs: { valid_from: s.valid_from, valid_to: s.valid_to } }));
  }
  if (name === 'training_institutions' || name === 'evaluation_institutions') {
    const role = name === 'training_institutions' ? 'training' : 'evaluation';
    return (
      await db.query<{ credit_code: string; name: string; city_code: string; type: string; listed_from: string }>(
        `SELECT credit_code, name, city_code, type, listed_from FROM registry.institutions
       WHERE $1 = ANY(roles) AND listed_from <= $2 AND (blacklisted_from IS NULL OR blacklisted_from > $2) ORDER BY credit_code`,
        [role, on],
      )
    ).map((i) => ({
      code: i.credit_code,
      name: i.name,
      cityCode: i.city_code,
      attrs: { type: i.type, listed_from: i.listed_from },
    }));
  }
  if (name === 'subsidized_projects') {
    // Subsidy benchmarks (补贴标准) per occupation and certificate, from the policy in force.
    const p = (await loadPolicy(db)).params;
    const shortage = new Set((await derivedEntries(ctx, 'shortage_occupations', on)).map((e) => e.code));
    const occs = await db.query<{ code: string; name: string; category: 'A' | 'B' | 'C'; has_levels: boolean }>(
      'SELECT code, name, category, has_levels FROM catalog.occupations ORDER BY code',
    );
    // Entries are named in words (电工 · 初级工（五级）, 盲人按摩 · 专项职业能力); the code keeps the level or kind.
    const levelNames = new Map(
      (await db.query<{ code: string; name: string }>('SELECT code, name FROM catalog.levels')).map((l) => [
        l.code,
        l.name,
      ]),
    );
    const kindNames: Record<string, { zh: string }> = CERTIFICATE_KIND_NAMES;
    const out: DirectoryEntry[] = [];
    for (const o of occs) {
      const rows: [string, string, number][] = o.has_levels
        ? Object.entries(p.trainingBaseFen.levelled).map(([level, t]) => [
            level,
            levelNames.get(level) ?? level,
            t[o.category],
          ])
        : Object.entries(p.trainingBaseFen.byKind).map(([kind, t]) => [
            kind,
            kindNames[kind]?.zh ?? kind,
            t[o.category],
          ]);
      for (const [key, label, baseFen] of rows) {
        const factor = shortage.has(o.code) ? p.shortageFactorBp : 10000;
        out.push({
          code: `${o.code}/${key}`,
          name: `${o.name} · ${label}`,
          attrs: {
            occupation_code: o.code,
            certificate: key,
            category: o.category,
            base_fen: baseFen,
            shortage: shortage.has(o.code),
            benchmark_fen: Math.round((baseFen * factor) / 10000),
          },
        });
      }
    }
    return out;
  }
  if (name === 'saturated_occupations') {
    return (await labourMarket(db, { today: on }))
      .filter((r) => r.signal === 'saturated')
      .map((r) => ({
        code: r.occupation_code,
        name: r.occupation_name,
        attrs: { supply: r.supply, positions: r.positions },
      }));
  }
  throw new Invalid('NOT_DERIVED', '该目录由主管部门上传发布', 'this directory is published by upload', {
    directory: name,
  });
}

/** Publishes a derived directory as a snapshot of today's records. */
export async function publishDerived(
  ctx: AppContext,
  actor: Actor,
  name: DirectoryName,
  effectiveFrom: string,
  note?: string,
) {
  assertMayPublishDirectory(actor, name); // before the snapshot: a refusal should not cost one
  if (DIRECTORIES[name]?.source !== 'derived')
    throw new Invalid('NOT_DERIVED', '该目录由主管部门上传发布', 'this directory is published by upload');
  return publishDirectory(ctx.db, actor, name, {
    effectiveFrom,
    note,
    entries: await derivedEntries(ctx, name, requireDate(effectiveFrom, 'effectiveFrom')),
  });
}

/**
 * The province publishes a new shortage list (紧缺职业目录) effective from a date: occupations
 * leaving it end the day before, new ones start that day. It feeds policy.md's shortage factor
 * for certificates issued from then on, and is published as a new directory version.
 */
export async function publishShortageList(
  ctx: AppContext,
  actor: Actor,
  input: { effectiveFrom: string; occupations: string[]; note?: string },
) {
  if (actor.role !== 'province_admin') throw new Forbidden();
  const from = requireDate(input.effectiveFrom, 'effectiveFrom');
  const wanted = [...new Set(input.occupations)];
  const known = new Set(
    (
      await ctx.db.query<{ code: string }>('SELECT code FROM catalog.occupations WHERE code = ANY($1::text[])', [
        wanted,
      ])
    ).map((r) => r.code),
  );
  const unknown = wanted.filter((c) => !known.has(c));
  if (unknown.length)
    throw new Invalid(
      'UNKNOWN_OCCUPATION',
      `职业编码不在目录中：${unknown.join('、')}`,
      `not in the occupation catalog: ${unknown.join(', ')}`,
    );
  await ctx.db.transaction(async (tx) => {
    const { current, leaving, joining } = await replaceShortageList(tx, wanted, from);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'shortage_list.publish',
        entity: 'shortage_list',
        entityId: from,
        before: { on_list: current.map((c) => c.occupation_code) },
        after: { on_list: wanted, joining, leaving: leaving.map((c) => c.occupation_code) },
      },
    ]);
  });
  return publishDirectory(ctx.db, actor, 'shortage_occupations', {
    effectiveFrom: from,
    note: input.note,
    entries: await derivedEntries(ctx, 'shortage_occupations', from),
  });
}
