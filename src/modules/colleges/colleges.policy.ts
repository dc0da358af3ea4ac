import type { Actor } from '../../kernel/auth.ts';
import { outOfScope } from '../../kernel/scope.ts';

/**
 * Which colleges' workload reports an actor reads (docs/colleges-and-enterprises.md § Who sees what):
 * the province and departments (教育厅 reads as a department officer) every college; a city officer
 * the colleges of their city; a college's staff their own college only. The SQL filter's parameters.
 */
export function collegeFilter(actor: Actor): { city: string | null; institution: string | null } {
  switch (actor.role) {
    case 'province_admin':
    case 'department_officer':
      return { city: null, institution: null };
    case 'city_officer':
      return { city: actor.cityCode ?? '-', institution: null };
    case 'institution_staff':
      return { city: null, institution: actor.institutionCode ?? '-' };
    default:
      throw outOfScope();
  }
}

/** Whether the actor may read this college's report. */
export function mayReadCollege(actor: Actor, college: { creditCode: string; cityCode: string }): boolean {
  const f = collegeFilter(actor);
  return (
    (f.city === null || f.city === college.cityCode) && (f.institution === null || f.institution === college.creditCode)
  );
}

/**
 * Who reports a college's other income and costs: the college itself, or the province. A city or a
 * department reads them; they do not write a college's accounts.
 */
export function mayReportFinances(actor: Actor, college: { creditCode: string }): boolean {
  if (actor.role === 'province_admin') return true;
  return actor.role === 'institution_staff' && actor.institutionCode === college.creditCode;
}
