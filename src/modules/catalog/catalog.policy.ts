import type { Actor } from '../../kernel/auth.ts';

/**
 * The directories departments own (plan 六: each is published by the responsible department, not
 * the province): the uploaded ones. An account of a department names which of them it publishes.
 */
export const DEPARTMENT_DIRECTORIES = [
  'internship_units',
  'hr_service_agencies',
  'technical_school_enrolment',
] as const;

/**
 * Who publishes a directory: the province any; a department officer only the department-owned
 * directories its account names — never a derived one (a snapshot of the platform's records).
 */
export function mayPublishDirectory(actor: Actor, name: string): boolean {
  if (actor.role === 'province_admin') return true;
  return (
    actor.role === 'department_officer' &&
    (DEPARTMENT_DIRECTORIES as readonly string[]).includes(name) &&
    (actor.directories ?? []).includes(name)
  );
}
