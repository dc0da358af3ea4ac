ALTER TABLE "appeals" ADD COLUMN "institution_code" text;--> statement-breakpoint
CREATE INDEX "appeals_institution_idx" ON "appeals" USING btree ("institution_code","status","due_on") WHERE institution_code IS NOT NULL;--> statement-breakpoint
CREATE TABLE "learning_check_overrulings" (
	"check_id" uuid PRIMARY KEY NOT NULL,
	"person_key" text NOT NULL,
	"appeal_id" uuid NOT NULL,
	"note" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "learning_check_overrulings_person_idx" ON "learning_check_overrulings" USING btree ("person_key");
