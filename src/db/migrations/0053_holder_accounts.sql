-- "N" holders' own accounts (issue 21): a holder_officer account is linked to one target holder.
ALTER TABLE "users" ADD COLUMN "holder_id" uuid;--> statement-breakpoint
CREATE INDEX "users_holder_idx" ON "users" ("holder_id") WHERE "holder_id" IS NOT NULL;--> statement-breakpoint
-- Reporting publishes its holders, so accounts can check the holder an account is linked to.
CREATE SCHEMA IF NOT EXISTS reporting;--> statement-breakpoint
CREATE OR REPLACE VIEW reporting.target_holders AS SELECT * FROM public.target_holders;
