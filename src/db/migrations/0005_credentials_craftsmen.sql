CREATE TABLE "craftsman_nominations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"person_key" text NOT NULL,
	"nominated_by" text NOT NULL,
	"unit" text NOT NULL,
	"citation" text NOT NULL,
	"status" text NOT NULL,
	"review_note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credential_mappings" (
	"level" text PRIMARY KEY NOT NULL,
	"title_level" text NOT NULL,
	"education" text NOT NULL,
	"note" text
);
