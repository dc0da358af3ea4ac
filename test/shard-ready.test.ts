import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/composition/demo.ts';
import { testContext } from './support/context.ts';

/**
 * Ready to shard (issue 22; docs/operations.md § Sharding with Citus). Every table is classified:
 * LARGE tables are distributed by their city (a national code: 320100 is Nanjing, Jiangsu), so
 * each key that must be unique has to contain that column, and joins between them must be on it;
 * REFERENCE tables are copied to every node, so they must stay small; LOCAL tables stay on the
 * coordinator (operations, sessions, the audit chain's head). Sizes: bench/RESULTS.md, province run.
 *
 * Today most large tables fail: they are keyed by person, project or application alone. Each such
 * key is listed below with why it is so and how it moves; a new table, key or foreign key that
 * breaks the rule fails this test, and so does an exception that no longer applies.
 */

/** Distributed tables → distribution column (province rows per year, bench/RESULTS.md). */
const LARGE: Record<string, string> = {
  attendance: 'city_code', // 14.4 M
  enrolments: 'city_code', // 1.0 M
  persons: 'city_code', // 1.0 M
  certificates: 'city_code', // 0.9 M
  applications: 'city_code', // 0.85 M
  decisions: 'city_code', // 0.85 M
  public_notices: 'city_code', // one per approval
  trainee_confirmations: 'city_code', // one per training approval
  employer_confirmations: 'city_code',
  payment_lines: 'city_code', // ≥ one per approval
  ledger_entries: 'city_code', // 2–4 per payment
  employment: 'city_code', // 0.5 M
  sessions: 'city_code', // ~20 per project, 30 k projects
  projects: 'city_code', // 30 k (0.9 M nationally)
  attendance_validations: 'city_code',
  flags: 'city_code', // a share of attendance
  assessment_candidates: 'city_code',
  integrity_cases: 'city_code',
  notices: 'city_code', // several per person and year
  sms_deliveries: 'city_code',
  enterprises: 'city_code',
  kpi_daily: 'city', // 640 k (the rollup, by dimension key; `city` null = province-wide)
  kpi_tag_daily: 'city', // the rollup by programme and carrier (migration 0051); `city` null = province-wide
  kpi_tag_monthly: 'city', // kpi_tag_daily by month (migration 0063); `city` null = province-wide
  audit_log: 'city_code', // every change: the largest table after attendance
  // Online learning (issue 20): a heartbeat every 30 s per learner outgrows attendance.
  learning_heartbeats: 'city_code',
  learning_sessions: 'city_code',
  learning_checks: 'city_code',
  learning_quiz_attempts: 'city_code',
  decision_attendance: 'city_code', // a row per blended decision: follows decisions
};

/** Copied to every node: catalogs and per-province settings, bounded whatever the volume. */
const REFERENCE = [
  'cities',
  'sectors',
  'target_groups',
  'key_tasks',
  'levels',
  'occupations',
  'shortage_list',
  'credential_mappings',
  'policy_versions',
  'institutions',
  'sites',
  'devices',
  'directory_versions',
  'directory_entries',
  'targets',
  'budgets',
  'demand_forecasts',
  'assessments',
  'quality_evaluations',
  'institution_sanctions',
  'project_claims',
  'project_demands',
  'job_orders',
  'training_requests',
  'pending_hires',
  'craftsman_nominations',
  // Issue 21: programmes and carriers, their holders, colleges' and enterprises' yearly reports, the
  // field calendar and contests — bounded by institutions, enterprises and events, not by trainees.
  'programmes',
  'carriers',
  'carrier_members',
  'target_holders',
  'project_programmes', // a tag per tagged project: tens of thousands a year at province scale
  'project_carriers',
  'college_finances',
  'college_parameters',
  'edufund_parameters',
  'edufund_reports',
  'competitions',
  'promotion_rules', // versions of the contest promotion rule: a handful
  'field_activities',
  'gig_stations', // 零工驿站: a few hundred a city at most
  'funds', // issue 19: the funds budgets are kept in
  'catalog_changes', // issue 19: the catalog's edit history, by officials
  // Issue 20: the course library and its policy; issue 19: 遴选 applications, criteria, experts.
  'learning_courses',
  'learning_modules',
  'learning_questions',
  'learning_policy',
  'learning_live_classes', // 直播课: a few per project, like modules
  'selection_applications',
  'selection_criteria',
  'selection_documents',
  'selection_experts',
  'selection_objections',
];
/** The bound a reference table's rows stay under in the demo province. */
const REFERENCE_MAX_ROWS = 5_000;

/** On the coordinator only: operations, accounts and sign-in state, the audit chain's head, counters. */
const LOCAL = [
  'schema_migrations',
  'auth_sessions',
  'login_throttle',
  'one_time_codes',
  'users',
  'job_runs',
  'queued_jobs',
  'rate_limit_hits', // rate-limit counts per client address and route, shared by the API processes
  'import_runs',
  'import_errors',
  'settlement_runs',
  'kpi_dirty',
  'kpi_tag_delta', // retags queued for the next rollup refresh (migration 0064), emptied by it
  'kpi_changes',
  'audit_head',
  'audit_daily_heads',
  'code_counters',
  'certificate_serials',
  'forecast_uploads',
  'payment_batches',
  'reminders',
  'spot_check_draws',
  'clawbacks',
  'clawback_recoveries',
  'clawback_writeoffs',
  'decision_reviews',
  'decision_revisions',
  'complaints',
  'appeals',
  'appeal_attachments',
  // One row per upheld learning-time appeal (a few per city and year), read with the learner's checks.
  'learning_check_overrulings',
  'judicial_referrals',
  // Issue 21: sign-ups, hires and contest entries of field events (per person, but a small share of
  // the workers; they move to the large class with a city column if events grow), upload records.
  'edufund_uploads',
  'activity_signups',
  'activity_hires',
  'competition_entries',
  'promotion_records',
  'sanction_appeals',
];

/**
 * Large tables without their distribution column yet. Migration path (docs/operations.md): add
 * `city_code`, filled once at insert from the row's owner and never updated (Citus cannot move a
 * row between shards): a project's rows take the project's city, a person's rows the city the
 * person registered in, a payment's the deciding city.
 */
const MISSING_COLUMN: Record<string, string> = {
  attendance: "project-side: the project's city",
  enrolments: "project-side: the project's city",
  sessions: "project-side: the project's city",
  attendance_validations: "project-side: the project's city",
  flags: "project-side: the project's city",
  assessment_candidates: "the assessment's city",
  certificates: "person-side: the holder's registration city",
  applications: "person-side: the applicant's registration city",
  public_notices: "follows its decision's city",
  trainee_confirmations: "follows its decision's city",
  employer_confirmations: "follows its decision's city",
  payment_lines: "follows its decision's city (the payer)",
  employment: "person-side: the person's registration city",
  notices: "the recipient's city",
  sms_deliveries: "follows its notice's city",
  learning_heartbeats: "person-side: the learner's registration city",
  learning_sessions: "person-side: the learner's registration city",
  learning_checks: "person-side: the learner's registration city",
  learning_quiz_attempts: "person-side: the learner's registration city",
  decision_attendance: "follows its decision's city",
  audit_log:
    'one hash chain for the province: it stays a LOCAL table, partitioned by month, until the chain is kept per city',
};

/**
 * Keys (primary or unique) of large tables that lack the distribution column: each is an
 * `ON CONFLICT` target or an identity other code relies on, so it changes with its table's move
 * (the column first, then the key as (city_code, …), then the ON CONFLICT clauses), not alone.
 */
const KEY_EXCEPTIONS: Record<string, string> = {
  attendance_pkey: 'attendance (id, check_in_at): id stays unique per city once city_code leads',
  attendance_event_uq: "the import's natural key (ON CONFLICT): gains city_code with the column",
  enrolments_project_code_person_key_pk: 'ON CONFLICT (project_code, person_key) in imports',
  persons_pkey:
    'ON CONFLICT (person_key) in imports and registration; persons move between cities, so the key gains the immutable registration city, not city_code',
  certificates_pkey: 'certificate_no is national and printed: unique via the registration city prefix',
  applications_pkey: 'application ids are allocated per city (code_counters) and gain the city',
  applications_web_daily_uq: 'one web application per day and person: gains the city with the column',
  decisions_pkey: 'ON CONFLICT (application_id) in settlement: city_code becomes NOT NULL and joins the key',
  public_notices_pkey: 'keyed by application, follows decisions',
  trainee_confirmations_pkey: 'keyed by application, follows decisions',
  employer_confirmations_pkey: 'keyed by application, follows decisions',
  payment_lines_pkey: 'bigserial id: (city_code, id) with the column',
  payment_lines_idempotency_key_unique: "the bank's idempotency key: prefixed by the city",
  payment_lines_live_uq: 'one live line per application: follows decisions',
  employment_pkey: 'bigserial id: (city_code, id) with the column',
  employment_event_uq: "the import's natural key (ON CONFLICT): gains the person's city",
  sessions_project_code_session_no_pk: "project-side: gains the project's city",
  projects_pkey: 'ON CONFLICT (project_code) in imports: project codes embed the city; the key gains city_code',
  attendance_validations_pkey: 'keyed by attendance id: follows attendance',
  flags_pkey: 'bigserial id: follows attendance',
  flags_code_attendance_uq: 'ON CONFLICT in baseline flags: follows attendance',
  assessment_candidates_assessment_id_person_key_pk: "gains the assessment's city",
  integrity_cases_pkey: 'bigserial id: (city_code, id) once city_code is NOT NULL',
  integrity_cases_uq: 'ON CONFLICT in detectors: gains city_code once NOT NULL (cross-city rings stay province-wide)',
  notices_pkey: 'bigserial id: follows the recipient city',
  notices_event_uq: 'ON CONFLICT (event_key, recipient_kind, recipient) in notify: follows the recipient city',
  sms_deliveries_pkey: 'follows notices',
  sms_deliveries_notice_id_unique: 'follows notices',
  enterprises_pkey: 'ON CONFLICT (credit_code) in imports: the unified credit code is national; gains city_code',
  audit_log_pkey: 'a LOCAL table for now (see MISSING_COLUMN)',
  learning_sessions_pkey: 'uuid id: (city_code, id) with the column; the signed token carries both',
  learning_heartbeats_session_id_seq_pk: "ON CONFLICT (session_id, seq) on each heartbeat: follows its session's city",
  learning_checks_pkey: "uuid id: follows its session's city",
  learning_checks_pending_uq: "one pending check per session: follows its session's city",
  decision_attendance_pkey: 'keyed by application, follows decisions',
  learning_quiz_attempts_pkey: "uuid id: gains the learner's registration city",
};

interface KeyRow {
  table: string;
  index: string;
  columns: string[];
}

describe('the schema is ready to shard by city (Citus)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let tables: string[];
  let columns: Map<string, Set<string>>;
  let keys: KeyRow[];
  beforeAll(async () => {
    ctx = await testContext();
    // Top-level tables of the platform's schema (partitions follow their parent).
    tables = (
      await ctx.db.query<{ t: string }>(
        `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      )
    ).map((r) => r.t);
    columns = new Map();
    for (const r of await ctx.db.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public'`,
    ))
      columns.set(r.t, (columns.get(r.t) ?? new Set()).add(r.c));
    // Every unique index (primary keys, unique constraints, unique indexes) with its key columns.
    keys = (
      await ctx.db.query<{ t: string; i: string; cols: string }>(
        `SELECT t.relname AS t, ic.relname AS i,
                (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
           FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class ic ON ic.oid = x.indexrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE n.nspname = 'public' AND x.indisunique AND NOT t.relispartition`,
      )
    ).map((r) => ({ table: r.t, index: r.i, columns: (r.cols ?? '').split(',') }));
  }, 60_000);
  afterAll(() => ctx.drop());

  it('classifies every table once: large (distributed), reference (copied) or local (coordinator)', () => {
    const classified = [...Object.keys(LARGE), ...REFERENCE, ...LOCAL];
    expect(new Set(classified).size).toBe(classified.length);
    expect(tables.filter((t) => !classified.includes(t))).toEqual([]);
    expect(classified.filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('each large table has its distribution column, or is a listed exception', () => {
    const missing = Object.entries(LARGE)
      .filter(([t, col]) => !columns.get(t)?.has(col))
      .map(([t]) => t)
      .sort();
    expect(missing).toEqual(Object.keys(MISSING_COLUMN).sort());
  });

  it('every primary and unique key of a large table contains its distribution column, or is a listed exception', () => {
    const violations = keys
      .filter((k) => LARGE[k.table] && !k.columns.includes(LARGE[k.table]!))
      .map((k) => k.index)
      .sort();
    expect(violations).toEqual(Object.keys(KEY_EXCEPTIONS).sort());
    // The ledger was moved (migration 0038): its key leads with the city.
    expect(keys.find((k) => k.index === 'ledger_entries_pkey')?.columns).toEqual(['city_code', 'id']);
  });

  it('foreign keys between large tables are on the distribution column of both', async () => {
    const fks = await ctx.db.query<{ t: string; ref: string; cols: string[]; refcols: string[] }>(
      `SELECT c.conrelid::regclass::text AS t, c.confrelid::regclass::text AS ref,
              array(SELECT a.attname FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k)::text[] AS cols,
              array(SELECT a.attname FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k)::text[] AS refcols
         FROM pg_constraint c WHERE c.contype = 'f'`,
    );
    const bad = fks.filter(
      (f) => LARGE[f.t] && LARGE[f.ref] && !(f.cols.includes(LARGE[f.t]!) && f.refcols.includes(LARGE[f.ref]!)),
    );
    expect(bad).toEqual([]);
    // A large table may point at a reference table (copied everywhere), never a reference table at a large one.
    expect(fks.filter((f) => REFERENCE.includes(f.t) && LARGE[f.ref])).toEqual([]);
  });

  it('reference tables stay small: each under the bound in the demo province', async () => {
    await loadDemo(ctx);
    const counts: Record<string, number> = {};
    for (const t of REFERENCE)
      counts[t] = (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
    expect(Object.entries(counts).filter(([, n]) => n > REFERENCE_MAX_ROWS)).toEqual([]);
  }, 180_000);
});
