-- The learning module's read contract (module views, as 0025): the integrity module's online-learning
-- detectors (integrity/online-detectors.ts) read sessions, heartbeats, re-checks and quiz attempts here.
CREATE SCHEMA IF NOT EXISTS learning;--> statement-breakpoint
CREATE OR REPLACE VIEW learning.learning_sessions AS SELECT * FROM public.learning_sessions;--> statement-breakpoint
CREATE OR REPLACE VIEW learning.learning_heartbeats AS SELECT * FROM public.learning_heartbeats;--> statement-breakpoint
CREATE OR REPLACE VIEW learning.learning_checks AS SELECT * FROM public.learning_checks;--> statement-breakpoint
CREATE OR REPLACE VIEW learning.learning_quiz_attempts AS SELECT * FROM public.learning_quiz_attempts;
