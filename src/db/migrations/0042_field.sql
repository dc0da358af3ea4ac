CREATE TABLE "activity_hires" (
	"hire_id" text PRIMARY KEY NOT NULL,
	"activity_id" text NOT NULL,
	"signup_id" text NOT NULL,
	"enterprise_code" text NOT NULL,
	"start_date" date NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activity_hires_signup_enterprise_uq" UNIQUE("signup_id","enterprise_code")
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"signup_id" text PRIMARY KEY NOT NULL,
	"activity_id" text NOT NULL,
	"person_key" text NOT NULL,
	"checkin_code" text NOT NULL,
	"signed_up_at" timestamp with time zone NOT NULL,
	"attended_at" timestamp with time zone,
	"checked_in_by" text,
	CONSTRAINT "activity_signups_person_uq" UNIQUE("activity_id","person_key"),
	CONSTRAINT "activity_signups_code_uq" UNIQUE("activity_id","checkin_code")
);
--> statement-breakpoint
CREATE TABLE "competition_entries" (
	"entry_id" text PRIMARY KEY NOT NULL,
	"competition_id" text NOT NULL,
	"person_key" text NOT NULL,
	"unit" text NOT NULL,
	"rank" integer,
	"score" numeric(6, 2),
	"award" text,
	"result_by" text,
	"result_at" timestamp with time zone,
	CONSTRAINT "competition_entries_person_uq" UNIQUE("competition_id","person_key"),
	CONSTRAINT "competition_entries_rank_uq" UNIQUE("competition_id","rank")
);
--> statement-breakpoint
CREATE TABLE "competitions" (
	"competition_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organiser" text NOT NULL,
	"level" text NOT NULL,
	"city_code" text,
	"sector" text,
	"occupation_code" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "field_activities" (
	"activity_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"organiser" text NOT NULL,
	"city_code" text NOT NULL,
	"district" text,
	"place" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"occupation_code" text,
	"sector" text,
	"institution_code" text,
	"capacity" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_records" (
	"promotion_id" text PRIMARY KEY NOT NULL,
	"entry_id" text NOT NULL,
	"competition_id" text NOT NULL,
	"person_key" text NOT NULL,
	"occupation_code" text NOT NULL,
	"from_level" text NOT NULL,
	"to_level" text NOT NULL,
	"rule" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promotion_records_entry_uq" UNIQUE("entry_id")
);
--> statement-breakpoint
CREATE INDEX "activity_signups_person_idx" ON "activity_signups" USING btree ("person_key");--> statement-breakpoint
CREATE INDEX "field_activities_city_idx" ON "field_activities" USING btree ("city_code","starts_at");--> statement-breakpoint
CREATE INDEX "field_activities_kind_idx" ON "field_activities" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "promotion_records_status_idx" ON "promotion_records" USING btree ("status");