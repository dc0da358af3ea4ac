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
CREATE UNIQUE INDEX "queued_jobs_live_key" ON "queued_jobs" USING btree ("kind","key") WHERE status IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX "queued_jobs_created_idx" ON "queued_jobs" USING btree ("created_at");