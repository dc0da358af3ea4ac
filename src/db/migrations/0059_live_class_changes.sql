-- 直播课改期与取消 (docs/online-learning.md § Rescheduling and cancelling): a class keeps the window it
-- was moved from (the learner page shows 已改期, 原定 …) and, once cancelled, when, by whom and why.
ALTER TABLE "learning_live_classes" ADD COLUMN "previous_starts_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "learning_live_classes" ADD COLUMN "previous_ends_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "learning_live_classes" ADD COLUMN "rescheduled_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "learning_live_classes" ADD COLUMN "cancelled_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "learning_live_classes" ADD COLUMN "cancelled_by" text;
--> statement-breakpoint
ALTER TABLE "learning_live_classes" ADD COLUMN "cancel_reason" text;
--> statement-breakpoint
ALTER TABLE "learning_live_classes" ADD CONSTRAINT "learning_live_classes_cancel_ck" CHECK (("cancelled_at" IS NULL) = ("cancel_reason" IS NULL));
