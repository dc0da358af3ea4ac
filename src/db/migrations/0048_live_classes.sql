-- 直播课 (issue 20, docs/online-learning.md § Live classes): an institution schedules a live class of its
-- own project; a learner's join is a learner session (learning_sessions.live_class_id instead of a
-- module) and its join/leave/heartbeat events are heartbeats with an `event`.
CREATE TABLE "learning_live_classes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"project_code" text NOT NULL,
	"institution_code" text NOT NULL,
	"occupation_code" text NOT NULL,
	"level" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"stream_url" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "learning_live_classes_window_ck" CHECK ("ends_at" > "starts_at")
);
--> statement-breakpoint
CREATE INDEX "learning_live_classes_project_idx" ON "learning_live_classes" USING btree ("project_code","starts_at");
--> statement-breakpoint
CREATE INDEX "learning_live_classes_institution_idx" ON "learning_live_classes" USING btree ("institution_code","starts_at");
--> statement-breakpoint
ALTER TABLE "learning_sessions" ALTER COLUMN "module_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "learning_sessions" ADD COLUMN "live_class_id" uuid;
--> statement-breakpoint
ALTER TABLE "learning_sessions" ADD CONSTRAINT "learning_sessions_one_target_ck" CHECK (("module_id" IS NULL) <> ("live_class_id" IS NULL));
--> statement-breakpoint
CREATE INDEX "learning_sessions_live_idx" ON "learning_sessions" USING btree ("live_class_id") WHERE "live_class_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "learning_heartbeats" ADD COLUMN "event" text DEFAULT 'beat' NOT NULL;
