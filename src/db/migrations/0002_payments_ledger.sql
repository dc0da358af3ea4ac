CREATE TABLE "budgets" (
	"city_code" text NOT NULL,
	"year" integer NOT NULL,
	"fund" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "budgets_city_code_year_fund_pk" PRIMARY KEY("city_code","year","fund")
);
--> statement-breakpoint
CREATE TABLE "clawbacks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"trail" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clawbacks_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "decision_reviews" (
	"application_id" text PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"note" text NOT NULL,
	"reviewer" text NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tx_id" uuid NOT NULL,
	"account" text NOT NULL,
	"city_code" text NOT NULL,
	"fund" text NOT NULL,
	"year" integer NOT NULL,
	"debit_fen" bigint NOT NULL,
	"credit_fen" bigint NOT NULL,
	"application_id" text,
	"memo" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_code" text NOT NULL,
	"fund" text NOT NULL,
	"status" text NOT NULL,
	"line_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"application_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"payee_kind" text NOT NULL,
	"payee_key" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"bank_ref" text,
	"failure_reason" text,
	"settled_at" timestamp with time zone,
	CONSTRAINT "payment_lines_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "public_notices" (
	"application_id" text PRIMARY KEY NOT NULL,
	"approved_on" date NOT NULL,
	"notice_until" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ledger_scope_idx" ON "ledger_entries" USING btree ("city_code","year","fund","account");--> statement-breakpoint
CREATE INDEX "ledger_application_idx" ON "ledger_entries" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_live_uq" ON "payment_lines" USING btree ("application_id") WHERE status IN ('pending', 'paid');--> statement-breakpoint
CREATE INDEX "payment_lines_batch_idx" ON "payment_lines" USING btree ("batch_id");