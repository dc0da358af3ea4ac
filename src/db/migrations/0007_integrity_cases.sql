CREATE TABLE "integrity_cases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"detector" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"project_code" text DEFAULT '' NOT NULL,
	"city_code" text,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"finding" text,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "integrity_cases_uq" ON "integrity_cases" USING btree ("detector","subject_kind","subject_key","project_code");