import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { inScope } from '../../kernel/scope.ts';

/**
 * What of the targets' numbers a role sees (docs/security.md § Who sees what). A city officer's
 * numbers are counted over their city's facts (cityScope); a department sees the rows of its own
 * sectors and key tasks, not the whole province's breakdown by city, group or other sectors. The
 * published monthly report stays the province's public summary for every official.
 */
export function visibleKpiRow(actor: Actor, row: { dimension: string; key: string }): boolean {
  if (actor.role !== 'department_officer') return true;
  if (row.dimension === 'sector') return inScope(actor, { sector: row.key });
  if (row.dimension === 'key_task') return inScope(actor, { keyTask: Number(row.key) });
  return false;
}

/** A department sees the labour-market rows of its sectors' occupations; cities and the province all. */
export function visibleMarketRow(actor: Actor, row: { sector: string }): boolean {
  return actor.role !== 'department_officer' || inScope(actor, { sector: row.sector });
}

/** The monthly report an official gets: a city officer their city's; a department the province's summary only; the province any. */
export function reportCity(actor: Actor, requested: string | undefined): string | null {
  if (actor.role === 'city_officer') return actor.cityCode;
  if (actor.role === 'department_officer') return null;
  return requested ?? null;
}

/**
 * Whose "N" target holder an actor reads (docs/programmes.md § Who does what): the province every
 * holder; a department officer the holders of its sectors; a holder liaison its own holder, nothing
 * of any other.
 */
export function mayReadHolder(actor: Actor, holder: { id: string; sector: string }): boolean {
  if (actor.role === 'province_admin') return true;
  if (actor.role === 'department_officer') return actor.sectors.includes(holder.sector);
  if (actor.role === 'holder_officer') return !!actor.holderId && actor.holderId === holder.id;
  return false;
}

export function assertMayReadHolder(actor: Actor, holder: { id: string; sector: string }): void {
  if (!mayReadHolder(actor, holder))
    throw new Forbidden(
      'NOT_YOUR_HOLDER',
      '该目标承担单位不在您的范围内，只能查看本单位（本领域）的目标进度',
      'this target holder is outside your scope: you read your own holder’s (your sectors’) targets only',
    );
}
