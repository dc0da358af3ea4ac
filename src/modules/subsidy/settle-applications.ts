import type { Db } from '../../db/client.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { flagCodesFor } from '../integrity/index.ts';
import { projectOnlineValidMs } from '../learning/index.ts';
import {
  attendanceRatio,
  attendanceThatCanCount,
  blendedRatio,
  recordFromRow,
  SessionCache,
  type AttendanceRecord,
  type SessionSlot,
} from '../training/index.ts';
import { loadPolicy, maxGraceMinutes, policyInForce, versionUsed, type LoadedPolicy } from './policy.repo.ts';
import { ratioRules } from './policy.ts';
import { onApproved } from './approval.ts';
import { noticeDecided } from './notices.ts';
import type { Case, CountedDecision, Institution, ProgramCode } from './facts.ts';
import { decide } from './rules.ts';
import { timed, type PhaseTimings, type SettlePhase } from './phase-timings.ts';

export interface SettleOptions {
  /** Decide every undecided application with applied_on ≤ asOf. */
  asOf: string;
  actor: string;
  policyCode?: string;
  clock?: Clock;
  /** Persons per transaction. */
  batchPersons?: number;
  onProgress?: (done: number, total: number) => void;
  /** Test hook: called after each committed batch (a crash test kills the process here). */
  afterBatch?: (batchNo: number) => void | Promise<void>;
  /** Filled with the milliseconds spent per phase (bench/settle.bench.ts). */
  timings?: PhaseTimings;
}

export interface SettleResult {
  runId: string;
  decided: number;
  approved: number;
  rejected: number;
  review: number;
}

/**
 * Settlement (policy.md § Order). An application sees every counted decision made before it:
 * decisions of earlier runs, and decisions of this run that precede it in (applied_on,
 * application_id) order. Most facts are the applicant's own, so persons are decided in batches,
 * each batch one transaction, each person's applications in order. The one fact that crosses
 * persons is a certificate's counted decisions, seen by another person's claim on it
 * (CERT_ALREADY_SUBSIDIZED beside CERT_OTHER_PERSON). Those claims are always rejected, so they
 * never change anyone's counted decisions: they are decided in a second phase, after every
 * applicant's own claims, and see exactly the decisions that precede them whatever the batching.
 * A crash loses at most the open batch; the rerun resumes the unfinished run (its decisions are
 * seen in policy order, as if one run), so nothing is decided twice or differently.
 */
export async function settleApplications(db: Db, opts: SettleOptions): Promise<SettleResult> {
  const clock = opts.clock ?? systemClock;
  const policy = await loadPolicy(db, opts.policyCode, opts.asOf);
  const runId = newId();
  const [{ n: total }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM applications a WHERE a.applied_on <= $1
     AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.application_id = a.application_id)`,
    [opts.asOf],
  );
  // A run that never finished (a crash) is resumed by this one: its decisions are this run's.
  const resumed = (
    await db.query<{ id: string }>(
      `UPDATE settlement_runs SET status = 'resumed', finished_at = $1 WHERE status = 'running' RETURNING id`,
      [clock.now()],
    )
  ).map((r) => r.id);
  await db.query(`INSERT INTO settlement_runs (id, as_of, status, total, started_at) VALUES ($1,$2,'running',$3,$4)`, [
    runId,
    opts.asOf,
    total,
    clock.now(),
  ]);

  const refs = await loadReferenceMaps(db);
  const result: SettleResult = { runId, decided: 0, approved: 0, rejected: 0, review: 0 };
  const batchSize = opts.batchPersons ?? 1000;
  let batchNo = 0;
  // Two batches' transactions in flight on PostgreSQL (one on PGlite's single connection): their
  // rows never meet (see below), so the second writes while the first waits on its statements. The
  // audit chain's lock and the run's counter row order their last statements; the rest overlaps.
  const writers = db.kind === 'postgres' ? 2 : 1;
  const writeBatch = (decidedNow: Decided[], no: number) =>
    writeSettledBatch(db, decidedNow, { runId, batchNo: no, actor: opts.actor, policy, clock, timings: opts.timings });
  for (const claims of CLAIM_PHASES) {
    const persons = await timed(opts.timings, 'reads', () => undecidedPersons(db, opts.asOf, claims));
    const batches = chunks(persons, batchSize);
    const decideNth = (k: number) =>
      decideBatch(db, batches[k], { asOf: opts.asOf, claims, runIds: [runId, ...resumed] }, policy, refs, opts.timings);
    // The next batch is read and decided while this one is written. Within a phase no batch reads
    // what another writes: an own claim sees its applicant's decisions (all in its batch) and its
    // certificate's (its applicant's; a claim on an unknown number is rejected and counts for no
    // one), and foreign claims are all rejected. So the overlap decides exactly what one batch after
    // another does, in whatever order their transactions commit; the next phase starts only once
    // every batch of this one has committed.
    let next = batches.length > 0 ? decideNth(0) : null;
    const writing: Promise<Decided[]>[] = [];
    // Batches are counted and reported in order, each once its transaction has committed.
    const finishOldest = async () => {
      const decided = await writing.shift()!;
      for (const d of decided) {
        result.decided++;
        result[d.decision.decision]++;
      }
      opts.onProgress?.(result.decided, total);
      await opts.afterBatch?.(batchNo++);
    };
    try {
      for (let k = 0; k < batches.length; k++) {
        const decidedNow = await next!;
        next = k + 1 < batches.length ? decideNth(k + 1) : null;
        // Awaited in turn; if an earlier batch fails first, these errors must not go unhandled meanwhile.
        next?.catch(() => {});
        const written = writeBatch(decidedNow, batchNo + writing.length);
        written.catch(() => {});
        writing.push(written);
        if (writing.length >= writers) await finishOldest();
      }
      while (writing.length > 0) await finishOldest();
    } catch (e) {
      // A failed batch (or a failing progress hook) ends the run, but not before the transaction
      // still in flight has committed or rolled back: nothing of this run writes after it returns.
      await Promise.allSettled([...writing, next]);
      throw e;
    }
  }
  await db.query(`UPDATE settlement_runs SET status = 'done', finished_at = $2 WHERE id = $1`, [runId, clock.now()]);
  await refreshStatistics(db, ['decisions'], result.decided);
  return result;
}

/**
 * One batch's transaction: its decisions, what approval sets in motion (公示, ledger, 公示开始),
 * the applicants' notices, the run's progress and the batch's audit entry. Returns the decisions
 * this transaction wrote: only those set money in motion — when another run (a CLI beside the
 * nightly job) decided an application first, its approval is not committed twice.
 */
async function writeSettledBatch(
  db: Db,
  decidedNow: Decided[],
  run: { runId: string; batchNo: number; actor: string; policy: LoadedPolicy; clock: Clock; timings?: PhaseTimings },
): Promise<Decided[]> {
  const { runId, clock } = run;
  // Timed on their own, then added: two batches in flight must not count each other's phases as commit time.
  const mine: PhaseTimings | undefined = run.timings ? {} : undefined;
  const txStart = performance.now();
  const decided = await db.transaction(async (tx) => {
    const written = await timed(mine, 'decisionWrites', () => writeDecisions(tx, decidedNow, runId, clock.now()));
    const decided = decidedNow.filter((d) => written.has(d.c.app.applicationId));
    // The 公示 period goes into the decision's own notice below: one message for the approval.
    const period = await onApproved(
      tx,
      decided
        .filter((d) => d.decision.decision === 'approved')
        .map((d) => ({
          applicationId: d.c.app.applicationId,
          type: d.c.app.type,
          appliedOn: d.c.app.appliedOn,
          cityCode: d.decision.cityCode,
          amountFen: d.decision.amountFen,
          personKey: d.c.app.personKey,
        })),
      clock.now(),
      mine,
      { toldWithDecision: true },
    );
    // Each applicant hears of the decision in the batch that made it: one statement for the batch.
    await timed(mine, 'notices', () =>
      noticeDecided(
        tx,
        decided.map((d) => ({
          personKey: d.c.app.personKey,
          applicationId: d.c.app.applicationId,
          decision: d.decision.decision,
          type: d.c.app.type,
          amountFen: d.decision.amountFen,
          reasons: d.decision.reasons,
          occupationName: d.c.occupation?.name ?? null,
          publicity: period,
        })),
        clock,
      ),
    );
    await timed(mine, 'audit', async () => {
      await tx.query('UPDATE settlement_runs SET decided = decided + $2 WHERE id = $1', [runId, decided.length]);
      const counts = countBy(decided.map((d) => d.decision.decision));
      await recordAudit(
        tx,
        [
          {
            actor: run.actor,
            action: 'settlement.batch',
            entity: 'settlement_run',
            entityId: runId,
            after: { batch: run.batchNo, decided: decided.length, ...counts, policy: run.policy.code },
          },
        ],
        clock,
      );
    });
    return decided;
  });
  if (run.timings && mine) {
    let inside = 0;
    for (const [phase, ms] of Object.entries(mine) as [SettlePhase, number][]) {
      run.timings[phase] = (run.timings[phase] ?? 0) + ms;
      inside += ms;
    }
    // BEGIN and COMMIT: what the batch's transaction took beyond the phases timed inside it.
    run.timings.commit = (run.timings.commit ?? 0) + performance.now() - txStart - inside;
  }
  return decided;
}

/**
 * Phase 1 decides claims on the applicant's own certificate (or an unknown one); phase 2 the claims
 * on another person's certificate, which are always rejected and so count for no one.
 */
export const CLAIM_PHASES = ['own', 'foreign'] as const;
export type ClaimPhase = (typeof CLAIM_PHASES)[number];

/** SQL condition on application `a`: is it a claim of the phase? */
const claimOf = (claims: ClaimPhase) =>
  `${claims === 'own' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM evaluation.certificates c WHERE c.certificate_no = a.certificate_no AND c.person_key <> a.person_key)`;

async function undecidedPersons(db: Db, asOf: string, claims: ClaimPhase): Promise<string[]> {
  const rows = await db.query<{ person_key: string }>(
    `SELECT DISTINCT a.person_key FROM applications a
     WHERE a.applied_on <= $1 AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.application_id = a.application_id) AND ${claimOf(claims)}
     ORDER BY a.person_key`,
    [asOf],
  );
  return rows.map((r) => r.person_key);
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function countBy(xs: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
}

export interface ReferenceMaps {
  institutions: Map<string, Institution>;
  occupations: Map<string, { category: 'A' | 'B' | 'C'; sector: string; name: string }>;
  projects: Map<string, { cityCode: string; startDate: string; keyTask: number | null; institutionCode: string }>;
  shortage: Map<string, { from: string; to: string | null }[]>;
  /** Projects' sessions, read when a batch first needs them and kept for the run. */
  sessions: SessionCache;
}

export async function loadReferenceMaps(db: Db): Promise<ReferenceMaps> {
  const [inst, occ, proj, short] = await Promise.all([
    db.query<{
      credit_code: string;
      roles: string[];
      listed_from: string | null;
      blacklisted_from: string | null;
      city_code: string;
    }>('SELECT credit_code, roles, listed_from, blacklisted_from, city_code FROM registry.institutions'),
    db.query<{ code: string; category: 'A' | 'B' | 'C'; sector: string; name: string }>(
      'SELECT code, category, sector, name FROM catalog.occupations',
    ),
    db.query<{
      project_code: string;
      city_code: string;
      start_date: string;
      key_task: number | null;
      institution_code: string;
    }>('SELECT project_code, city_code, start_date, key_task, institution_code FROM training.projects'),
    db.query<{ occupation_code: string; valid_from: string; valid_to: string | null }>(
      'SELECT occupation_code, valid_from, valid_to FROM catalog.shortage_list',
    ),
  ]);
  const shortage = new Map<string, { from: string; to: string | null }[]>();
  for (const s of short) {
    if (!shortage.has(s.occupation_code)) shortage.set(s.occupation_code, []);
    shortage.get(s.occupation_code)!.push({ from: s.valid_from, to: s.valid_to });
  }
  return {
    institutions: new Map(
      inst.map((r) => [
        r.credit_code,
        { roles: r.roles, listedFrom: r.listed_from, blacklistedFrom: r.blacklisted_from, cityCode: r.city_code },
      ]),
    ),
    occupations: new Map(occ.map((r) => [r.code, { category: r.category, sector: r.sector, name: r.name }])),
    projects: new Map(
      proj.map((r) => [
        r.project_code,
        { cityCode: r.city_code, startDate: r.start_date, keyTask: r.key_task, institutionCode: r.institution_code },
      ]),
    ),
    shortage,
    sessions: new SessionCache(),
  };
}

/** Was the occupation on the shortage list on that date (valid_from ≤ date ≤ valid_to, open end allowed)? */
export function onShortageList(shortage: ReferenceMaps['shortage'], occupation: string, date: string): boolean {
  return (shortage.get(occupation) ?? []).some((s) => s.from <= date && (s.to === null || date <= s.to));
}

export interface Decided {
  c: Case;
  decision: ReturnType<typeof decide>;
  /** The province version in force on the application's date, which decided it (policy-notes.md). */
  policy: LoadedPolicy;
}

export type AppRow = {
  application_id: string;
  person_key: string;
  type: ProgramCode;
  certificate_no: string;
  project_code: string | null;
  applied_on: string;
  /**
   * The certificate the application claims, when the select read it with the application
   * (settlement and what-if: null when no certificate has that number); absent for a probe, whose
   * certificates are read with the other facts.
   */
  cert?: CertRow | null;
  /** The applicant's facts, when the select read them with the application (as `cert`). */
  person?: PersonRow;
};

/** An applicant as the rules read them. */
type PersonRow = { person_key: string; groups: string[]; insured_months: number; city_code: string };

/** A certificate as the rules read it. */
type CertRow = {
  certificate_no: string;
  person_key: string;
  occupation_code: string;
  kind: string;
  level: string | null;
  issued_on: string;
  evaluator_code: string;
  revoked_on: string | null;
};

/**
 * Which applications a batch decides: the undecided ones up to `asOf` (settlement), or — for a
 * what-if — every application applied in [from, asOf], decided again as if the decisions made
 * in that period did not exist.
 */
export interface Selection {
  asOf: string;
  redecideFrom?: string;
  claims: ClaimPhase;
  /** Settlement: the runs whose decisions belong to this one; they are seen only when earlier in order. */
  runIds?: string[];
  /** What-if: the decisions made so far in memory by this what-if (they are in no run). */
  inMemory?: CountedIndex;
  /** Probes (entitlement.ts): each is decided on its own; none counts for another. */
  probe?: boolean;
}

/** A counted decision with the applicant it belongs to. */
export type KeyedDecision = CountedDecision & { personKey: string };

/** Counted decisions by applicant and by certificate. */
export class CountedIndex {
  readonly byPerson = new Map<string, CountedDecision[]>();
  readonly byCert = new Map<string, CountedDecision[]>();
  add(d: KeyedDecision): void {
    this.addPerson(d);
    this.addCert(d);
  }
  addPerson({ personKey, ...counted }: KeyedDecision): void {
    push(this.byPerson, personKey, counted);
  }
  addCert({ personKey: _, ...counted }: KeyedDecision): void {
    push(this.byCert, counted.certificateNo, counted);
  }
  /** Copies the decisions of these persons and certificates from another index. */
  addFrom(other: CountedIndex, personKeys: string[], certNos: string[]): void {
    for (const k of personKeys) for (const d of other.byPerson.get(k) ?? []) push(this.byPerson, k, d);
    for (const k of certNos) for (const d of other.byCert.get(k) ?? []) push(this.byCert, k, d);
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
}

/** policy.md § Order: does decision d come before application a? (application_id compared bytewise, as ORDER BY … COLLATE "C") */
export function precedes(
  d: { appliedOn: string; applicationId: string },
  a: { appliedOn: string; applicationId: string },
): boolean {
  return d.appliedOn < a.appliedOn || (d.appliedOn === a.appliedOn && d.applicationId < a.applicationId);
}

/** Decides the selected applications of these persons, in policy order. */
export async function decideBatch(
  db: Db,
  personKeys: string[],
  sel: Selection,
  policy: LoadedPolicy,
  refs: ReferenceMaps,
  timings?: PhaseTimings,
): Promise<Decided[]> {
  const apps = await timed(timings, 'reads', () => selectApplications(db, personKeys, sel));
  return decideApplications(db, personKeys, apps, sel, policy, refs, timings);
}

/**
 * The applications a batch decides (see `Selection`), in policy order, each with its applicant's
 * facts and the certificate it claims: one join here rather than a probe for the phase and two
 * more reads of the same rows.
 * Certificate numbers are unique, so the phase's condition is `claimOf`'s on the joined row.
 */
async function selectApplications(db: Db, personKeys: string[], sel: Selection): Promise<AppRow[]> {
  const redo = sel.redecideFrom ?? null;
  const rows = await db.query<Omit<AppRow, 'cert' | 'person'> & CertColumns & Omit<PersonRow, 'person_key'>>(
    `SELECT a.application_id, a.person_key, a.type, a.certificate_no, a.project_code, a.applied_on,
            c.person_key AS cert_person_key, c.occupation_code AS cert_occupation_code, c.kind AS cert_kind,
            c.level AS cert_level, c.issued_on AS cert_issued_on, c.evaluator_code AS cert_evaluator_code,
            c.revoked_on AS cert_revoked_on, p.groups, p.insured_months, p.city_code
     FROM applications a JOIN registry.persons p ON p.person_key = a.person_key
       LEFT JOIN evaluation.certificates c ON c.certificate_no = a.certificate_no
     WHERE a.person_key = ANY($1::text[]) AND a.applied_on <= $2
       AND ($3::date IS NULL AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.application_id = a.application_id)
            OR a.applied_on >= $3::date)
       AND ${sel.claims === 'own' ? '(c.person_key IS NULL OR c.person_key = a.person_key)' : 'c.person_key <> a.person_key'}
     ORDER BY a.applied_on, a.application_id COLLATE "C"`,
    [personKeys, sel.asOf, redo],
  );
  return rows.map((r) => ({
    application_id: r.application_id,
    person_key: r.person_key,
    type: r.type,
    certificate_no: r.certificate_no,
    project_code: r.project_code,
    applied_on: r.applied_on,
    person: { person_key: r.person_key, groups: r.groups, insured_months: r.insured_months, city_code: r.city_code },
    cert:
      r.cert_person_key === null
        ? null
        : {
            certificate_no: r.certificate_no,
            person_key: r.cert_person_key,
            occupation_code: r.cert_occupation_code!,
            kind: r.cert_kind!,
            level: r.cert_level,
            issued_on: r.cert_issued_on!,
            evaluator_code: r.cert_evaluator_code!,
            revoked_on: r.cert_revoked_on,
          },
  }));
}

type CertColumns = {
  cert_person_key: string | null;
  cert_occupation_code: string | null;
  cert_kind: string | null;
  cert_level: string | null;
  cert_issued_on: string | null;
  cert_evaluator_code: string | null;
  cert_revoked_on: string | null;
};

/**
 * Gathers the facts of these applications (of `personKeys`, in policy order) and decides each by
 * the rules. Settlement and what-if decide the selected ones; a worker's entitlement decides
 * `probe`s, applications not filed (yet) that ask "what if I claimed this today?".
 */
export async function decideApplications(
  db: Db,
  personKeys: string[],
  apps: AppRow[],
  sel: Selection,
  policy: LoadedPolicy,
  refs: ReferenceMaps,
  timings?: PhaseTimings,
): Promise<Decided[]> {
  const redo = sel.redecideFrom ?? null;
  const runIds = sel.runIds ?? [];
  const certNos = [...new Set(apps.map((a) => a.certificate_no))];
  const projectPairs = apps
    .filter((a) => a.project_code && refs.projects.has(a.project_code))
    .map((a) => ({ personKey: a.person_key, projectCode: a.project_code! }));
  const projectCodes = [...new Set(projectPairs.map((p) => p.projectCode))];

  const [persons, certs, counted, certCounted, enrolled, sessions, attendance, flags, online] = await timed(
    timings,
    'reads',
    () => {
      const sessionsRead = refs.sessions.of(db, projectCodes);
      return Promise.all([
        apps.every((a) => a.person !== undefined)
          ? apps.map((a) => a.person!)
          : db.query<PersonRow>(
              'SELECT person_key, groups, insured_months, city_code FROM registry.persons WHERE person_key = ANY($1::text[])',
              [personKeys],
            ),
        // Read with the applications already, unless these are probes.
        apps.every((a) => a.cert !== undefined)
          ? apps.flatMap((a) => (a.cert ? [a.cert] : []))
          : db.query<CertRow>(
              'SELECT certificate_no, person_key, occupation_code, kind, level, issued_on, evaluator_code, revoked_on FROM evaluation.certificates WHERE certificate_no = ANY($1::text[])',
              [certNos],
            ),
        db.query<CountedRow>(
          `SELECT application_id, person_key, type, applied_on, certificate_no, occupation_code, level, shortage, run_id = ANY($3::uuid[]) AS in_run FROM decisions
       WHERE person_key = ANY($1::text[]) AND decision IN ('approved', 'review') AND ($2::date IS NULL OR applied_on < $2::date)
       ORDER BY decided_at, application_id`,
          [personKeys, redo, runIds],
        ),
        // A certificate's counted decisions, by anyone (another person's claim sees its owner's).
        db.query<CountedRow>(
          `SELECT application_id, person_key, type, applied_on, certificate_no, occupation_code, level, shortage, run_id = ANY($3::uuid[]) AS in_run FROM decisions
       WHERE certificate_no = ANY($1::text[]) AND decision IN ('approved', 'review') AND ($2::date IS NULL OR applied_on < $2::date)`,
          [certNos, redo, runIds],
        ),
        db.query<{ person_key: string; project_code: string }>(
          'SELECT person_key, project_code FROM training.enrolments WHERE (person_key, project_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
          [projectPairs.map((p) => p.personKey), projectPairs.map((p) => p.projectCode)],
        ),
        sessionsRead,
        // Only the records that can count, from the partitions near their project's sessions (exact: see there).
        sessionsRead.then((byProject) => attendanceThatCanCount(db, projectPairs, byProject, maxGraceMinutes(policy))),
        flagCodesFor(db, projectPairs),
        // Online valid time counts as of the end of the settlement day (China time), only for blended projects.
        projectOnlineValidMs(db, projectPairs, new Date(`${sel.asOf}T23:59:59.999+08:00`)),
      ]);
    },
  );
  // Everything from here is in memory: indexing the facts and the rules.
  const rulesStart = performance.now();

  const personBy = new Map(persons.map((p) => [p.person_key, p]));
  const certBy = new Map(certs.map((c) => [c.certificate_no, c]));
  // Decisions of earlier runs count for every application; this run's only when they precede it.
  const earlier = new CountedIndex();
  const thisRun = new CountedIndex();
  for (const d of counted) (d.in_run ? thisRun : earlier).addPerson(countedOf(d));
  for (const d of certCounted) (d.in_run ? thisRun : earlier).addCert(countedOf(d));
  if (sel.inMemory) thisRun.addFrom(sel.inMemory, personKeys, certNos);
  const enrolledSet = new Set(enrolled.map((e) => `${e.person_key}|${e.project_code}`));
  const sessionsBy: Map<string, SessionSlot[]> = sessions;
  const recordsBy = new Map<string, AttendanceRecord[]>();
  for (const a of attendance) {
    const k = `${a.person_key}|${a.project_code}`;
    if (!recordsBy.has(k)) recordsBy.set(k, []);
    recordsBy.get(k)!.push(recordFromRow(a));
  }

  const out: Decided[] = [];
  for (const a of apps) {
    // The version in force on the day the worker applied decides (docs/policy-notes.md).
    const inForce = policyInForce(policy, a.applied_on);
    const p = inForce.params;
    const person = personBy.get(a.person_key);
    if (!person) continue; // cannot happen: the importer refuses applications of unknown persons
    const cert = certBy.get(a.certificate_no);
    const project = a.project_code ? (refs.projects.get(a.project_code) ?? null) : null;
    const pairKey = `${a.person_key}|${a.project_code}`;
    const shortageOnIssue = !!cert && onShortageList(refs.shortage, cert.occupation_code, cert.issued_on);
    const order = { appliedOn: a.applied_on, applicationId: a.application_id };
    const projectSessions = sessionsBy.get(a.project_code!) ?? [];
    const projectRecords = recordsBy.get(pairKey) ?? [];
    const onlineMs = project ? online.get(pairKey) : undefined;
    // A classroom-only project (no project-bound course) is decided exactly as before.
    const blended =
      onlineMs === undefined
        ? undefined
        : blendedRatio(projectSessions, projectRecords, p.attendance, onlineMs, ratioRules(p).online);
    const classroomRatio = project
      ? attendanceRatio(projectSessions, projectRecords, p.attendance)
      : { attendedMs: 0, scheduledMs: 0 };
    const c: Case = {
      app: {
        applicationId: a.application_id,
        type: a.type,
        personKey: a.person_key,
        certificateNo: a.certificate_no,
        projectCode: a.project_code,
        appliedOn: a.applied_on,
      },
      person: { groups: person.groups ?? [], insuredMonths: person.insured_months, cityCode: person.city_code },
      cert: cert
        ? {
            personKey: cert.person_key,
            occupationCode: cert.occupation_code,
            kind: cert.kind,
            level: cert.level,
            issuedOn: cert.issued_on,
            evaluatorCode: cert.evaluator_code,
            revokedOn: cert.revoked_on,
          }
        : null,
      occupation: cert ? (refs.occupations.get(cert.occupation_code) ?? null) : null,
      evaluator: cert ? (refs.institutions.get(cert.evaluator_code) ?? null) : null,
      project,
      institution: project ? (refs.institutions.get(project.institutionCode) ?? null) : null,
      enrolled: enrolledSet.has(pairKey),
      ratio: blended ?? classroomRatio,
      blended,
      shortageOnIssue,
      counted: visibleTo(earlier.byPerson, thisRun.byPerson, a.person_key, order),
      certCounted: visibleTo(earlier.byCert, thisRun.byCert, a.certificate_no, order).length > 0,
      flags: project ? (flags.get(pairKey) ?? []) : [],
    };
    const decision = decide(c, p);
    out.push({ c, decision, policy: inForce });
    if (decision.decision !== 'rejected' && !sel.probe) thisRun.add(countedOfDecided({ c }));
  }
  if (timings) timings.rules = (timings.rules ?? 0) + performance.now() - rulesStart;
  return out;
}

type CountedRow = {
  application_id: string;
  person_key: string;
  type: ProgramCode;
  applied_on: string;
  certificate_no: string;
  occupation_code: string | null;
  level: string | null;
  shortage: boolean;
  in_run: boolean | null;
};

const countedOf = (d: CountedRow): KeyedDecision => ({
  personKey: d.person_key,
  applicationId: d.application_id,
  type: d.type,
  appliedOn: d.applied_on,
  certificateNo: d.certificate_no,
  occupationCode: d.occupation_code,
  level: d.level,
  shortage: d.shortage,
});

/** A decision just made, as the counted decision later applications see. */
export const countedOfDecided = ({ c }: Pick<Decided, 'c'>): KeyedDecision => ({
  personKey: c.app.personKey,
  applicationId: c.app.applicationId,
  type: c.app.type,
  appliedOn: c.app.appliedOn,
  certificateNo: c.app.certificateNo,
  occupationCode: c.cert?.occupationCode ?? null,
  level: c.cert?.level ?? null,
  shortage: c.shortageOnIssue,
});

/** The counted decisions under key that application `a` sees: every earlier run's, and this run's that precede it. */
function visibleTo(
  earlier: Map<string, CountedDecision[]>,
  thisRun: Map<string, CountedDecision[]>,
  key: string,
  a: { appliedOn: string; applicationId: string },
): CountedDecision[] {
  return [...(earlier.get(key) ?? []), ...(thisRun.get(key) ?? []).filter((d) => precedes(d, a))];
}

async function writeDecisions(tx: Db, decided: Decided[], runId: string, at: Date): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < decided.length; i += 1000) {
    const batch = decided.slice(i, i + 1000);
    const col = <T>(f: (d: Decided) => T) => batch.map(f);
    // One array per column (not 16 parameters per row): the statement is the same whatever the
    // batch's size, and binding is a handful of arrays. A row's reasons travel as one string
    // (codes are identifiers, no comma), split back into text[] in SQL.
    // ON CONFLICT DO NOTHING: a decision, once made, is never overwritten by a rerun.
    const rows = await tx.query<{ application_id: string }>(
      `INSERT INTO decisions (application_id, person_key, type, applied_on, certificate_no, occupation_code, level, shortage,
         project_code, decision, amount_fen, reasons, policy_version, city_code, run_id, decided_at)
       SELECT application_id, person_key, type, applied_on, certificate_no, occupation_code, level, shortage,
         project_code, decision, amount_fen, string_to_array(reasons, ','), policy_version, city_code, $15::uuid, $16::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::boolean[],
         $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[])
         WITH ORDINALITY AS r(application_id, person_key, type, applied_on, certificate_no, occupation_code, level, shortage,
           project_code, decision, amount_fen, reasons, policy_version, city_code, n)
       ORDER BY n
       ON CONFLICT (application_id) DO NOTHING RETURNING application_id`,
      [
        col((d) => d.c.app.applicationId),
        col((d) => d.c.app.personKey),
        col((d) => d.c.app.type),
        col((d) => d.c.app.appliedOn),
        col((d) => d.c.app.certificateNo),
        col((d) => d.c.cert?.occupationCode ?? null),
        col((d) => d.c.cert?.level ?? null),
        col((d) => d.c.shortageOnIssue),
        col((d) => d.c.app.projectCode),
        col((d) => d.decision.decision),
        col((d) => d.decision.amountFen),
        col((d) => d.decision.reasons.join(',')),
        col((d) => versionUsed(d.policy, d.decision.cityCode)),
        col((d) => d.decision.cityCode),
        runId,
        at,
      ],
    );
    for (const r of rows) inserted.add(r.application_id);
  }
  await writeBlendedAttendance(
    tx,
    decided.filter((d) => d.c.blended && inserted.has(d.c.app.applicationId)),
  );
  return inserted;
}

/** How each part of a blended project's attendance counted, beside the decision it explains. */
async function writeBlendedAttendance(tx: Db, decided: Decided[]): Promise<void> {
  for (let i = 0; i < decided.length; i += 1000) {
    const batch = decided.slice(i, i + 1000);
    const col = <T>(f: (b: NonNullable<Case['blended']>) => T) => batch.map((d) => f(d.c.blended!));
    await tx.query(
      `INSERT INTO decision_attendance (application_id, scheduled_ms, classroom_ms, online_valid_ms, online_counted_ms, share_cap_ms, room_ms, not_counted)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[])
       ON CONFLICT (application_id) DO NOTHING`,
      [
        batch.map((d) => d.c.app.applicationId),
        col((b) => b.scheduledMs),
        col((b) => b.classroomMs),
        col((b) => b.onlineValidMs),
        col((b) => b.onlineCountedMs),
        col((b) => b.shareCapMs),
        col((b) => b.roomMs),
        col((b) => b.notCounted),
      ],
    );
  }
}
