CREATE TABLE "selection_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"key_hash" text NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"city_code" text NOT NULL,
	"type" text NOT NULL,
	"roles" text[] NOT NULL,
	"sites" jsonb NOT NULL,
	"occupations" jsonb NOT NULL,
	"teachers" jsonb NOT NULL,
	"capacity" integer NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"criteria_version" integer NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"result_centi" integer,
	"published_at" timestamp with time zone,
	"published_by" text,
	"notice_from" date,
	"notice_until" date,
	"listed_on" date,
	"listed_until" date,
	"decided_by" text,
	"decision_note" text,
	CONSTRAINT "selection_applications_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "selection_criteria" (
	"version" integer PRIMARY KEY NOT NULL,
	"criteria" jsonb NOT NULL,
	"pass_mark" integer NOT NULL,
	"notice_days" integer NOT NULL,
	"validity_years" integer NOT NULL,
	"review_months" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "selection_documents" (
	"application_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "selection_documents_application_id_n_pk" PRIMARY KEY("application_id","n")
);
--> statement-breakpoint
CREATE TABLE "selection_experts" (
	"application_id" uuid NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"assigned_by" text NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"conflict" boolean,
	"conflict_note" text,
	"declared_at" timestamp with time zone,
	"scores" jsonb,
	"total_centi" integer,
	"comment" text,
	"scored_at" timestamp with time zone,
	CONSTRAINT "selection_experts_application_id_username_pk" PRIMARY KEY("application_id","username")
);
--> statement-breakpoint
CREATE TABLE "selection_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"contact" text,
	"filed_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "listed_until" date;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "review_due_on" date;--> statement-breakpoint
CREATE UNIQUE INDEX "selection_applications_open_uq" ON "selection_applications" USING btree ("credit_code") WHERE status IN ('submitted', 'notice');--> statement-breakpoint
CREATE INDEX "selection_applications_city_idx" ON "selection_applications" USING btree ("city_code","status");--> statement-breakpoint
CREATE INDEX "selection_experts_user_idx" ON "selection_experts" USING btree ("username");--> statement-breakpoint
CREATE INDEX "selection_objections_app_idx" ON "selection_objections" USING btree ("application_id","status");--> statement-breakpoint
-- The module view expands * when made: re-create it so other modules read the new columns.
CREATE OR REPLACE VIEW registry.institutions AS SELECT * FROM public.institutions;--> statement-breakpoint
-- 遴选标准 version 1 (docs/selection.md § Criteria): weights out of 100, pass mark 60, 7 days of notice,
-- listed for 3 years with a review every 12 months. The province publishes later versions.
INSERT INTO "selection_criteria" ("version", "criteria", "pass_mark", "notice_days", "validity_years", "review_months", "published_at", "published_by")
VALUES (1, '[{"code":"qualification","zh":"办学资质与管理制度","en":"Licence and management","weight":15},{"code":"teachers","zh":"师资队伍","en":"Teachers","weight":25},{"code":"facilities","zh":"场地与实训设施设备","en":"Sites and training equipment","weight":25},{"code":"programmes","zh":"培训职业（工种）与课程","en":"Occupations and curricula","weight":15},{"code":"performance","zh":"培训业绩与就业成效","en":"Track record and employment outcomes","weight":20}]'::jsonb,
        60, 7, 3, 12, '2026-01-01T00:00:00+08:00', 'province_admin:system');
--> statement-breakpoint
-- 申辩/复核: an institution contests a sanction (integrity.tables.ts § sanction_appeals).
CREATE TABLE "sanction_appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sanction_id" uuid NOT NULL,
	"credit_code" text NOT NULL,
	"statement" text NOT NULL,
	"file_name" text,
	"media_type" text,
	"size" integer,
	"content" "bytea",
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sanction_appeals_open_uq" ON "sanction_appeals" USING btree ("sanction_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "sanction_appeals_code_idx" ON "sanction_appeals" USING btree ("credit_code");