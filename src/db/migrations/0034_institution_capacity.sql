-- 在训容量: how many trainees an institution can teach at one time (registry.tables.ts § institutions);
-- dispatch ranks candidates by what is left of it (docs/training-lifecycle.md § Ranking candidates).
ALTER TABLE "institutions" ADD COLUMN "capacity" integer;--> statement-breakpoint
-- The module view expands * when made: re-create it so other modules read the new column.
CREATE OR REPLACE VIEW registry.institutions AS SELECT * FROM public.institutions;
