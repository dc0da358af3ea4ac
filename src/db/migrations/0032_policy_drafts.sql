ALTER TABLE "policy_versions" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD COLUMN "approved_by" text;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD COLUMN "approved_at" timestamp with time zone;