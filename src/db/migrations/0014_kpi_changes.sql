-- Every statement that changes what the KPI reads appends one row here, in its own transaction.
-- A reader takes max(id) as the data version: a cached result is reused only while the version
-- it was computed at is still the latest (src/modules/reporting/kpi-cache.ts).
CREATE TABLE kpi_changes (
  id bigserial PRIMARY KEY,
  source text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE FUNCTION kpi_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_changes (source) VALUES (TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER decisions_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON decisions FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER certificates_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON certificates FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER persons_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON persons FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER projects_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER occupations_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON occupations FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER levels_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON levels FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER targets_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON targets FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
