CREATE INDEX "certificates_project_idx" ON "certificates" USING btree ("project_code");--> statement-breakpoint
CREATE INDEX "decisions_project_idx" ON "decisions" USING btree ("project_code");--> statement-breakpoint
-- The KPI counted per day: for each indicator, day and dimension key (total, city, sector, group, key
-- task), province-wide (city NULL) and within each city — the few hundred numbers a day has, so a
-- period's KPI is a sum over them. Kept up to date a day at a time: triggers note which days a change
-- touched in kpi_dirty (day NULL: everything, e.g. a person's groups changed); the next reader
-- recounts just those days (src/modules/reporting/kpi-rollup.ts). The records stay the truth:
-- `jineng export kpi` never reads this.
CREATE TABLE kpi_daily (
  indicator text NOT NULL,
  day date NOT NULL,
  city text,
  dimension text NOT NULL,
  key text NOT NULL,
  n integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX kpi_daily_city_day_idx ON kpi_daily (city, day);
--> statement-breakpoint
CREATE TABLE kpi_dirty (source text NOT NULL, day date);
--> statement-breakpoint
INSERT INTO kpi_dirty (source, day) VALUES ('*', NULL);
--> statement-breakpoint
CREATE FUNCTION kpi_days_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO kpi_dirty (source, day) SELECT DISTINCT %L, %I FROM new_rows', TG_TABLE_NAME, TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_days_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO kpi_dirty (source, day) SELECT DISTINCT %L, %I FROM old_rows', TG_TABLE_NAME, TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_days_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO kpi_dirty (source, day) SELECT %L, d FROM (SELECT %I AS d FROM old_rows UNION SELECT %I FROM new_rows) x', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_all_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty (source, day) VALUES (TG_TABLE_NAME, NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A person's, project's or occupation's change moves counts only if it touches what the facts read.
CREATE FUNCTION kpi_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hit boolean;
BEGIN
  IF TG_TABLE_NAME = 'persons' THEN
    IF TG_OP = 'UPDATE' THEN
      SELECT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n USING (person_key) WHERE o.groups IS DISTINCT FROM n.groups OR o.city_code IS DISTINCT FROM n.city_code) INTO hit;
    ELSIF TG_OP = 'INSERT' THEN
      SELECT EXISTS (SELECT 1 FROM new_rows n WHERE EXISTS (SELECT 1 FROM decisions d WHERE d.person_key = n.person_key) OR EXISTS (SELECT 1 FROM certificates c WHERE c.person_key = n.person_key)) INTO hit;
    ELSE
      SELECT EXISTS (SELECT 1 FROM old_rows n WHERE EXISTS (SELECT 1 FROM decisions d WHERE d.person_key = n.person_key) OR EXISTS (SELECT 1 FROM certificates c WHERE c.person_key = n.person_key)) INTO hit;
    END IF;
  ELSIF TG_TABLE_NAME = 'projects' THEN
    IF TG_OP = 'UPDATE' THEN
      SELECT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n USING (project_code) WHERE o.key_task IS DISTINCT FROM n.key_task) INTO hit;
    ELSIF TG_OP = 'INSERT' THEN
      SELECT EXISTS (SELECT 1 FROM new_rows n WHERE EXISTS (SELECT 1 FROM decisions d WHERE d.project_code = n.project_code) OR EXISTS (SELECT 1 FROM certificates c WHERE c.project_code = n.project_code)) INTO hit;
    ELSE
      SELECT EXISTS (SELECT 1 FROM old_rows n WHERE EXISTS (SELECT 1 FROM decisions d WHERE d.project_code = n.project_code) OR EXISTS (SELECT 1 FROM certificates c WHERE c.project_code = n.project_code)) INTO hit;
    END IF;
  ELSIF TG_TABLE_NAME = 'occupations' AND TG_OP = 'UPDATE' THEN
    SELECT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n USING (code) WHERE o.sector IS DISTINCT FROM n.sector) INTO hit;
  ELSIF TG_TABLE_NAME = 'levels' AND TG_OP = 'UPDATE' THEN
    SELECT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n USING (code) WHERE o.high_skill IS DISTINCT FROM n.high_skill) INTO hit;
  ELSIF TG_OP = 'DELETE' THEN -- rows of occupations and levels added or removed (a statement that changed none fires too)
    SELECT EXISTS (SELECT 1 FROM old_rows) INTO hit;
  ELSE
    SELECT EXISTS (SELECT 1 FROM new_rows) INTO hit;
  END IF;
  IF hit THEN INSERT INTO kpi_dirty (source, day) VALUES (TG_TABLE_NAME, NULL); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Days: decisions by the day applied, certificates by the day issued (old and new rows).
DO $$
DECLARE
  t text;
  col text;
BEGIN
  FOR t, col IN VALUES ('decisions', 'applied_on'), ('certificates', 'issued_on') LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_days_new(%L)', t || '_kpi_days_ins', t, col);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_days_both(%L)', t || '_kpi_days_upd', t, col);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_days_old(%L)', t || '_kpi_days_del', t, col);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION kpi_all_dirty()', t || '_kpi_days_trunc', t);
  END LOOP;
  -- What every fact reads: a change that touches it marks everything.
  FOREACH t IN ARRAY ARRAY['persons', 'projects', 'occupations', 'levels'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_reference_changed()', t || '_kpi_ref_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_reference_changed()', t || '_kpi_ref_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_reference_changed()', t || '_kpi_ref_del', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION kpi_all_dirty()', t || '_kpi_ref_trunc', t);
  END LOOP;
END $$;
