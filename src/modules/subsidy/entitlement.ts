import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { trainingLifetimeAllowance } from './programs/training.ts';
import { upgradeAllowance } from './programs/skill-upgrade.ts';
import { PROGRAMS, type ApplicationProgram } from './programs/index.ts';
import { loadPolicy, versionUsed } from './policy.repo.ts';
import { entitlementPersonOf } from './subsidy.policy.ts';
import { explainReason, type ReasonCode } from './reasons.ts';
import { amountBasis, annualAllowance, lastDayToApply } from './rules.ts';
import {
  CountedIndex,
  countedOfDecided,
  decideApplications,
  decideBatch,
  loadReferenceMaps,
  type AppRow,
  type Decided,
} from './settle-applications.ts';
import type { TEntitlement, TEntitlementClaim, TEntitlementDecision } from './subsidy.schema.ts';

/**
 * 我的补贴: what is still open to a worker under the active policy, as of today (China date).
 *
 * Nothing here restates a rule. The worker's history is read as settlement reads it, and the
 * questions "how many are left?" and "what if I claimed this certificate today?" are answered by
 * settlement's own code:
 * - applications filed but not yet decided are decided first, in memory, exactly as the next
 *   settlement would (they precede any claim made now);
 * - each certificate × programme is a *probe*: an application filed today, after every
 *   application so far, decided by `decide` with the facts settlement gathers (`decideApplications`)
 *   but written nowhere and counted for no other probe;
 * - the limits' numbers are the allowances the limit rules themselves fail on (allowance.ts).
 * A probe without a certificate gives the person's own standing (target group, insured months)
 * and the counted decisions every claim made today would see.
 */

/** Whole days from one date to another (negative when `to` is earlier). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Sorts after every application id filed so far: policy order puts a claim made now last among today's. */
const PROBE_ID = '~probe';

/** Reasons that depend on the person alone, shown beside the numbers (not per certificate). */
const PERSON_REASONS: readonly ReasonCode[] = ['NOT_TARGET_GROUP', 'INSURED_MONTHS_SHORT'];

const personPrograms = (): ApplicationProgram[] =>
  PROGRAMS.filter((p): p is ApplicationProgram => p.payee === 'person');

interface CertRow {
  certificate_no: string;
  occupation_code: string;
  kind: string;
  level: string | null;
  issued_on: string;
  project_code: string | null;
  revoked_on: string | null;
}

interface AppHistoryRow {
  application_id: string;
  type: string;
  certificate_no: string;
  applied_on: string;
  occupation_code: string | null;
  level: string | null;
  decision: 'approved' | 'rejected' | 'review' | null;
  amount_fen: number | null;
  reasons: string[] | null;
  policy_version: string | null;
  notice_from: string | null;
  notice_until: string | null;
  line_status: string | null;
  attempts: number;
  failure_reason: string | null;
  settled_at: Date | null;
  batch_status: string | null;
  clawback_status: string | null;
  clawback_fen: number | null;
  clawback_reason: string | null;
  denied: boolean;
}

/** The worker's entitlement account (`GET /api/me/entitlement`). */
export async function myEntitlement(db: Db, actor: Actor, clock: Clock = systemClock): Promise<TEntitlement> {
  const personKey = entitlementPersonOf(actor);
  const today = chinaDate(clock.now());
  const year = today.slice(0, 4);
  const policy = await loadPolicy(db, undefined, today);
  const p = policy.params;
  const refs = await loadReferenceMaps(db);

  const [certs, history] = await Promise.all([
    db.query<CertRow>(
      `SELECT certificate_no, occupation_code, kind, level, issued_on, project_code, revoked_on
       FROM evaluation.certificates WHERE person_key = $1 ORDER BY issued_on DESC, certificate_no`,
      [personKey],
    ),
    applicationHistory(db, personKey),
  ]);

  // What the next settlement decides first: my applications filed up to today and not yet decided
  // (claims on another person's certificate are always rejected, so only my own can count).
  const projected = new CountedIndex();
  for (const d of await decideBatch(db, [personKey], { asOf: today, claims: 'own' }, policy, refs))
    if (d.decision.decision !== 'rejected') projected.add(countedOfDecided(d));

  const programs = personPrograms();
  const probe = (type: string, cert: CertRow | null): AppRow => ({
    application_id: PROBE_ID,
    person_key: personKey,
    type,
    certificate_no: cert?.certificate_no ?? '',
    // As the web files it (MySubsidies): a training claim names the class the certificate came from.
    project_code: type === 'training' ? (cert?.project_code ?? null) : null,
    applied_on: today,
  });
  const rows = [
    ...programs.map((prog) => probe(prog.code, null)),
    ...certs.flatMap((c) => programs.map((prog) => probe(prog.code, c))),
  ];
  const decided = await decideApplications(
    db,
    [personKey],
    rows,
    { asOf: today, claims: 'own', inMemory: projected, probe: true },
    policy,
    refs,
  );
  const standing = new Map(decided.slice(0, programs.length).map((d) => [d.c.app.type, d]));
  const probes = decided.slice(programs.length);

  // Every probe sees the same counted decisions: mine so far, and my pending ones as they will be decided.
  const counted = decided[0]?.c.counted ?? [];
  const thisYear = annualAllowance(counted, year, p);
  const lifetime = trainingLifetimeAllowance(counted, p);
  const upgrade = upgradeAllowance(counted, year, p);
  const personReasons = (type: string) =>
    (standing.get(type)?.decision.reasons ?? [])
      .filter((r) => PERSON_REASONS.includes(r as ReasonCode))
      .map(explainReason);

  const open = (cert: string, type: string) =>
    history.find((a) => a.certificate_no === cert && a.type === type && a.decision !== 'rejected');
  const claimOf = (cert: CertRow, d: Decided): TEntitlementClaim => {
    const type = d.c.app.type;
    const applied = open(cert.certificate_no, type);
    const base = { type, amountFen: null, basis: null, reasons: [], applicationId: null, applicationStatus: null };
    if (applied)
      return {
        ...base,
        state: 'applied',
        applicationId: applied.application_id,
        applicationStatus: applied.decision ?? 'submitted',
      };
    // Settlement refuses a revoked certificate (certRevoked) and the clawback voids earlier claims.
    if (cert.revoked_on) return { ...base, state: 'closed', reasons: [explainReason('CERT_REVOKED')] };
    if (d.decision.decision === 'rejected')
      return { ...base, state: 'closed', reasons: d.decision.reasons.map(explainReason) };
    const basis = amountBasis(d.c, p);
    return {
      ...base,
      state: d.decision.decision === 'review' ? 'review' : 'claimable',
      amountFen: d.decision.amountFen,
      basis: basis && {
        baseFen: basis.baseFen,
        shortageBp: basis.shortageBp,
        cityBp: basis.cityBp,
        cityCode: basis.cityCode,
        category: d.c.occupation?.category ?? null,
        policyVersion: versionUsed(policy, basis.cityCode),
      },
      reasons: d.decision.reasons.map(explainReason),
    };
  };

  return {
    asOf: today,
    policyVersion: policy.code,
    year: Number(year),
    thisYear,
    training: {
      lifetime,
      leftThisYear: Math.min(lifetime.left, thisYear.left),
      reasons: personReasons('training'),
    },
    skillUpgrade: {
      thisYear: upgrade.any,
      nonShortage: upgrade.nonShortage,
      leftThisYear: Math.min(upgrade.any.left, thisYear.left),
      nonShortageLeftThisYear: Math.min(upgrade.nonShortage.left, thisYear.left),
      insuredMonths: decided[0]?.c.person.insuredMonths ?? 0,
      insuredMonthsMin: p.upgrade.insuredMonthsMin,
      reasons: personReasons('skill_upgrade'),
    },
    pendingApplications: history.filter((a) => a.decision === null).length,
    certificates: certs.map((cert, i) => {
      const lastDay = lastDayToApply(cert.issued_on, p);
      return {
        certificateNo: cert.certificate_no,
        occupationCode: cert.occupation_code,
        kind: cert.kind,
        level: cert.level,
        issuedOn: cert.issued_on,
        projectCode: cert.project_code,
        lastDay,
        daysLeft: daysBetween(today, lastDay),
        revokedOn: cert.revoked_on,
        shortage: probes[i * programs.length]?.c.shortageOnIssue ?? false,
        claims: programs.map((_, k) => claimOf(cert, probes[i * programs.length + k])),
      };
    }),
    decisions: history.map(decisionOf(today)),
  };
}

/** My applications with their decision, notice, payment and recovery, newest first. */
export function applicationHistory(db: Db, personKey: string): Promise<AppHistoryRow[]> {
  // Certificate details only of my own certificates (a claim on another's number reveals nothing of it).
  return db.query<AppHistoryRow>(
    `SELECT a.application_id, a.type, a.certificate_no, a.applied_on, c.occupation_code, c.level,
            d.decision, d.amount_fen, d.reasons, d.policy_version, n.approved_on AS notice_from, n.notice_until,
            l.status AS line_status, coalesce(l.attempt, 0) AS attempts, l.failure_reason, l.settled_at, b.status AS batch_status,
            k.status AS clawback_status, k.amount_fen AS clawback_fen, k.reason AS clawback_reason,
            (EXISTS (SELECT 1 FROM integrity.trainee_confirmations t WHERE t.application_id = a.application_id AND t.answer = 'denied')
             OR EXISTS (SELECT 1 FROM integrity.employer_confirmations e WHERE e.application_id = a.application_id AND e.answer = 'denied')) AS denied
     FROM applications a
     LEFT JOIN decisions d ON d.application_id = a.application_id
     LEFT JOIN public_notices n ON n.application_id = a.application_id
     LEFT JOIN evaluation.certificates c ON c.certificate_no = a.certificate_no AND c.person_key = a.person_key
     LEFT JOIN LATERAL (SELECT x.status, x.attempt, x.failure_reason, x.settled_at, x.batch_id FROM payment_lines x
                        WHERE x.application_id = a.application_id ORDER BY x.attempt DESC LIMIT 1) l ON true
     LEFT JOIN payment_batches b ON b.id = l.batch_id
     LEFT JOIN clawbacks k ON k.application_id = a.application_id
     WHERE a.person_key = $1
     ORDER BY a.applied_on DESC, a.application_id DESC`,
    [personKey],
  );
}

/**
 * Where the money of a decision stands (PAYMENT_STAGE_NAMES): recovery overrides all; a decision
 * under review or denied by a confirmation is withheld; an approval is in notice until its last
 * day, then awaits a batch, is batched, sent, paid or failed (a failed line is paid again).
 */
export function paymentStage(a: AppHistoryRow, today: string): string | null {
  if (a.clawback_status === 'void') return null; // never paid; the decision now says why
  if (a.clawback_status)
    return a.clawback_status === 'open' || a.clawback_status === 'awaiting_bank' ? 'recovery' : a.clawback_status;
  if (a.decision === 'review') return 'withheld';
  if (a.decision !== 'approved' || !a.amount_fen) return null;
  if (a.line_status === 'paid') return 'paid';
  if (a.line_status === 'pending') return a.batch_status === 'created' ? 'batched' : 'sent';
  if (a.denied) return 'withheld';
  if (a.line_status === 'failed') return 'failed';
  if (a.notice_until && a.notice_until >= today) return 'in_notice';
  return 'awaiting_payment';
}

const decisionOf =
  (today: string) =>
  (a: AppHistoryRow): TEntitlementDecision => ({
    applicationId: a.application_id,
    type: a.type,
    certificateNo: a.certificate_no,
    occupationCode: a.occupation_code,
    level: a.level,
    appliedOn: a.applied_on,
    status: a.decision ?? 'submitted',
    amountFen: a.amount_fen,
    reasons: (a.reasons ?? []).map(explainReason),
    policyVersion: a.policy_version,
    notice: a.notice_from && a.notice_until ? { from: a.notice_from, until: a.notice_until } : null,
    payment: paymentStage(a, today)
      ? {
          stage: paymentStage(a, today)!,
          attempts: a.attempts,
          paidOn: a.line_status === 'paid' && a.settled_at ? chinaDate(new Date(a.settled_at)) : null,
          failureReason: a.line_status === 'failed' ? a.failure_reason : null,
        }
      : null,
    clawback:
      a.clawback_status && a.clawback_fen !== null
        ? { status: a.clawback_status, amountFen: a.clawback_fen, reason: a.clawback_reason ?? '' }
        : null,
  });
