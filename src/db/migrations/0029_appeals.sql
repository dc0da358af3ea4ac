CREATE TABLE "attendance_validations" (
	"attendance_id" bigint PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"project_code" text NOT NULL,
	"session_no" integer NOT NULL,
	"was_invalid" text NOT NULL,
	"note" text NOT NULL,
	"ref" text NOT NULL,
	"validated_by" text NOT NULL,
	"validated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text NOT NULL,
	"before" jsonb NOT NULL,
	"decision" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"overruled" text[] NOT NULL,
	"policy_version" text NOT NULL,
	"note" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_attachments" (
	"appeal_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "appeal_attachments_appeal_id_n_pk" PRIMARY KEY("appeal_id","n")
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"city_code" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_ref" text NOT NULL,
	"subject_title" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"answer" text,
	"effect" jsonb,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "decision_revisions_application_idx" ON "decision_revisions" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_open_subject_uq" ON "appeals" USING btree ("subject_kind","subject_ref") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "appeals_city_idx" ON "appeals" USING btree ("city_code","status","due_on");--> statement-breakpoint
CREATE INDEX "appeals_person_idx" ON "appeals" USING btree ("person_key");--> statement-breakpoint
-- Published to other modules (training.views.ts): settlement counts a record validated on appeal.
CREATE OR REPLACE VIEW training.attendance_validations AS SELECT * FROM public.attendance_validations;