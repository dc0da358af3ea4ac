-- Settlement reads a (person, project)'s attendance only from the months near the project's sessions
-- (training/attendance-read.ts). A record can count from further away only if it spans more than
-- 24 hours from check-in to check-out; this index holds exactly those (none in ordinary data), so
-- settlement finds them without probing every monthly partition. Same predicate as LONG_SPAN there.
CREATE INDEX IF NOT EXISTS attendance_long_span_idx ON attendance USING btree (person_key, project_code)
  WHERE (check_out_at - check_in_at) > interval '24 hours';
