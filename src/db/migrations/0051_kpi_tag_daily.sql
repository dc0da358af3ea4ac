-- The KPI's facts counted per day and project tag (issue 21): for each indicator, day, tag kind
-- (`programme`, `carrier`) and key (the programme's code, the carrier's id), province-wide (city
-- NULL) and within each city, how many facts of the projects so tagged — the few hundred numbers a
-- day has, like kpi_daily. Refreshed with kpi_daily in the same statement from the same facts and
-- the same kpi_dirty marks (src/modules/reporting/kpi-rollup.ts), so the programmes board sums these
-- rows instead of recounting the tagged projects' records. Tagging or untagging a project marks the
-- days its decisions and certificates count on. The records stay the truth.
CREATE TABLE kpi_tag_daily (
  indicator text NOT NULL,
  day date NOT NULL,
  city text,
  tag text NOT NULL,
  key text NOT NULL,
  n integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX kpi_tag_daily_tag_city_day_idx ON kpi_tag_daily (tag, city, day);
--> statement-breakpoint
CREATE FUNCTION kpi_tag_days_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty (source, day)
    SELECT TG_TABLE_NAME, d.applied_on FROM decisions d WHERE d.project_code IN (SELECT project_code FROM new_rows)
    UNION SELECT TG_TABLE_NAME, c.issued_on FROM certificates c WHERE c.project_code IN (SELECT project_code FROM new_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_tag_days_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty (source, day)
    SELECT TG_TABLE_NAME, d.applied_on FROM decisions d WHERE d.project_code IN (SELECT project_code FROM old_rows)
    UNION SELECT TG_TABLE_NAME, c.issued_on FROM certificates c WHERE c.project_code IN (SELECT project_code FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['project_programmes', 'project_carriers'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_days_new()', t || '_kpi_tag_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_days_new()', t || '_kpi_tag_upd_new', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_days_old()', t || '_kpi_tag_upd_old', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_days_old()', t || '_kpi_tag_del', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION kpi_all_dirty()', t || '_kpi_tag_trunc', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- Filled by the next refresh: everything is recounted once.
INSERT INTO kpi_dirty (source, day) VALUES ('*', NULL);
