-- 找培训: a 点单 may name the class (project) the worker asked to join (training.tables.ts § training_requests.class_code).
ALTER TABLE "training_requests" ADD COLUMN "class_code" text;--> statement-breakpoint
CREATE INDEX "training_requests_class_idx" ON "training_requests" USING btree ("class_code");--> statement-breakpoint
-- The published view (0025) shows every column of its table: re-created so it carries class_code.
CREATE OR REPLACE VIEW training.training_requests AS SELECT * FROM public.training_requests;
