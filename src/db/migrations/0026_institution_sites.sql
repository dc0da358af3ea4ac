-- 培训场所: an institution's registered training sites (training.tables.ts § sites); sessions copy a site's name and coordinates.
CREATE TABLE "sites" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"institution_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sites_institution_name_uq" ON "sites" USING btree ("institution_code","name");