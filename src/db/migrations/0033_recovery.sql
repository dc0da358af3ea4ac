CREATE TABLE "institution_sanctions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credit_code" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"from_on" date NOT NULL,
	"until_on" date,
	"check_result" text,
	"check_note" text,
	"checked_at" timestamp with time zone,
	"checked_by" text,
	"lifted_at" timestamp with time zone,
	"lifted_by" text,
	"lift_reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clawback_recoveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"receipt_ref" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"received_on" date NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clawback_recoveries_receipt_ref_unique" UNIQUE("receipt_ref")
);
--> statement-breakpoint
CREATE TABLE "clawback_writeoffs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "judicial_referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"city_code" text,
	"referred_on" date NOT NULL,
	"organ" text NOT NULL,
	"case_ref" text,
	"outcome" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clawbacks" ADD COLUMN "due_on" date;--> statement-breakpoint
ALTER TABLE "clawbacks" ADD COLUMN "recovered_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clawbacks" ADD COLUMN "written_off_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "institution_sanctions_code_idx" ON "institution_sanctions" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "clawback_recoveries_app_idx" ON "clawback_recoveries" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clawback_writeoffs_pending_uq" ON "clawback_writeoffs" USING btree ("application_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "judicial_referrals_subject_idx" ON "judicial_referrals" USING btree ("subject_kind","subject_id");--> statement-breakpoint
ALTER TABLE "clawbacks" ADD CONSTRAINT "clawbacks_within_owed" CHECK ("clawbacks"."recovered_fen" >= 0 AND "clawbacks"."written_off_fen" >= 0 AND "clawbacks"."recovered_fen" + "clawbacks"."written_off_fen" <= "clawbacks"."amount_fen");--> statement-breakpoint
-- Receivables opened before due dates existed: 30 days from when they were opened (RECOVERY_DUE_DAYS).
UPDATE "clawbacks" SET "due_on" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date + 30 WHERE "due_on" IS NULL;--> statement-breakpoint
-- A receivable already marked recovered was recovered in full.
UPDATE "clawbacks" SET "recovered_fen" = "amount_fen" WHERE "status" = 'recovered';
