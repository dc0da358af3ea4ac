-- Self-registration (issue 18): one-time SMS codes (accounts) and a person's status (registry: pending until the city confirms).
CREATE TABLE "one_time_codes" (
	"phone" text PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
-- The view expands SELECT * when made: re-create it so other modules see the new column (0025_module_views).
CREATE OR REPLACE VIEW registry.persons AS SELECT * FROM public.persons;
