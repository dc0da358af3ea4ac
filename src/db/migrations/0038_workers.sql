CREATE TABLE "queued_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text,
	"actor" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"progress" jsonb,
	"output" jsonb,
	"error" text,
	"worker" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
-- The ledger's key leads with its city, the distribution column when sharded (docs/operations.md § Sharding).
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_pkey";--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_pkey" PRIMARY KEY("city_code","id");--> statement-breakpoint
CREATE UNIQUE INDEX "queued_jobs_live_key" ON "queued_jobs" USING btree ("kind","key") WHERE status IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX "queued_jobs_created_idx" ON "queued_jobs" USING btree ("created_at");