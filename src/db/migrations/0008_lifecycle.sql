CREATE TABLE "job_orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"enterprise_code" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text,
	"headcount" integer NOT NULL,
	"city_code" text NOT NULL,
	"pay_min_fen" bigint NOT NULL,
	"pay_max_fen" bigint NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_demands" (
	"project_code" text NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	CONSTRAINT "project_demands_project_code_source_source_id_pk" PRIMARY KEY("project_code","source","source_id")
);
--> statement-breakpoint
CREATE TABLE "training_requests" (
	"request_id" text PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text,
	"city_code" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"project_code" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_claims" (
	"claim_id" text PRIMARY KEY NOT NULL,
	"project_code" text NOT NULL,
	"institution_code" text NOT NULL,
	"kind" text NOT NULL,
	"city_code" text NOT NULL,
	"applied_on" date NOT NULL,
	"completers" integer NOT NULL,
	"stably_employed" integer NOT NULL,
	"price_fen" bigint NOT NULL,
	"decision" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reasons" text[] NOT NULL,
	"policy_version" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "employment" ADD COLUMN "job_order_id" text;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "completed" boolean;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "planned_hours" integer;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "planned_trainees" integer;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "modules" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "dispatched_by" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "decline_reason" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "site_name" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "teacher" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "mode" text;--> statement-breakpoint
CREATE INDEX "job_orders_city_idx" ON "job_orders" USING btree ("city_code","status");--> statement-breakpoint
CREATE INDEX "job_orders_enterprise_idx" ON "job_orders" USING btree ("enterprise_code");--> statement-breakpoint
CREATE INDEX "training_requests_city_idx" ON "training_requests" USING btree ("city_code","status");--> statement-breakpoint
CREATE INDEX "training_requests_person_idx" ON "training_requests" USING btree ("person_key");--> statement-breakpoint
CREATE UNIQUE INDEX "project_claims_kind_uq" ON "project_claims" USING btree ("project_code","kind");