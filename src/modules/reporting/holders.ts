import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { cachedKpi } from './kpi-cache.ts';
import { computeKpi, INDICATORS, type Indicator } from './kpi.ts';
import { pace, type Pace } from './pace.ts';
import { factsByTag, TAG_SOURCES } from './tag-progress.ts';
import { assertMayReadHolder, mayReadHolder } from './reporting.policy.ts';

/** "N" of 1+13+N (三、工作要求): who may hold targets besides the province and the 13 cities. */
export const HOLDER_KINDS = ['department', 'industry_org', 'chain_leader'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

/** The years a holder's targets may be set for: the plan's. */
export const HOLDER_YEARS = [2025, 2026, 2027] as const;

const provinceOnly = () =>
  new Forbidden(
    'PROVINCE_SETS_HOLDERS',
    '目标承担单位及其目标由省人社厅设定',
    'target holders and their targets are set by the province',
  );

/** The province adds a holder: its kind, name, the sector it answers for and (optionally) its carrier. */
export async function addHolder(
  db: Db,
  actor: Actor,
  input: { kind: string; name: string; sector: string; carrierId?: string | null },
) {
  if (actor.role !== 'province_admin') throw provinceOnly();
  if (!(HOLDER_KINDS as readonly string[]).includes(input.kind))
    throw new Invalid(
      'BAD_HOLDER_KIND',
      '类型应为行业部门、行业组织或链主企业',
      'kind must be department, industry_org or chain_leader',
      {
        field: 'kind',
      },
    );
  const [sector] = await db.query('SELECT 1 FROM catalog.sectors WHERE code = $1', [input.sector]);
  if (!sector)
    throw new Invalid('UNKNOWN_SECTOR', `没有领域 ${input.sector}`, `${input.sector} is not a sector`, {
      field: 'sector',
    });
  const carrierId = input.carrierId || null;
  if (carrierId) {
    const [carrier] = await db.query('SELECT 1 FROM programmes.carriers WHERE id::text = $1', [carrierId]);
    if (!carrier)
      throw new Invalid('UNKNOWN_CARRIER', `没有培训载体 ${carrierId}`, `no carrier ${carrierId}`, {
        field: 'carrierId',
      });
  }
  const id = newId();
  const row = { id, kind: input.kind as HolderKind, name: input.name.trim(), sector: input.sector, carrierId };
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO target_holders (id, kind, name, sector, carrier_id, created_by) VALUES ($1,$2,$3,$4,$5,$6)',
      [id, row.kind, row.name, row.sector, carrierId, actorName(actor)],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'holder.add',
        entity: 'target_holder',
        entityId: id,
        before: null,
        after: row,
      },
    ]);
  });
  return row;
}

/** The province sets a holder's target for one indicator and year (a `targets` row, dimension `holder`); audited. */
export async function setHolderTarget(
  db: Db,
  actor: Actor,
  input: { holderId: string; indicator: string; year: number; value: number },
) {
  if (actor.role !== 'province_admin') throw provinceOnly();
  if (!(INDICATORS as readonly string[]).includes(input.indicator))
    throw new Invalid(
      'BAD_INDICATOR',
      `指标应为 ${INDICATORS.join('、')}`,
      `indicator must be one of ${INDICATORS.join(', ')}`,
      {
        field: 'indicator',
      },
    );
  if (!(HOLDER_YEARS as readonly number[]).includes(input.year))
    throw new Invalid('BAD_YEAR', '年度应在行动方案期内（2025—2027）', 'the year must be within the plan (2025–2027)', {
      field: 'year',
    });
  if (!Number.isInteger(input.value) || input.value < 0 || input.value > 100_000_000)
    throw new Invalid('BAD_TARGET', '目标值应为非负整数', 'the target must be a whole number ≥ 0', { field: 'value' });
  const [holder] = await db.query('SELECT 1 FROM target_holders WHERE id::text = $1', [input.holderId]);
  if (!holder) throw new NotFound({ zh: '目标承担单位', en: 'target holder' });
  const from = `${input.year}-01-01`;
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ value: number }>(
      "SELECT value FROM targets WHERE indicator = $1 AND dimension = 'holder' AND key = $2 AND period_from = $3 FOR UPDATE",
      [input.indicator, input.holderId, from],
    );
    await tx.query(
      `INSERT INTO targets (indicator, dimension, key, period_from, period_to, value) VALUES ($1,'holder',$2,$3,$4,$5)
       ON CONFLICT (indicator, dimension, key, period_from) DO UPDATE SET value = EXCLUDED.value`,
      [input.indicator, input.holderId, from, `${input.year}-12-31`, input.value],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'target.set',
        entity: 'target',
        entityId: `${input.indicator}/holder/${input.holderId}/${input.year}`,
        before: before ?? null,
        after: { value: input.value },
      },
    ]);
    return { holderId: input.holderId, indicator: input.indicator as Indicator, year: input.year, value: input.value };
  });
}

export interface HolderProgress extends Pace {
  holderId: string;
  kind: HolderKind;
  name: string;
  sector: string;
  carrierName: string | null;
  /** What its actual counts: the facts of its carrier's projects, or of its sector. */
  basis: 'carrier' | 'sector';
  indicator: Indicator;
  year: number;
}

/**
 * 目标承担单位进度: every target of every visible holder for `year`, its actual over the target's
 * year up to `asOf`, paced by pace.ts (the rule of the board and the reminders). A holder with a
 * carrier counts its carrier's projects' facts; one without, its sector's (the KPI's sector row).
 */
export async function holderProgress(
  db: Db,
  actor: Actor,
  asOf: string,
  year = Number(asOf.slice(0, 4)),
): Promise<HolderProgress[]> {
  const all = await cachedKpi(db, `holders|${asOf}|${year}`, () => freshHolderProgress(db, asOf, year), TAG_SOURCES);
  return all.filter((h) => mayReadHolder(actor, { id: h.holderId, sector: h.sector }));
}

async function freshHolderProgress(db: Db, asOf: string, year: number): Promise<HolderProgress[]> {
  const rows = await db.query<{
    id: string;
    kind: HolderKind;
    name: string;
    sector: string;
    carrier_id: string | null;
    carrier_name: string | null;
    indicator: Indicator;
    value: number;
    period_from: string;
    period_to: string;
  }>(
    `SELECT h.id::text AS id, h.kind, h.name, h.sector, h.carrier_id::text AS carrier_id, c.name AS carrier_name,
       t.indicator, t.value, to_char(t.period_from, 'YYYY-MM-DD') AS period_from, to_char(t.period_to, 'YYYY-MM-DD') AS period_to
     FROM target_holders h JOIN targets t ON t.dimension = 'holder' AND t.key = h.id::text
     LEFT JOIN programmes.carriers c ON c.id = h.carrier_id
     WHERE t.period_from = make_date($1, 1, 1)
     ORDER BY h.kind, h.name, t.indicator`,
    [year],
  );
  if (!rows.length) return [];
  const from = `${year}-01-01`;
  const upTo = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const started = asOf >= from;
  const bySector = started ? (await computeKpi(db, { from, to: upTo })).filter((r) => r.dimension === 'sector') : [];
  const byCarrier = started ? await factsByTag(db, 'carrier', from, upTo, null) : [];
  return rows.map((r) => {
    const actual = r.carrier_id
      ? (byCarrier.find((x) => x.key === r.carrier_id && x.indicator === r.indicator)?.value ?? 0)
      : (bySector.find((x) => x.key === r.sector && x.indicator === r.indicator)?.value ?? 0);
    return {
      holderId: r.id,
      kind: r.kind,
      name: r.name,
      sector: r.sector,
      carrierName: r.carrier_name,
      basis: r.carrier_id ? 'carrier' : 'sector',
      indicator: r.indicator,
      year,
      ...pace(actual, r.value, r.period_from, r.period_to, asOf),
    };
  });
}

/** The holders (without targets), for the page's forms: the province all, a department its sectors'. */
export async function listHolders(db: Db, actor: Actor) {
  const rows = await db.query<{
    id: string;
    kind: HolderKind;
    name: string;
    sector: string;
    carrier_id: string | null;
  }>(
    'SELECT id::text AS id, kind, name, sector, carrier_id::text AS carrier_id FROM target_holders ORDER BY kind, name',
  );
  return rows.filter((h) => mayReadHolder(actor, h));
}

/** One holder as its board heads it: what it is, what it answers for, and what its actual counts. */
export interface HolderHead {
  id: string;
  kind: HolderKind;
  name: string;
  sector: string;
  sectorName: string;
  carrierName: string | null;
}

/**
 * 本单位目标进度: one holder's targets of `year` with their pace on `asOf` (the rows of the board
 * and the reminders, holderProgress), for whoever may read that holder (mayReadHolder): a holder
 * liaison its own, never another's (403 `NOT_YOUR_HOLDER`); an unknown holder is 404.
 */
export async function holderBoard(db: Db, actor: Actor, holderId: string, asOf: string, year?: number) {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const [holder] = uuid.test(holderId)
    ? await db.query<HolderHead>(
        `SELECT h.id::text AS id, h.kind, h.name, h.sector, COALESCE(s.name, h.sector) AS "sectorName", c.name AS "carrierName"
         FROM target_holders h LEFT JOIN catalog.sectors s ON s.code = h.sector LEFT JOIN programmes.carriers c ON c.id = h.carrier_id
         WHERE h.id = $1::uuid`,
        [holderId],
      )
    : [];
  if (!holder) throw new NotFound({ zh: '目标承担单位', en: 'target holder' });
  assertMayReadHolder(actor, holder);
  const forYear = year ?? Number(asOf.slice(0, 4));
  const rows = (await holderProgress(db, actor, asOf, forYear)).filter((r) => r.holderId === holder.id);
  return { asOf, year: forYear, holder, rows };
}
