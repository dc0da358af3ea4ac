import type { Actor } from '../../kernel/auth.ts';
import { NotFound } from '../../kernel/errors.ts';
import { assertInScope } from '../../kernel/scope.ts';

/**
 * Who may assess whom (docs/ARCHITECTURE.md § Certificates, docs/training-lifecycle.md § 考核): an evaluation institution assesses a
 * class only when the project chose it as its evaluator (`projects.evaluator_code`), and candidates
 * who registered with it themselves (named by ID number, without a project). Everything else about
 * an evaluator's standing (role, listing, blacklist) is checked by `evaluatorOf`.
 */

/** The project's trainees, roster and certificates are the chosen evaluator's to assess, no one else's. */
export function assertMayAssessProject(
  actor: Actor,
  project: { evaluator_code: string | null } | undefined,
  code: string,
): void {
  if (!project) throw new NotFound({ zh: `培训项目 ${code}`, en: `project ${code}` });
  assertInScope(actor, { institution: project.evaluator_code });
}
