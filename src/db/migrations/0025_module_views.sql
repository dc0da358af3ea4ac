-- Module views: the documented read contract between modules (docs/ARCHITECTURE.md § Table ownership).
-- A module's tables are named in SQL only by that module; another module reads them through these
-- views, one schema per owning module (`training.projects`). They are plain views, inlined by the
-- planner (same plans, partition pruning included). Declared in each module's <m>.views.ts; a test
-- checks that the two agree. A column added to a table reaches the view only when the view is
-- re-created by a later migration (SELECT * is expanded when the view is made).

CREATE SCHEMA IF NOT EXISTS catalog;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.cities AS SELECT * FROM public.cities;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.sectors AS SELECT * FROM public.sectors;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.target_groups AS SELECT * FROM public.target_groups;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.key_tasks AS SELECT * FROM public.key_tasks;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.levels AS SELECT * FROM public.levels;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.occupations AS SELECT * FROM public.occupations;--> statement-breakpoint
CREATE OR REPLACE VIEW catalog.shortage_list AS SELECT * FROM public.shortage_list;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS registry;--> statement-breakpoint
CREATE OR REPLACE VIEW registry.persons AS SELECT * FROM public.persons;--> statement-breakpoint
CREATE OR REPLACE VIEW registry.institutions AS SELECT * FROM public.institutions;--> statement-breakpoint
CREATE OR REPLACE VIEW registry.enterprises AS SELECT * FROM public.enterprises;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS training;--> statement-breakpoint
CREATE OR REPLACE VIEW training.projects AS SELECT * FROM public.projects;--> statement-breakpoint
CREATE OR REPLACE VIEW training.sessions AS SELECT * FROM public.sessions;--> statement-breakpoint
CREATE OR REPLACE VIEW training.enrolments AS SELECT * FROM public.enrolments;--> statement-breakpoint
CREATE OR REPLACE VIEW training.attendance AS SELECT * FROM public.attendance;--> statement-breakpoint
CREATE OR REPLACE VIEW training.employment AS SELECT * FROM public.employment;--> statement-breakpoint
CREATE OR REPLACE VIEW training.training_requests AS SELECT * FROM public.training_requests;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS evaluation;--> statement-breakpoint
CREATE OR REPLACE VIEW evaluation.certificates AS SELECT * FROM public.certificates;--> statement-breakpoint
CREATE OR REPLACE VIEW evaluation.assessments AS SELECT * FROM public.assessments;--> statement-breakpoint
CREATE OR REPLACE VIEW evaluation.assessment_candidates AS SELECT * FROM public.assessment_candidates;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS subsidy;--> statement-breakpoint
CREATE OR REPLACE VIEW subsidy.applications AS SELECT * FROM public.applications;--> statement-breakpoint
CREATE OR REPLACE VIEW subsidy.decisions AS SELECT * FROM public.decisions;--> statement-breakpoint
CREATE OR REPLACE VIEW subsidy.public_notices AS SELECT * FROM public.public_notices;--> statement-breakpoint
CREATE OR REPLACE VIEW subsidy.payment_lines AS SELECT * FROM public.payment_lines;--> statement-breakpoint
CREATE OR REPLACE VIEW subsidy.ledger_entries AS SELECT * FROM public.ledger_entries;--> statement-breakpoint
CREATE OR REPLACE VIEW subsidy.settlement_runs AS SELECT * FROM public.settlement_runs;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS integrity;--> statement-breakpoint
CREATE OR REPLACE VIEW integrity.flags AS SELECT * FROM public.flags;--> statement-breakpoint
CREATE OR REPLACE VIEW integrity.integrity_cases AS SELECT * FROM public.integrity_cases;--> statement-breakpoint
CREATE OR REPLACE VIEW integrity.trainee_confirmations AS SELECT * FROM public.trainee_confirmations;--> statement-breakpoint
CREATE OR REPLACE VIEW integrity.employer_confirmations AS SELECT * FROM public.employer_confirmations;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS interchange;--> statement-breakpoint
CREATE OR REPLACE VIEW interchange.import_runs AS SELECT * FROM public.import_runs;--> statement-breakpoint
CREATE OR REPLACE VIEW interchange.import_errors AS SELECT * FROM public.import_errors;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS jobs;--> statement-breakpoint
CREATE OR REPLACE VIEW jobs.job_orders AS SELECT * FROM public.job_orders;
