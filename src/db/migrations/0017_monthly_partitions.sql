-- Monthly partitions (China-time months) for the two tables that grow with every event:
-- attendance by check-in time, the audit log by time written. A DEFAULT partition keeps any row
-- outside the prepared months (nothing is refused or lost); ensure_month_partitions() prepares
-- months ahead (at start-up and by the monthly job). Existing rows are copied over once.
CREATE OR REPLACE FUNCTION ensure_month_partitions(parent text, first_month date, months int) RETURNS int AS $$
DECLARE
  col text := CASE parent WHEN 'attendance' THEN 'check_in_at' WHEN 'audit_log' THEN 'at' END;
  m date;
  part text;
  lo timestamptz;
  hi timestamptz;
  stray boolean;
  made int := 0;
BEGIN
  IF col IS NULL THEN RAISE EXCEPTION 'no monthly partitions for %', parent; END IF;
  FOR i IN 0 .. months - 1 LOOP
    m := (date_trunc('month', first_month) + make_interval(months => i))::date;
    part := format('%s_y%sm%s', parent, to_char(m, 'YYYY'), to_char(m, 'MM'));
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    lo := m::timestamp AT TIME ZONE 'Asia/Shanghai';
    hi := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
    -- Rows of this month already in the default partition would block it: the month stays there
    -- (still stored, only not pruned) and the notice says so.
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= $1 AND %I < $2)', parent || '_default', col, col) INTO stray USING lo, hi;
    IF stray THEN
      RAISE NOTICE '% has rows of % in its default partition; month partition not created', parent, to_char(m, 'YYYY-MM');
      CONTINUE;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
    IF parent = 'audit_log' THEN
      -- TRUNCATE of one partition does not fire the parent's statement trigger: each gets its own.
      EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change()', part);
    END IF;
    made := made + 1;
  END LOOP;
  RETURN made;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
ALTER SEQUENCE attendance_id_seq OWNED BY NONE;
--> statement-breakpoint
ALTER TABLE attendance RENAME TO attendance_before_0017;
--> statement-breakpoint
ALTER TABLE attendance_before_0017 RENAME CONSTRAINT attendance_pkey TO attendance_before_0017_pkey;
--> statement-breakpoint
ALTER TABLE attendance_before_0017 RENAME CONSTRAINT attendance_event_uq TO attendance_before_0017_event_uq;
--> statement-breakpoint
ALTER INDEX attendance_person_idx RENAME TO attendance_before_0017_person_idx;
--> statement-breakpoint
CREATE TABLE attendance (
  id bigint DEFAULT nextval('attendance_id_seq'::regclass) NOT NULL,
  project_code text NOT NULL,
  session_no integer NOT NULL,
  person_key text NOT NULL,
  check_in_at timestamp with time zone NOT NULL,
  check_out_at timestamp with time zone NOT NULL,
  method text NOT NULL,
  face_score double precision,
  lat double precision,
  lon double precision,
  device_id text,
  CONSTRAINT attendance_pkey PRIMARY KEY (id, check_in_at),
  CONSTRAINT attendance_event_uq UNIQUE NULLS NOT DISTINCT (project_code, person_key, session_no, check_in_at, check_out_at, method, face_score, lat, lon, device_id)
) PARTITION BY RANGE (check_in_at);
--> statement-breakpoint
ALTER SEQUENCE attendance_id_seq OWNED BY attendance.id;
--> statement-breakpoint
CREATE INDEX attendance_person_idx ON attendance USING btree (person_key, check_in_at);
--> statement-breakpoint
CREATE TABLE attendance_default PARTITION OF attendance DEFAULT;
--> statement-breakpoint
SELECT ensure_month_partitions('attendance', '2025-01-01', 36);
--> statement-breakpoint
INSERT INTO attendance (id, project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id)
  SELECT id, project_code, session_no, person_key, check_in_at, check_out_at, method, face_score, lat, lon, device_id FROM attendance_before_0017;
--> statement-breakpoint
DROP TABLE attendance_before_0017;
--> statement-breakpoint
ALTER SEQUENCE audit_log_seq_seq OWNED BY NONE;
--> statement-breakpoint
ALTER TABLE audit_log RENAME TO audit_log_before_0017;
--> statement-breakpoint
ALTER TABLE audit_log_before_0017 RENAME CONSTRAINT audit_log_pkey TO audit_log_before_0017_pkey;
--> statement-breakpoint
ALTER INDEX audit_log_entity_idx RENAME TO audit_log_before_0017_entity_idx;
--> statement-breakpoint
CREATE TABLE audit_log (
  seq bigint DEFAULT nextval('audit_log_seq_seq'::regclass) NOT NULL,
  at timestamp with time zone NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT audit_log_pkey PRIMARY KEY (seq, at)
) PARTITION BY RANGE (at);
--> statement-breakpoint
ALTER SEQUENCE audit_log_seq_seq OWNED BY audit_log.seq;
--> statement-breakpoint
CREATE INDEX audit_log_entity_idx ON audit_log USING btree (entity, entity_id);
--> statement-breakpoint
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
--> statement-breakpoint
SELECT ensure_month_partitions('audit_log', '2025-01-01', 36);
--> statement-breakpoint
INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
  SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log_before_0017;
--> statement-breakpoint
DROP TABLE audit_log_before_0017;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
