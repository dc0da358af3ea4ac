CREATE TABLE "target_holders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"carrier_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carrier_members" (
	"carrier_id" uuid NOT NULL,
	"enterprise_key" text NOT NULL,
	"enterprise_name" text NOT NULL,
	CONSTRAINT "carrier_members_carrier_id_enterprise_key_pk" PRIMARY KEY("carrier_id","enterprise_key")
);
--> statement-breakpoint
CREATE TABLE "carriers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"city_code" text NOT NULL,
	"owner" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"key_task" integer NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_carriers" (
	"project_code" text NOT NULL,
	"carrier_id" uuid NOT NULL,
	"tagged_by" text NOT NULL,
	"tagged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_carriers_project_code_carrier_id_pk" PRIMARY KEY("project_code","carrier_id")
);
--> statement-breakpoint
CREATE TABLE "project_programmes" (
	"project_code" text NOT NULL,
	"programme_code" text NOT NULL,
	"tagged_by" text NOT NULL,
	"tagged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_programmes_project_code_programme_code_pk" PRIMARY KEY("project_code","programme_code")
);
--> statement-breakpoint
CREATE INDEX "carriers_city_idx" ON "carriers" USING btree ("city_code");--> statement-breakpoint
CREATE INDEX "project_carriers_carrier_idx" ON "project_carriers" USING btree ("carrier_id");--> statement-breakpoint
CREATE INDEX "project_programmes_programme_idx" ON "project_programmes" USING btree ("programme_code");--> statement-breakpoint
-- Module views (see 0025_module_views): reporting reads the programme and carrier tags through these.
CREATE SCHEMA IF NOT EXISTS programmes;--> statement-breakpoint
CREATE OR REPLACE VIEW programmes.programmes AS SELECT * FROM public.programmes;--> statement-breakpoint
CREATE OR REPLACE VIEW programmes.carriers AS SELECT * FROM public.carriers;--> statement-breakpoint
CREATE OR REPLACE VIEW programmes.carrier_members AS SELECT * FROM public.carrier_members;--> statement-breakpoint
CREATE OR REPLACE VIEW programmes.project_programmes AS SELECT * FROM public.project_programmes;--> statement-breakpoint
CREATE OR REPLACE VIEW programmes.project_carriers AS SELECT * FROM public.project_carriers;--> statement-breakpoint
-- A tag, a carrier or a holder moves the numbers by programme, carrier and holder: the reports' cache version moves (0014_kpi_changes).
CREATE TRIGGER project_programmes_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_programmes FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();--> statement-breakpoint
CREATE TRIGGER project_carriers_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_carriers FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();--> statement-breakpoint
CREATE TRIGGER carriers_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON carriers FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();--> statement-breakpoint
CREATE TRIGGER programmes_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programmes FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();--> statement-breakpoint
CREATE TRIGGER target_holders_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON target_holders FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
