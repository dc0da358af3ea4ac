-- A changed day's recount now writes only the numbers that moved (src/modules/reporting/kpi-rollup.ts):
-- the day's new numbers are merged into kpi_daily and kpi_tag_daily (inserted, updated where they
-- differ, deleted where the day no longer has them) instead of deleting and reinserting the whole
-- day. That needs each number's key to be unique (city NULL: province-wide, so NULLS NOT DISTINCT),
-- led by the day so the recount finds a day's rows without scanning the (city, day) index. The rollups
-- are emptied and marked for a full recount so the constraints are made on clean tables.
TRUNCATE kpi_daily, kpi_tag_daily;
--> statement-breakpoint
ALTER TABLE kpi_daily ADD CONSTRAINT kpi_daily_number_uq UNIQUE NULLS NOT DISTINCT (day, indicator, dimension, key, city);
--> statement-breakpoint
ALTER TABLE kpi_tag_daily ADD CONSTRAINT kpi_tag_daily_number_uq UNIQUE NULLS NOT DISTINCT (day, indicator, tag, key, city);
--> statement-breakpoint
INSERT INTO kpi_dirty (source, day) VALUES ('*', NULL);
