import type { Actor } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { addWorkingDays } from '../../kernel/dates.ts';
import { inScope, outOfScope } from '../../kernel/scope.ts';

/**
 * Who may do what with an appeal (docs/appeals.md): a worker files and reads their own; the city
 * officer of the subject's city reads and decides it; the province reads and decides all; for
 * learning time, the institution the course is bound to (`institution_code`) reads it but does not
 * decide it (403) — another institution is told nothing (404).
 */

/** The answer is due this many working days after filing (国家信访 and 人社 practice: 15). */
export const APPEAL_WORKING_DAYS = 15;

/**
 * One record (the same subject kind and id) is appealed at most this many times in all, whatever each
 * appeal's outcome (docs/appeals.md § Filing again). Every appeal costs a city officer a review within
 * APPEAL_WORKING_DAYS, and a province platform must not let one record be contested endlessly; three
 * hearings — the first, then two more that each bring new evidence after a dismissal — leave room for a
 * person whose proof comes late. Beyond that the remedy is 行政复议 (administrative review) outside the
 * platform, which the refusal names.
 */
export const MAX_APPEALS_PER_RECORD = 3;

/** The last day the city must answer an appeal filed on `filedOn` (China calendar). */
export const appealDueOn = (filedOn: string): string => addWorkingDays(filedOn, APPEAL_WORKING_DAYS);

/** Only a worker files, and only about themselves: someone else's subject is "not found" (nothing revealed). */
export function assertMayAppeal(actor: Actor, subject: { personKey: string } | undefined): asserts subject {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  if (!subject || subject.personKey !== actor.personKey)
    throw new NotFound({ zh: '可申诉的记录', en: 'a record you may appeal' });
}

type Placed = { city_code: string; institution_code: string | null };

/** Officials: the city officer of its city, the province, or the institution named on it (learning time). */
function assertOfficialInScope(actor: Actor, a: Placed) {
  if (actor.role === 'institution_staff') {
    if (!a.institution_code || a.institution_code !== actor.institutionCode)
      throw new NotFound({ zh: '申诉', en: 'appeal' });
    return;
  }
  if (actor.role !== 'province_admin' && actor.role !== 'city_officer') throw new Forbidden();
  if (!inScope(actor, { city: a.city_code })) throw outOfScope();
}

/** A worker reads their own appeal (else 404); an officer one of their city (else OUT_OF_SCOPE). */
export function assertMaySee(actor: Actor, a: (Placed & { person_key: string }) | undefined): asserts a {
  if (!a) throw new NotFound({ zh: '申诉', en: 'appeal' });
  if (actor.role === 'worker') {
    if (a.person_key !== actor.personKey) throw new NotFound({ zh: '申诉', en: 'appeal' });
    return;
  }
  assertOfficialInScope(actor, a);
}

/**
 * The city officer of the appeal's city (or the province) decides it. The institution named on a
 * learning-time appeal reads it but does not decide it: every learning-time appeal contests a failed
 * identity re-check, and the institution's subsidy grows with the hours (a conflict of interest;
 * docs/appeals.md § Learning time). It is told why (403); another institution nothing (404).
 */
export function assertMayDecide(actor: Actor, a: Placed | undefined): asserts a {
  if (!a) throw new NotFound({ zh: '申诉', en: 'appeal' });
  assertOfficialInScope(actor, a);
  if (actor.role === 'institution_staff')
    throw new Forbidden(
      'DECIDED_BY_CITY',
      '身份核验申诉由项目所在市人社部门（或省厅）处理，培训机构可查看但不能处理',
      'identity re-check appeals are decided by the city (or the province); the institution may read them but not decide them',
    );
}

/** The worker's reason: 10–500 characters. */
export function reasonProblem(reason: string): Invalid | null {
  const n = [...reason.trim()].length;
  return n < 10 || n > 500
    ? new Invalid('BAD_REASON', '请填写申诉理由（10–500字）', 'give the reason for the appeal (10–500 characters)', {
        field: 'reason',
      })
    : null;
}

/** The officer's written answer: at least 5 characters. */
export function answerProblem(answer: string): Invalid | null {
  return [...answer.trim()].length < 5
    ? new Invalid('ANSWER_REQUIRED', '请填写处理意见（至少5字）', 'write the answer (at least 5 characters)', {
        field: 'answer',
      })
    : null;
}

/** An earlier appeal on the same record, as the rules on filing again read it (oldest first). */
export interface PriorAppeal {
  status: 'open' | 'upheld' | 'dismissed';
  reason: string;
  /** sha256 (hex) of each file filed with it. */
  attachmentHashes: string[];
}

/** The record has had MAX_APPEALS_PER_RECORD appeals (any outcome, an open one included): no more. */
export function appealLimitReached(prior: PriorAppeal[]): Conflict | null {
  return prior.length >= MAX_APPEALS_PER_RECORD
    ? new Conflict(
        'APPEAL_LIMIT',
        `该记录已申诉 ${MAX_APPEALS_PER_RECORD} 次，不再受理；如仍有异议，可依法申请行政复议`,
        `this record has been appealed ${MAX_APPEALS_PER_RECORD} times and no further appeal is accepted; you may apply for administrative review`,
      )
    : null;
}

/** Whitespace does not make a statement new. */
const words = (s: string) => s.replace(/\s+/gu, '');

/**
 * After a dismissal a new appeal on the same record must bring new evidence (docs/appeals.md § Filing
 * again): at least one attachment whose bytes were not filed on this record before, and a reason that
 * is not the text of a dismissed appeal on it. Only the latest appeal counts: after an upheld one (the
 * record contestable again) the next appeal is a first hearing of a new question.
 */
export function newEvidenceMissing(
  prior: PriorAppeal[],
  filing: { reason: string; attachmentHashes: string[] },
): Conflict | null {
  if (prior.at(-1)?.status !== 'dismissed') return null;
  const filedBefore = new Set(prior.flatMap((a) => a.attachmentHashes));
  const newFile = filing.attachmentHashes.some((h) => !filedBefore.has(h));
  const dismissedTexts = new Set(prior.filter((a) => a.status === 'dismissed').map((a) => words(a.reason)));
  const newText = !dismissedTexts.has(words(filing.reason));
  if (newFile && newText) return null;
  return new Conflict(
    'APPEAL_NEEDS_NEW_EVIDENCE',
    '上次申诉未获支持，再次申诉须提供新的证明材料：请上传至少一个此前未提交过的附件（照片或文件），并写明与上次不同的申诉理由',
    'the last appeal on this record was dismissed; a new appeal must bring new evidence: at least one attachment (photo or file) not filed before, and a reason that differs from the dismissed appeal',
    { field: newFile ? 'reason' : 'files' },
  );
}
