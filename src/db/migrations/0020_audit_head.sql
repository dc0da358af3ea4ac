-- The chain's head (the last entry's hash), kept by the writer under its lock, so appending need not
-- search every monthly partition of audit_log for the last entry. A forged head only breaks the
-- chain at the next entry, which `jineng audit verify` reports.
CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  hash text NOT NULL
);
--> statement-breakpoint
INSERT INTO audit_head (id, hash) SELECT 1, hash FROM audit_log ORDER BY seq DESC LIMIT 1;
