import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';

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

/** 目录管理: only the province adds or edits occupations and marks 专项职业能力 (plan 六). */
export function assertMayEditCatalog(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden(
      'CATALOG_PROVINCE_ONLY',
      '职业目录只能由省级维护',
      'only the province edits the occupation catalog',
    );
}
