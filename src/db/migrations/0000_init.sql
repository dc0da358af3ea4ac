CREATE TABLE "cities" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_tasks" (
	"no" integer PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"dimension" text NOT NULL,
	"target" text NOT NULL,
	"responsible_units" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "levels" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"rank" integer NOT NULL,
	"high_skill" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "occupations" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"category" text NOT NULL,
	"has_levels" boolean NOT NULL,
	"code_source" text DEFAULT 'local' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sectors" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"key_task" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shortage_list" (
	"occupation_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	CONSTRAINT "shortage_list_occupation_code_valid_from_pk" PRIMARY KEY("occupation_code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "target_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"key_task" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"city_code" text,
	"institution_code" text,
	"enterprise_code" text,
	"person_key" text,
	"sectors" text[] DEFAULT '{}' NOT NULL,
	"key_tasks" integer[] DEFAULT '{}' NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_code" text NOT NULL,
	"sector" text NOT NULL,
	"chain_leader" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"roles" text[] NOT NULL,
	"type" text NOT NULL,
	"city_code" text NOT NULL,
	"listed_from" date,
	"blacklisted_from" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"person_key" text PRIMARY KEY NOT NULL,
	"id_enc" text NOT NULL,
	"id_masked" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"city_code" text NOT NULL,
	"groups" text[] DEFAULT '{}' NOT NULL,
	"insured_months" integer DEFAULT 0 NOT NULL,
	"insured_as_of" date,
	"birth_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_code" text NOT NULL,
	"session_no" integer NOT NULL,
	"person_key" text NOT NULL,
	"check_in_at" timestamp with time zone NOT NULL,
	"check_out_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"face_score" double precision,
	"lat" double precision,
	"lon" double precision,
	"device_id" text,
	CONSTRAINT "attendance_event_uq" UNIQUE NULLS NOT DISTINCT("project_code","person_key","session_no","check_in_at","check_out_at","method","face_score","lat","lon","device_id")
);
--> statement-breakpoint
CREATE TABLE "employment" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"employer_code" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"contract_months" integer,
	CONSTRAINT "employment_event_uq" UNIQUE NULLS NOT DISTINCT("person_key","employer_code","start_date","end_date","contract_months")
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"project_code" text NOT NULL,
	"person_key" text NOT NULL,
	"enrolled_on" date NOT NULL,
	CONSTRAINT "enrolments_project_code_person_key_pk" PRIMARY KEY("project_code","person_key")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"project_code" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"institution_code" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text,
	"kind" text NOT NULL,
	"key_task" integer,
	"city_code" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"fee_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"project_code" text NOT NULL,
	"session_no" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"site_lat" double precision,
	"site_lon" double precision,
	CONSTRAINT "sessions_project_code_session_no_pk" PRIMARY KEY("project_code","session_no")
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"certificate_no" text PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"occupation_code" text NOT NULL,
	"kind" text NOT NULL,
	"level" text,
	"issued_on" date NOT NULL,
	"evaluator_code" text NOT NULL,
	"project_code" text,
	"revoked_on" date,
	"revoke_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"application_id" text PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"type" text NOT NULL,
	"certificate_no" text NOT NULL,
	"project_code" text,
	"applied_on" date NOT NULL,
	"source" text DEFAULT 'import' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"application_id" text PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"type" text NOT NULL,
	"applied_on" date NOT NULL,
	"certificate_no" text NOT NULL,
	"occupation_code" text,
	"level" text,
	"shortage" boolean DEFAULT false NOT NULL,
	"project_code" text,
	"decision" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reasons" text[] NOT NULL,
	"policy_version" text NOT NULL,
	"city_code" text,
	"run_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"code" text PRIMARY KEY NOT NULL,
	"based_on" text,
	"city_code" text,
	"effective_from" date NOT NULL,
	"status" text NOT NULL,
	"params" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"attendance_id" bigint NOT NULL,
	"project_code" text NOT NULL,
	"session_no" integer NOT NULL,
	"person_key" text NOT NULL,
	"device_id" text,
	"detail" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"run_id" uuid NOT NULL,
	"file" text NOT NULL,
	"line" integer NOT NULL,
	"column" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL,
	"message_zh" text NOT NULL,
	"message_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"actor" text NOT NULL,
	"status" text NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "institutions_city_idx" ON "institutions" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "persons_city_idx" ON "persons" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "persons_dup_idx" ON "persons" USING btree ("name","birth_date","phone");--> statement-breakpoint
CREATE INDEX "attendance_person_idx" ON "attendance" USING btree ("person_key","check_in_at");--> statement-breakpoint
CREATE INDEX "enrolments_person_idx" ON "enrolments" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "projects_city_idx" ON "projects" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "projects_institution_idx" ON "projects" USING btree ("institution_code");--> statement-breakpoint
CREATE INDEX "certificates_person_idx" ON "certificates" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "certificates_issued_idx" ON "certificates" USING btree ("issued_on");--> statement-breakpoint
CREATE INDEX "applications_order_idx" ON "applications" USING btree ("applied_on","application_id");--> statement-breakpoint
CREATE INDEX "applications_person_idx" ON "applications" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "decisions_person_idx" ON "decisions" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "decisions_certificate_idx" ON "decisions" USING btree ("certificate_no");--> statement-breakpoint
CREATE INDEX "decisions_applied_idx" ON "decisions" USING btree ("applied_on");--> statement-breakpoint
CREATE UNIQUE INDEX "flags_code_attendance_uq" ON "flags" USING btree ("code","attendance_id");--> statement-breakpoint
CREATE INDEX "flags_project_person_idx" ON "flags" USING btree ("project_code","person_key");--> statement-breakpoint
CREATE INDEX "import_errors_run_idx" ON "import_errors" USING btree ("run_id");