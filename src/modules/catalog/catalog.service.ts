import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../db/client.ts';
import type { z } from 'zod';
import type { ZCatalog } from './catalog.schema.ts';

const SEED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/seed-data');

function readSeed(name: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(SEED_DIR, name)), { columns: true, bom: true, skip_empty_lines: true });
}

/**
 * Loads the reference catalogs (cities, sectors, groups, key tasks, levels, occupations). Only
 * missing rows are added: an occupation the province has since edited is left as edited.
 */
export async function seedCatalogs(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const r of readSeed('cities.csv'))
      await tx.query('INSERT INTO cities (code, name, name_en) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING', [
        r.code,
        r.name,
        r.name_en,
      ]);
    for (const r of readSeed('sectors.csv'))
      await tx.query(
        'INSERT INTO sectors (code, name, name_en, key_task) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING',
        [r.code, r.name, r.name_en, Number(r.key_task)],
      );
    for (const r of readSeed('groups.csv'))
      await tx.query(
        'INSERT INTO target_groups (code, name, name_en, key_task) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING',
        [r.code, r.name, r.name_en, Number(r.key_task)],
      );
    for (const r of readSeed('key_tasks.csv'))
      await tx.query(
        'INSERT INTO key_tasks (no, title, dimension, target, responsible_units) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING',
        [Number(r.no), r.title, r.dimension, r.target, r.responsible_units.split(';').filter(Boolean)],
      );
    for (const r of readSeed('levels.csv'))
      await tx.query(
        'INSERT INTO levels (code, name, name_en, rank, high_skill) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING',
        [r.code, r.name, r.name_en, Number(r.rank), r.high_skill === 'true'],
      );
    for (const r of readSeed('occupations.csv'))
      await tx.query(
        'INSERT INTO occupations (code, name, sector, category, has_levels, code_source) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING',
        [r.code, r.name, r.sector, r.category, r.has_levels === 'true', r.code_source || 'local'],
      );
  });
}

export interface ReferenceCodes {
  cities: Set<string>;
  sectors: Set<string>;
  groups: Set<string>;
  keyTasks: Set<number>;
  levels: Map<string, { rank: number; highSkill: boolean }>;
}

/** The code sets validators check against (loaded once per import or settlement). */
export async function loadReferenceCodes(db: Db): Promise<ReferenceCodes> {
  const [cities, sectors, groups, tasks, lv] = await Promise.all([
    db.query<{ code: string }>('SELECT code FROM cities'),
    db.query<{ code: string }>('SELECT code FROM sectors'),
    db.query<{ code: string }>('SELECT code FROM target_groups'),
    db.query<{ no: number }>('SELECT no FROM key_tasks'),
    db.query<{ code: string; rank: number; high_skill: boolean }>('SELECT code, rank, high_skill FROM levels'),
  ]);
  return {
    cities: new Set(cities.map((r) => r.code)),
    sectors: new Set(sectors.map((r) => r.code)),
    groups: new Set(groups.map((r) => r.code)),
    keyTasks: new Set(tasks.map((r) => r.no)),
    levels: new Map(lv.map((r) => [r.code, { rank: r.rank, highSkill: r.high_skill }])),
  };
}

export const CATALOGS = ['cities', 'sectors', 'groups', 'key_tasks', 'levels', 'occupations', 'shortage'] as const;
export type CatalogName = (typeof CATALOGS)[number];

const CATALOG_SQL: Record<CatalogName, string> = {
  cities: 'SELECT code, name, name_en FROM cities ORDER BY code',
  sectors: 'SELECT code, name, name_en, key_task FROM sectors ORDER BY key_task',
  groups: 'SELECT code, name, name_en, key_task FROM target_groups ORDER BY code',
  key_tasks: 'SELECT no, title, dimension, target, responsible_units FROM key_tasks ORDER BY no',
  levels: 'SELECT code, name, name_en, rank, high_skill FROM levels ORDER BY rank',
  occupations:
    'SELECT code, name, sector, category, has_levels, special_ability_year, code_source, version, updated_at FROM occupations ORDER BY code',
  shortage: `SELECT s.occupation_code, o.name, s.valid_from, s.valid_to FROM shortage_list s
             LEFT JOIN occupations o ON o.code = s.occupation_code ORDER BY s.occupation_code, s.valid_from`,
};

/** A published reference catalog, readable by anyone (公开目录). */
export async function listCatalog(db: Db, name: CatalogName): Promise<z.infer<typeof ZCatalog>> {
  // Each query's columns are the shape its catalog declares (catalog.schema.ts).
  return (await db.query(CATALOG_SQL[name])) as z.infer<typeof ZCatalog>;
}
