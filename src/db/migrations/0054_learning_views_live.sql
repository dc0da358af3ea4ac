-- 0047's module views were written before 0048 added live classes' columns (learning_sessions.live_class_id,
-- learning_heartbeats.event): a SELECT * view keeps the columns it had when created, so recreate them.
CREATE OR REPLACE VIEW learning.learning_sessions AS SELECT * FROM public.learning_sessions;--> statement-breakpoint
CREATE OR REPLACE VIEW learning.learning_heartbeats AS SELECT * FROM public.learning_heartbeats;
