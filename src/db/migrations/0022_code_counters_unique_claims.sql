CREATE TABLE "code_counters" (
	"series" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
-- Duplicates made by parallel requests before these indexes: keep the oldest open request per
-- worker and occupation (later ones withdrawn) and the oldest unreviewed nomination per person and year.
UPDATE "training_requests" r SET "status" = 'withdrawn' WHERE r."status" = 'open' AND EXISTS (
  SELECT 1 FROM "training_requests" o WHERE o."status" = 'open' AND o."person_key" = r."person_key" AND o."occupation_code" = r."occupation_code"
    AND (o."created_at", o."request_id") < (r."created_at", r."request_id"));--> statement-breakpoint
DELETE FROM "craftsman_nominations" n WHERE n."status" = 'nominated' AND EXISTS (
  SELECT 1 FROM "craftsman_nominations" o WHERE o."year" = n."year" AND o."person_key" = n."person_key"
    AND (o."status" <> 'nominated' OR (o."created_at", o."id") < (n."created_at", n."id")));--> statement-breakpoint
CREATE UNIQUE INDEX "training_requests_open_uq" ON "training_requests" USING btree ("person_key","occupation_code") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "craftsman_nominations_year_person_uq" ON "craftsman_nominations" USING btree ("year","person_key");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_web_daily_uq" ON "applications" USING btree ("person_key","type","certificate_no","applied_on") WHERE source = 'web';