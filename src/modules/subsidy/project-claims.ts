import type { Db } from '../../db/client.ts';
import { actorName, cityScope, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { addMonths } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { employmentRates } from '../jobs/index.ts';
import { onApproved } from './approval.ts';
import type { ClaimFacts, ClaimKind, ClaimParams } from './facts.ts';
import { loadPolicy } from './policy.repo.ts';
import { claimProgramFor, failingReasons, PROJECT_PAYMENT, type ClaimProgram } from './programs/index.ts';
import { explainReason } from './reasons.ts';
import type { TProjectClaim } from './subsidy.schema.ts';

export { CLAIM_KINDS, type ClaimFacts, type ClaimKind } from './facts.ts';

/**
 * Decides one claim by its programme's rules (programs/project-payment.ts for 项目制): all failing
 * reasons → rejected, amount 0; else approved at the programme's amount.
 */
export function decideClaim(
  f: ClaimFacts,
  p: ClaimParams,
  program: ClaimProgram = PROJECT_PAYMENT,
): { decision: 'approved' | 'rejected'; amountFen: number; reasons: string[] } {
  const reasons = failingReasons(program.rules, f, p);
  return reasons.length
    ? { decision: 'rejected', amountFen: 0, reasons }
    : { decision: 'approved', amountFen: program.amountFen(f, p), reasons };
}

/**
 * An institution claims payment for its closed 项目制 class. The completion claim may be made once
 * the class is closed; the bonus once the employment window (6 months) has ended. Each is decided
 * at once, recorded with the policy version, and, when approved, enters the notice period and
 * the ledger like any approved subsidy; payment goes to the institution's account.
 */
export async function submitProjectClaim(
  db: Db,
  actor: Actor,
  projectCode: string,
  kind: ClaimKind,
  clock: Clock = systemClock,
) {
  if (actor.role !== 'institution_staff') throw new Forbidden();
  const policy = await loadPolicy(db);
  const bonus = policy.params.employmentBonus;
  const now = clock.now();
  const today = chinaDate(now);
  return db.transaction(async (tx) => {
    const [p] = await tx.query<{
      institution_code: string;
      kind: string;
      status: string;
      city_code: string;
      start_date: string;
      fee_fen: number;
      closed_on: string | null;
    }>(
      'SELECT institution_code, kind, status, city_code, start_date, fee_fen, closed_on FROM training.projects WHERE project_code = $1 FOR UPDATE',
      [projectCode],
    );
    if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
    if (p.institution_code !== actor.institutionCode) throw new Forbidden();
    // The class's kind names the programme its institution claims under (项目制: project_based).
    const program = claimProgramFor(p.kind);
    if (!program)
      throw new Invalid(
        'NOT_PROJECT_BASED',
        '只有项目制培训由机构申领补贴',
        'only project-based classes are paid to the institution',
      );
    if (p.status !== 'closed' || !p.closed_on)
      throw new Conflict('CLASS_NOT_CLOSED', '班级结业后才能申领', 'claim after the class has closed');
    const windowEnds = addMonths(p.closed_on, bonus.withinMonths);
    if (kind === 'employment_bonus' && today <= windowEnds) {
      throw new Conflict(
        'BONUS_WINDOW_OPEN',
        `就业奖励须在结业满${bonus.withinMonths}个月后（${windowEnds} 之后）申领`,
        `the employment bonus can be claimed after ${windowEnds}, when the ${bonus.withinMonths}-month window has ended`,
      );
    }
    const [done] = await tx.query('SELECT 1 FROM project_claims WHERE project_code = $1 AND kind = $2', [
      projectCode,
      kind,
    ]);
    if (done)
      throw new Conflict(
        'ALREADY_CLAIMED',
        '该项目已申领过此项补贴',
        'this payment has already been claimed for the project',
      );
    const [inst] = await tx.query<{ roles: string[]; listed_from: string | null; blacklisted_from: string | null }>(
      'SELECT roles, listed_from, blacklisted_from FROM registry.institutions WHERE credit_code = $1',
      [p.institution_code],
    );
    const rates = (await employmentRates(tx, projectCode, today, bonus.stableContractMonths))!;
    const [completion] = await tx.query<{ amount_fen: number }>(
      `SELECT amount_fen FROM project_claims WHERE project_code = $1 AND kind = 'completion' AND decision = 'approved'`,
      [projectCode],
    );
    const d = decideClaim(
      {
        kind,
        appliedOn: today,
        completers: rates.completers,
        stablyEmployed: rates.stable6,
        priceFen: p.fee_fen,
        projectStart: p.start_date,
        institution: {
          roles: inst?.roles ?? [],
          listedFrom: inst?.listed_from ?? null,
          blacklistedFrom: inst?.blacklisted_from ?? null,
        },
        completionAmountFen: completion?.amount_fen ?? null,
      },
      bonus,
      program,
    );
    const claimId = `PC-${projectCode}-${kind === 'completion' ? 'C' : 'B'}`;
    await tx.query(
      `INSERT INTO project_claims (claim_id, project_code, institution_code, kind, city_code, applied_on, completers, stably_employed, price_fen, decision, amount_fen, reasons, policy_version, decided_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [
        claimId,
        projectCode,
        p.institution_code,
        kind,
        p.city_code,
        today,
        rates.completers,
        rates.stable6,
        p.fee_fen,
        d.decision,
        d.amountFen,
        d.reasons,
        policy.code,
        now,
      ],
    );
    if (d.decision === 'approved')
      await onApproved(
        tx,
        [
          {
            applicationId: claimId,
            type: program.code,
            appliedOn: today,
            cityCode: p.city_code,
            amountFen: d.amountFen,
          },
        ],
        now,
      );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'project_claim.decide',
          entity: 'project_claim',
          entityId: claimId,
          after: {
            kind,
            completers: rates.completers,
            stably_employed: rates.stable6,
            decision: d.decision,
            amount_fen: d.amountFen,
            reasons: d.reasons,
            policy: policy.code,
          },
        },
      ],
      clock,
    );
    return {
      claimId,
      kind,
      completers: rates.completers,
      stablyEmployed: rates.stable6,
      decision: d.decision,
      amountFen: d.amountFen,
      reasons: d.reasons.map(explainReason),
      policyVersion: policy.code,
    };
  });
}

/** Claims in scope (an institution its own, a city officer their city's), with payment state. */
export async function listProjectClaims(db: Db, actor: Actor): Promise<TProjectClaim[]> {
  const rows = await db.query<Omit<TProjectClaim, 'reasons'> & { reasons: string[] }>(
    `SELECT c.*, i.name AS institution_name, n.notice_until,
            (SELECT l.status FROM payment_lines l WHERE l.application_id = c.claim_id ORDER BY l.attempt DESC LIMIT 1) AS payment_status
     FROM project_claims c LEFT JOIN registry.institutions i ON i.credit_code = c.institution_code LEFT JOIN public_notices n ON n.application_id = c.claim_id
     WHERE ($1::text IS NULL OR c.city_code = $1) AND ($2::text IS NULL OR c.institution_code = $2) ORDER BY c.decided_at DESC`,
    [cityScope(actor), actor.role === 'institution_staff' ? actor.institutionCode : null],
  );
  return rows.map((r) => ({ ...r, reasons: r.reasons.map(explainReason) }));
}
