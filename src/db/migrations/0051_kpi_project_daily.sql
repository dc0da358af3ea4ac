-- The KPI's facts counted per project and day (issue 21): for each indicator, day, city (the fact's,
-- as in kpi_daily; NULL when the person has none) and project, how many. Refreshed with kpi_daily in
-- the same statement from the same facts and the same kpi_dirty marks (src/modules/reporting/kpi-rollup.ts),
-- so the programmes board sums a programme's, carrier's or N holder's figures by joining the
-- projects' tags to these rows instead of recounting the records. Tags are not in it: retagging a
-- project needs no recount. The records stay the truth.
CREATE TABLE kpi_project_daily (
  indicator text NOT NULL,
  day date NOT NULL,
  city text,
  project_code text NOT NULL,
  n integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX kpi_project_daily_project_idx ON kpi_project_daily (project_code, day);
--> statement-breakpoint
CREATE INDEX kpi_project_daily_city_day_idx ON kpi_project_daily (city, day);
--> statement-breakpoint
-- Filled by the next refresh: everything is recounted once.
INSERT INTO kpi_dirty (source, day) VALUES ('*', NULL);
