import type { Actor } from '../../kernel/auth.ts';
import { inScope, outOfScope } from '../../kernel/scope.ts';

export interface EnterpriseFacts {
  creditCode: string;
  cityCode: string;
  sector: string;
}

/**
 * Whose fund reports an actor reads (docs/colleges-and-enterprises.md § Who sees what): the province
 * all; a city officer its city's enterprises; a department (国资委, 工信 …) the enterprises of its
 * sectors; an enterprise its own. The SQL filter's parameters (null: no limit on that fact).
 */
export function enterpriseFilter(actor: Actor): {
  city: string | null;
  enterprise: string | null;
  sectors: string[] | null;
} {
  switch (actor.role) {
    case 'province_admin':
      return { city: null, enterprise: null, sectors: null };
    case 'city_officer':
      return { city: actor.cityCode ?? '-', enterprise: null, sectors: null };
    case 'department_officer':
      return { city: null, enterprise: null, sectors: actor.sectors };
    case 'enterprise_staff':
      return { city: null, enterprise: actor.enterpriseCode ?? '-', sectors: null };
    default:
      throw outOfScope();
  }
}

/**
 * Who reports an enterprise's fund: the enterprise itself, the department of its sector, or the
 * province. A city reads the reports of its enterprises but does not file them.
 */
export function mayReportFund(actor: Actor, e: EnterpriseFacts): boolean {
  if (actor.role === 'city_officer') return false;
  return inScope(actor, { enterprise: e.creditCode, sector: e.sector, city: e.cityCode });
}
