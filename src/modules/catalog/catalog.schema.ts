import { z } from 'zod';

/**
 * Request and response contracts of the reference catalogs. Each catalog row is a strict object,
 * so the catalog answer (one route, seven shapes) is serialised as exactly one of them.
 */

const ZCategory = z.enum(['A', 'B', 'C']);

export const ZCatalogCity = z
  .strictObject({ code: z.string(), name: z.string(), name_en: z.string() })
  .meta({ id: 'CatalogCity' });
/** A sector (六大领域) or a target group (九类群体), with the key task it belongs to. */
export const ZCatalogTaskedEntry = z
  .strictObject({ code: z.string(), name: z.string(), name_en: z.string(), key_task: z.number() })
  .meta({ id: 'CatalogTaskedEntry' });
export const ZCatalogKeyTask = z
  .strictObject({
    no: z.number(),
    title: z.string(),
    dimension: z.string(),
    target: z.string(),
    responsible_units: z.array(z.string()),
  })
  .meta({ id: 'CatalogKeyTask' });
export const ZCatalogLevel = z
  .strictObject({ code: z.string(), name: z.string(), name_en: z.string(), rank: z.number(), high_skill: z.boolean() })
  .meta({ id: 'CatalogLevel' });

/** An occupation as edited (the catalog's answer to an edit, and the audit's before/after). */
export const ZOccupationEdited = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    sector: z.string(),
    category: ZCategory,
    has_levels: z.boolean(),
    /** 专项职业能力: the year it became an evaluation resource; null for an ordinary occupation. */
    special_ability_year: z.number().nullable(),
    version: z.number(),
  })
  .meta({ id: 'OccupationEdited' });
export const ZCatalogOccupation = ZOccupationEdited.extend({
  code_source: z.string(),
  updated_at: z.date(),
}).meta({ id: 'CatalogOccupation' });
export const ZCatalogShortage = z
  .strictObject({
    occupation_code: z.string(),
    /** null when the occupation has left the catalog since. */
    name: z.string().nullable(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
  })
  .meta({ id: 'CatalogShortageEntry' });

/** `GET /api/catalogs/:name`: the rows of the catalog named (cities, sectors, groups, …). */
export const ZCatalog = z.union([
  z.array(ZCatalogOccupation),
  z.array(ZCatalogLevel),
  z.array(ZCatalogKeyTask),
  z.array(ZCatalogTaskedEntry),
  z.array(ZCatalogShortage),
  z.array(ZCatalogCity),
]);

const ZYear = z.number().int().min(2020).max(2100);

export const ZOccupationEdit = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  sector: z.string().optional(),
  category: ZCategory.optional(),
  hasLevels: z.boolean().optional(),
  /** A year marks the occupation 专项职业能力 (an evaluation resource since that year); null unmarks it. */
  specialAbilityYear: ZYear.nullable().optional(),
});

/** `POST /api/catalogs/occupations`: a new occupation (code checked like the seed's). */
export const ZOccupationNew = z.object({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(200),
  sector: z.string(),
  category: ZCategory,
  hasLevels: z.boolean().default(true),
  specialAbilityYear: ZYear.nullable().optional(),
});

/** One versioned change of the occupation catalog. */
export const ZCatalogChange = z
  .strictObject({
    code: z.string(),
    version: z.number(),
    action: z.enum(['add', 'edit']),
    before: ZOccupationEdited.nullable(),
    after: ZOccupationEdited,
    changed_by: z.string(),
    changed_at: z.date(),
  })
  .meta({ id: 'CatalogChange' });

/** New evaluation resources (专项职业能力) added in a year against the plan's 40. */
export const ZEvaluationResources = z
  .strictObject({ year: z.number(), added: z.number(), plan: z.number() })
  .meta({ id: 'EvaluationResources' });
