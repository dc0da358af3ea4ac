-- A record's earlier appeals are read (and locked) each time it is appealed again (docs/appeals.md §
-- Filing again); the open-subject unique index covers only the open one.
CREATE INDEX "appeals_subject_idx" ON "appeals" USING btree ("subject_kind","subject_ref");
