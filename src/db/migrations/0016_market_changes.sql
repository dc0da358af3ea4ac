-- The labour-market page reads these too; their changes move the same data version (see 0014).
CREATE TRIGGER enrolments_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER employment_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employment FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER job_orders_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON job_orders FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
CREATE TRIGGER demand_forecasts_kpi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON demand_forecasts FOR EACH STATEMENT EXECUTE FUNCTION kpi_changed();
--> statement-breakpoint
-- Readers ask for the latest change among the tables they read (one index probe per table).
CREATE INDEX kpi_changes_source_idx ON kpi_changes (source, id);
