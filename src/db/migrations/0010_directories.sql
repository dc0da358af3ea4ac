CREATE TABLE "directory_entries" (
	"version_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"city_code" text,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "directory_entries_version_id_code_pk" PRIMARY KEY("version_id","code")
);
--> statement-breakpoint
CREATE TABLE "directory_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"directory" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"note" text,
	"entry_count" integer NOT NULL,
	"published_by" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "directory_versions_uq" ON "directory_versions" USING btree ("directory","version");