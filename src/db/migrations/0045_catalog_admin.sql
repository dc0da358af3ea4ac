CREATE TABLE "catalog_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"catalog" text NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"code" text PRIMARY KEY NOT NULL,
	"zh" text NOT NULL,
	"en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "occupations" ADD COLUMN "special_ability_year" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_changes_version_uq" ON "catalog_changes" USING btree ("catalog","code","version");--> statement-breakpoint
-- The funds of plan (二): the two programmes pay from, and the two departments' and the east-west collaboration's.
INSERT INTO "funds" ("code", "zh", "en") VALUES
  ('employment_fund', '就业补助资金', 'Employment subsidy fund'),
  ('unemployment_insurance', '失业保险基金', 'Unemployment insurance fund'),
  ('sector_department_fund', '行业部门资金', 'Sector department funds'),
  ('east_west_collaboration', '东西部协作资金', 'East–west collaboration fund')
ON CONFLICT DO NOTHING;
