CREATE TABLE "pending_hires" (
	"id" text PRIMARY KEY NOT NULL,
	"job_order_id" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"person_key" text NOT NULL,
	"start_date" date NOT NULL,
	"contract_months" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "pending_hires_order_person_uq" UNIQUE("job_order_id","person_key")
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "site_name" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "site_lat" double precision;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "site_lon" double precision;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "registered_by" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "evaluator_code" text;--> statement-breakpoint
CREATE INDEX "pending_hires_person_idx" ON "pending_hires" USING btree ("person_key","status");--> statement-breakpoint
-- Projects that already have certificates chose, in effect, the evaluator that issued most of them.
UPDATE "projects" p SET "evaluator_code" = m.evaluator_code FROM (
  SELECT DISTINCT ON (project_code) project_code, evaluator_code FROM "certificates" WHERE project_code IS NOT NULL
  GROUP BY project_code, evaluator_code ORDER BY project_code, count(*) DESC, evaluator_code) m
WHERE m.project_code = p.project_code AND p.evaluator_code IS NULL;
