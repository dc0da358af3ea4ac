import type { ApplicationProgram, ClaimProgram, SubsidyProgram } from './program.ts';
import { PROJECT_PAYMENT } from './project-payment.ts';
import { SKILL_UPGRADE } from './skill-upgrade.ts';
import { TRAINING } from './training.ts';

export { PROJECT_PAYMENT, SKILL_UPGRADE, TRAINING };
export { failingReasons, type ApplicationProgram, type ClaimProgram, type SubsidyProgram } from './program.ts';

/** Every subsidy programme the platform pays. A new programme is a new file here, added to this list. */
export const PROGRAMS: readonly SubsidyProgram[] = [TRAINING, SKILL_UPGRADE, PROJECT_PAYMENT];

/** The programme with this code, if any (a code is unique in the list). */
export const findProgram = (code: string, programs: readonly SubsidyProgram[] = PROGRAMS): SubsidyProgram | undefined =>
  programs.find((p) => p.code === code);

/** The programme of an application's or payable's `type`; an unknown one is a bug, not a user error. */
export function programOf(code: string, programs: readonly SubsidyProgram[] = PROGRAMS): SubsidyProgram {
  const program = findProgram(code, programs);
  if (!program) throw new Error(`no subsidy programme has the code ${code}`);
  return program;
}

/** The programme of a worker's application (decided by settlement). */
export function applicationProgramOf(code: string, programs?: readonly SubsidyProgram[]): ApplicationProgram {
  const program = programOf(code, programs);
  if (program.payee !== 'person') throw new Error(`${code} is not a programme workers apply for`);
  return program;
}

/** The programme an institution claims under for a class of this project kind, if any. */
export function claimProgramFor(projectKind: string, programs?: readonly SubsidyProgram[]): ClaimProgram | undefined {
  const program = findProgram(projectKind, programs);
  return program?.payee === 'institution' ? program : undefined;
}
