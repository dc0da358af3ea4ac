-- 课程编辑 (docs/online-learning.md § Editing a course): a module is retired, never deleted, so the
-- learners' stored sessions and quiz attempts keep pointing at it; learners no longer see it.
ALTER TABLE "learning_modules" ADD COLUMN "retired_at" timestamp with time zone;
