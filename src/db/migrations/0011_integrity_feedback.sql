CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"institution_code" text NOT NULL,
	"project_code" text,
	"person_key" text NOT NULL,
	"city_code" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"finding" text,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_evaluations" (
	"project_code" text NOT NULL,
	"source" text NOT NULL,
	"score" integer NOT NULL,
	"findings" text NOT NULL,
	"evaluator" text NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_evaluations_project_code_source_pk" PRIMARY KEY("project_code","source")
);
--> statement-breakpoint
CREATE TABLE "spot_check_draws" (
	"seed" text NOT NULL,
	"project_code" text NOT NULL,
	"city_code" text NOT NULL,
	"drawn_by" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	CONSTRAINT "spot_check_draws_seed_project_code_pk" PRIMARY KEY("seed","project_code")
);
--> statement-breakpoint
CREATE TABLE "trainee_confirmations" (
	"application_id" text PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"project_code" text NOT NULL,
	"answer" text NOT NULL,
	"satisfaction" integer,
	"note" text,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "complaints_institution_idx" ON "complaints" USING btree ("institution_code");