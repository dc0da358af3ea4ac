import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { ZCatalogChange, ZOccupationEdited } from './catalog.schema.ts';

/**
 * 目录管理: the province adds occupations, edits them and marks 专项职业能力 evaluation resources.
 * Every change bumps the occupation's version and writes one `catalog_changes` row (before/after,
 * who, when) and one audit entry, in the same transaction.
 */

/** The seed's two code forms: a 大典 code `6-18-02-04`, or a Jiangsu supplementary code `JS-0001` (interchange.md). */
export const OCCUPATION_CODE = /^(\d-\d{2}-\d{2}-\d{2}|JS-\d{4})$/;

/** The plan's yearly target of new evaluation resources (专项职业能力 考核规范). */
export const EVALUATION_RESOURCES_PLAN_PER_YEAR = 40;

export interface NewOccupation {
  code: string;
  name: string;
  sector: string;
  category: 'A' | 'B' | 'C';
  hasLevels: boolean;
  /** Set for a 专项职业能力 item: the year it became an evaluation resource. */
  specialAbilityYear?: number | null;
}

export interface OccupationEdit {
  name?: string;
  sector?: string;
  category?: 'A' | 'B' | 'C';
  hasLevels?: boolean;
  /** A year marks it 专项职业能力; null unmarks it. */
  specialAbilityYear?: number | null;
}

type Edited = z.infer<typeof ZOccupationEdited>;
const RETURNING = 'code, name, sector, category, has_levels, special_ability_year, version';

async function assertSector(tx: Db, sector: string): Promise<void> {
  const [s] = await tx.query('SELECT 1 FROM sectors WHERE code = $1', [sector]);
  if (!s) throw new Invalid('UNKNOWN_SECTOR', `领域代码 ${sector} 不存在`, `unknown sector ${sector}`);
}

async function recordChange(
  tx: Db,
  actor: string,
  action: 'add' | 'edit',
  before: Edited | null,
  after: Edited,
): Promise<void> {
  await tx.query(
    `INSERT INTO catalog_changes (id, catalog, code, version, action, before, after, changed_by, changed_at)
     VALUES ($1, 'occupations', $2, $3, $4, $5, $6, $7, now())`,
    [
      newId(),
      after.code,
      after.version,
      action,
      before === null ? null : JSON.stringify(before),
      JSON.stringify(after),
      actor,
    ],
  );
  await recordAudit(tx, [
    {
      actor,
      action: `occupation.${action === 'add' ? 'create' : 'update'}`,
      entity: 'occupation',
      entityId: after.code,
      before,
      after,
    },
  ]);
}

/** The province adds an occupation; the code must have the seed's form and be new. */
export async function createOccupation(db: Db, actor: string, o: NewOccupation): Promise<Edited> {
  if (!OCCUPATION_CODE.test(o.code))
    throw new Invalid(
      'BAD_OCCUPATION_CODE',
      `职业代码 ${o.code} 格式不对：应为大典代码（如 6-18-02-04）或江苏补充代码（如 JS-0001）`,
      `occupation code ${o.code} is malformed: expected a classification code (6-18-02-04) or a Jiangsu code (JS-0001)`,
    );
  return db.transaction(async (tx) => {
    await assertSector(tx, o.sector);
    const [after] = await tx.query<Edited>(
      `INSERT INTO occupations (code, name, sector, category, has_levels, code_source, special_ability_year)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (code) DO NOTHING RETURNING ${RETURNING}`,
      [
        o.code,
        o.name,
        o.sector,
        o.category,
        o.hasLevels,
        o.code.startsWith('JS-') ? 'local' : 'dadian',
        o.specialAbilityYear ?? null,
      ],
    );
    if (!after)
      throw new Conflict(
        'DUPLICATE_OCCUPATION',
        `职业代码 ${o.code} 已存在`,
        `occupation code ${o.code} already exists`,
      );
    await recordChange(tx, actor, 'add', null, after);
    return after;
  });
}

/** The province edits an occupation (name, sector, category, levels, 专项职业能力 year). */
export async function updateOccupation(db: Db, actor: string, code: string, edit: OccupationEdit): Promise<Edited> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<Edited>(`SELECT ${RETURNING} FROM occupations WHERE code = $1 FOR UPDATE`, [code]);
    if (!before) throw new NotFound({ zh: `职业 ${code}`, en: `occupation ${code}` });
    if (edit.sector) await assertSector(tx, edit.sector);
    const year = edit.specialAbilityYear === undefined ? before.special_ability_year : edit.specialAbilityYear;
    const [after] = await tx.query<Edited>(
      `UPDATE occupations SET name = COALESCE($2, name), sector = COALESCE($3, sector), category = COALESCE($4, category),
         has_levels = COALESCE($5, has_levels), special_ability_year = $6, version = version + 1, updated_at = now()
       WHERE code = $1 RETURNING ${RETURNING}`,
      [code, edit.name ?? null, edit.sector ?? null, edit.category ?? null, edit.hasLevels ?? null, year],
    );
    await recordChange(tx, actor, 'edit', before, after);
    return after;
  });
}

/** The catalog's change history, newest first (optionally of one code). */
export async function listCatalogChanges(db: Db, code?: string): Promise<z.infer<typeof ZCatalogChange>[]> {
  return db.query(
    `SELECT code, version, action, before, after, changed_by, changed_at FROM catalog_changes
     WHERE catalog = 'occupations' AND ($1::text IS NULL OR code = $1) ORDER BY changed_at DESC, version DESC LIMIT 500`,
    [code ?? null],
  );
}

/** 专项职业能力 evaluation resources added in a year, against the plan's 40 a year. */
export async function evaluationResourcesAdded(
  db: Db,
  year: number,
): Promise<{ year: number; added: number; plan: number }> {
  const [r] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM occupations WHERE special_ability_year = $1',
    [year],
  );
  return { year, added: r?.n ?? 0, plan: EVALUATION_RESOURCES_PLAN_PER_YEAR };
}
