-- A retag refreshes kpi_tag_daily by a delta (issues 21 and 22): tagging, untagging or retagging a
-- project no longer marks the days of its facts in kpi_dirty (each of those days was then recounted
-- for every tagged project's facts: 4–7.5 s at province scale, inside the tagging request). The tag
-- tables' triggers now queue what moved, one row per tag row inserted (sign +1) or deleted (-1):
-- (project, tag kind, key). Facts do not change with a tag, so the next refresh adds (or takes away)
-- the queued projects' own facts on each day the refresh does not recount anyway
-- (src/modules/reporting/kpi-rollup.ts) — a cost that follows the retagged project's facts, not all
-- tagged projects'. An UPDATE nets old rows against new ones in its trigger: one that keeps the
-- project and key (`SET tagged_by = tagged_by`) queues nothing. A pending row means a refresh is
-- pending, like a kpi_dirty mark (a standby reading the rollup checks both). TRUNCATE still marks
-- everything. Days that 0051's triggers marked before this migration are recounted by the next
-- refresh as any marked day.
CREATE TABLE kpi_tag_delta (
  project_code text NOT NULL,
  tag text NOT NULL,
  key text NOT NULL,
  sign integer NOT NULL
);
--> statement-breakpoint
-- TG_ARGV: the tag kind (`programme`, `carrier`) and the tag table's key column.
CREATE FUNCTION kpi_tag_delta_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('INSERT INTO kpi_tag_delta (project_code, tag, key, sign) SELECT project_code, %L, %I::text, 1 FROM new_rows', TG_ARGV[0], TG_ARGV[1]);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO kpi_tag_delta (project_code, tag, key, sign) SELECT project_code, %L, %I::text, -1 FROM old_rows', TG_ARGV[0], TG_ARGV[1]);
  ELSE
    EXECUTE format('INSERT INTO kpi_tag_delta (project_code, tag, key, sign)
      SELECT project_code, %L, key, sum(sign)::int FROM (
        SELECT project_code, %I::text AS key, -1 AS sign FROM old_rows
        UNION ALL SELECT project_code, %I::text, 1 FROM new_rows
      ) x GROUP BY project_code, key HAVING sum(sign) <> 0', TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  kind text;
  col text;
BEGIN
  FOR t, kind, col IN VALUES ('project_programmes', 'programme', 'programme_code'), ('project_carriers', 'carrier', 'carrier_id') LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_kpi_tag_ins', t);
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_kpi_tag_upd_new', t);
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_kpi_tag_upd_old', t);
    EXECUTE format('DROP TRIGGER %I ON %I', t || '_kpi_tag_del', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_delta_rows(%L, %L)', t || '_kpi_tag_ins', t, kind, col);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_delta_rows(%L, %L)', t || '_kpi_tag_upd', t, kind, col);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_tag_delta_rows(%L, %L)', t || '_kpi_tag_del', t, kind, col);
  END LOOP;
END $$;
--> statement-breakpoint
DROP FUNCTION kpi_tag_days_new();
--> statement-breakpoint
DROP FUNCTION kpi_tag_days_old();
